// A fake OpenAI-style upstream for the benchmark: answers every POST with a
// recorded chat-completions body. Runs in its own process so its CPU is apart.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';

const fixture = resolve(
  import.meta.dirname,
  '../packages/testing/fixtures/openai/chat-completions.success.body.json',
);
const body = existsSync(fixture)
  ? readFileSync(fixture)
  : Buffer.from(
      JSON.stringify({
        id: 'chatcmpl-bench',
        object: 'chat.completion',
        model: 'gpt-4.1-nano',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello from the bench.' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 },
      }),
    );

/** Half a second of 8 kHz 16-bit mono silence as a WAV: what /audio/speech answers. */
function silentWav() {
  const dataBytes = 8_000;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(8_000, 24);
  wav.writeUInt32LE(16_000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  return wav;
}
const speech = silentWav();

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const isSpeech = request.url?.endsWith('/audio/speech') === true;
    const answer = isSpeech ? speech : body;
    response.writeHead(200, {
      'content-type': isSpeech ? 'audio/wav' : 'application/json',
      'content-length': answer.length,
    });
    response.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});
process.on('disconnect', () => process.exit(0));
