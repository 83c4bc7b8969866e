import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from './built-server';
import {
  extractSamples,
  importedModules,
} from './readme-samples/extract-samples';
import {
  installConsumer,
  run,
  startBuiltServer,
  typeCheck,
  type BuiltServer,
} from './packed-sdk';

// Issue 17's "done means": the official `openai` and `@anthropic-ai/sdk`
// packages (pinned in test/consumer-compat/package.json), installed with npm
// in a project outside the workspace and compiled there, call a built
// gateway's /v1 routes on 127.0.0.1. Its providers are the offline `local`
// ones; `flaky` and `limited` are local instances with injected faults.

const PNG_SIGNATURE = '89504e470d0a1a0a';
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** The README's TypeScript samples that import the official SDKs (the readme-samples test skips them). */
async function readmeSamples(): Promise<string[]> {
  return extractSamples('README.md', await readFile(README, 'utf8'))
    .filter((sample) =>
      importedModules(sample.code).some(
        (name) => name === 'openai' || name === '@anthropic-ai/sdk',
      ),
    )
    .map((sample) => sample.code);
}
const CREDITS = 10_000_000;

const CONFIG = `
auth: { required: true }
store: { url: "sqlite:./switchyard.db" }
providers:
  local: {}
  flaky: { use: local, faults: { rate: 1, code: server_error } }
  limited: { use: local, faults: { rate: 1, code: rate_limited, retryAfterMs: 3000 } }
compat:
  models: { gpt-4o-mini: "route:fallback" }
routes:
  text: { targets: ["local:echo"] }
  image: { targets: ["local:procedural"] }
  speech: { targets: ["local:speech"] }
  fallback:
    type: text
    targets: ["flaky:echo", "local:echo"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1000 }
  limited:
    type: text
    targets: ["limited:echo"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1000 }
`;

describe(
  'the official OpenAI and Anthropic SDKs against the gateway',
  { timeout: 60_000 },
  () => {
    let directory: string;
    let server: BuiltServer | undefined;
    let gateway: { url: string; apiKey: string };

    /** Runs `name(gateway)` of the consumer's compiled `dist/<module>.js` in its own node process. */
    const consumer = async <T>(module: string, name: string): Promise<T> => {
      const script = `const [module, name, gateway] = process.argv.slice(1);
      const consumer = await import('./dist/' + module + '.js');
      const answer = await consumer[name](JSON.parse(gateway));
      process.stdout.write(JSON.stringify(answer ?? null));`;
      const { stdout } = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          script,
          module,
          name,
          JSON.stringify(gateway),
        ],
        { cwd: directory },
      );
      return JSON.parse(stdout) as T;
    };
    const openai = <T>(name: string) => consumer<T>('openai-consumer', name);
    const anthropic = <T>(name: string) =>
      consumer<T>('anthropic-consumer', name);

    beforeAll(async () => {
      directory = await installConsumer('consumer-compat');
      // The README's samples for these SDKs are compiled with the consumer.
      const samples = await readmeSamples();
      expect(samples.length).toBeGreaterThan(0);
      for (const [index, code] of samples.entries()) {
        await writeFile(
          join(directory, 'src', `readme-sample-${index}.ts`),
          code,
        );
      }
      // Compiles the consumer to dist/ against the SDKs' own types.
      expect(await typeCheck(directory)).toBe('');
      const cwd = join(directory, 'gateway');
      await mkdir(cwd);
      const configFile = join(cwd, 'switchyard.yaml');
      await writeFile(configFile, CONFIG);
      const environment = { SWITCHYARD_CONFIG: configFile };
      const apiKey = await createApiKey({
        cwd,
        environment,
        name: 'compat',
        credits: CREDITS,
      });
      server = await startBuiltServer(cwd, { environment });
      gateway = { url: server.url, apiKey };
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
      await rm(directory, { recursive: true, force: true });
    });

    describe('openai', () => {
      it('should create a chat completion', async () => {
        expect(await openai('chat')).toEqual({
          object: 'chat.completion',
          model: 'echo',
          text: 'echo: Say hello.',
          finishReason: 'stop',
          usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 },
        });
      });

      it('should stream a chat completion', async () => {
        const { deltas, finishReason, usage } = await openai<{
          deltas: string[];
          finishReason: string;
          usage: { completion_tokens: number };
        }>('chatStream');
        expect(deltas.length).toBeGreaterThan(1);
        expect(deltas.join('')).toBe('echo: Count the words in this sentence.');
        expect(finishReason).toBe('stop');
        expect(usage.completion_tokens).toBe(7);
      });

      it('should show a fallback in the response headers (withResponse)', async () => {
        expect(await openai('chatWithFallback')).toEqual({
          text: 'echo: Who answers?',
          provider: 'local',
          fallback: 'true',
          attempts: '2',
          cost: '0',
        });
      });

      it('should generate an image whose b64_json decodes to a PNG', async () => {
        expect(await openai('image')).toEqual({
          count: 1,
          signature: PNG_SIGNATURE,
        });
      });

      it('should edit an uploaded image', async () => {
        expect(await openai('imageEdit')).toEqual({ signature: PNG_SIGNATURE });
      });

      it('should synthesize speech as WAV bytes', async () => {
        expect(await openai('speech')).toEqual({
          contentType: 'audio/wav',
          header: 'RIFFWAVE',
        });
      });

      it('should list the models', async () => {
        const ids = await openai<string[]>('models');
        expect(ids).toEqual(
          expect.arrayContaining([
            'route:text',
            'route:image',
            'local:echo',
            'gpt-4o-mini',
          ]),
        );
      });

      it('should throw the SDK’s typed errors with their status', async () => {
        expect(await openai('errors')).toEqual({
          missing: {
            notFound: true,
            rateLimit: false,
            apiError: true,
            status: 404,
            code: 'model_not_found',
            type: 'invalid_request_error',
            retryAfter: null,
          },
          limited: {
            notFound: false,
            rateLimit: true,
            apiError: true,
            status: 429,
            code: 'rate_limited',
            type: 'rate_limit_error',
            retryAfter: '3',
          },
        });
      });
    });

    describe('@anthropic-ai/sdk', () => {
      it('should create a message', async () => {
        expect(await anthropic('message')).toEqual({
          type: 'message',
          role: 'assistant',
          model: 'echo',
          text: 'echo: Say hello.',
          stopReason: 'end_turn',
          usage: { input_tokens: 4, output_tokens: 3 },
        });
      });

      it('should stream a message', async () => {
        const streamed = await anthropic<{
          deltas: string[];
          text: string;
          stopReason: string;
          outputTokens: number;
        }>('messageStream');
        expect(streamed.deltas.length).toBeGreaterThan(1);
        expect(streamed).toMatchObject({
          text: 'echo: Count the words in this sentence.',
          stopReason: 'end_turn',
          outputTokens: 7,
        });
        expect(streamed.deltas.join('')).toBe(streamed.text);
      });

      it('should list the text models', async () => {
        const ids = await anthropic<string[]>('models');
        expect(ids).toEqual(
          expect.arrayContaining(['route:text', 'local:echo']),
        );
        expect(ids).not.toContain('route:image');
      });

      it('should throw AuthenticationError for an unknown key', async () => {
        expect(await anthropic('badKey')).toEqual({
          authentication: true,
          status: 401,
          type: 'authentication_error',
        });
      });
    });
  },
);
