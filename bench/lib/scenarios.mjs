// The scenarios `pnpm bench` measures: which process serves them (`target`,
// a key of the running processes) and the request the load loops send.
import { peerFallbackHeaders, peerPassThroughHeaders } from './peer.mjs';

/** Content chunks of the long streaming scenario (the short one has 1). */
export const STREAM_CHUNKS = 100;

const prompt = 'Say hello.';
const chatBody = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: prompt }],
};
const isCompletion = (text) => text.includes('"chat.completion"');
/** An OpenAI-style chat call: the yardsticks', the bare floor's, the peer's. */
export const chat = {
  path: '/v1/chat/completions',
  body: chatBody,
  verify: isCompletion,
};
const isTrpcResult = (text) => text.includes('"result"');

/** A streamed answer with `chunks` content events, ended by [DONE]. */
function isStreamOf(chunks) {
  return (text) =>
    text.endsWith('data: [DONE]\n\n') &&
    text.split('"content":" tok"').length - 1 >= chunks;
}

function streamRequest(chunks) {
  return {
    path: '/v1/chat/completions',
    body: {
      model: 'route:text',
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      // The fake upstream streams as many content chunks as max tokens.
      max_tokens: chunks,
    },
    verify: isStreamOf(chunks),
  };
}

/** A tRPC text `generate` call. */
export const generate = {
  path: '/trpc/generate',
  body: { type: 'text', prompt },
  verify: isTrpcResult,
};

/** The yardsticks measured alone: a direct call and the peer. */
function yardsticks(upstreamUrl) {
  return [
    {
      key: 'direct',
      name: 'direct → fake upstream',
      target: 'upstream',
      request: chat,
    },
    {
      key: 'peer',
      name: 'Portkey pass-through',
      target: 'peer',
      request: { ...chat, headers: peerPassThroughHeaders(upstreamUrl) },
    },
  ];
}

/**
 * The noisy set (`interleaved`), measured interleaved in short slices (see
 * `measureInterleaved`): the scenarios whose CPU the goals compare, the bare
 * floor, the twins, main.js recorded, /v1 chat and keyed calls. A slow spell
 * of the machine then weighs on each of them alike.
 */
const noisySet = (apiKey) => [
  {
    key: 'bare',
    name: 'bare Hono + undici forward',
    target: 'bare',
    request: chat,
    interleaved: true,
  },
  ...trio,
  {
    key: 'keyed',
    name: 'Switchyard generate, keyed',
    target: 'gateway',
    request: { ...generate, headers: { authorization: `Bearer ${apiKey}` } },
    interleaved: true,
  },
];

const trio = [
  {
    key: 'unrecorded',
    name: 'Switchyard generate, not recorded',
    target: 'unrecorded',
    request: generate,
    interleaved: true,
  },
  {
    key: 'recordedTwin',
    name: 'Switchyard generate, twin recorded',
    target: 'recorded',
    request: generate,
    interleaved: true,
  },
  {
    key: 'generate',
    name: 'Switchyard generate (recorded)',
    target: 'gateway',
    request: generate,
    interleaved: true,
  },
  {
    key: 'compat',
    name: 'Switchyard /v1/chat/completions',
    target: 'gateway',
    request: { ...chat, body: { ...chatBody, model: 'route:text' } },
    interleaved: true,
  },
];

/** Both fallbacks and the two streams. */
function theRest({ upstreamUrl }) {
  return [
    {
      key: 'fallback',
      name: 'Switchyard fallback, open breaker',
      target: 'gateway',
      request: { ...generate, body: { ...generate.body, route: 'fallback' } },
    },
    {
      key: 'peerFallback',
      name: 'Portkey fallback',
      target: 'peer',
      request: { ...chat, headers: peerFallbackHeaders(upstreamUrl) },
    },
    {
      key: 'stream',
      name: `Switchyard stream, ${STREAM_CHUNKS} chunks`,
      target: 'gateway',
      request: streamRequest(STREAM_CHUNKS),
    },
    {
      key: 'stream1',
      name: 'Switchyard stream, 1 chunk',
      target: 'gateway',
      request: streamRequest(1),
    },
  ];
}

/** Every scenario, in the order they run at each concurrency. */
export function scenarios({ upstreamUrl, apiKey }) {
  return [
    ...yardsticks(upstreamUrl),
    ...noisySet(apiKey),
    ...theRest({ upstreamUrl }),
  ];
}
