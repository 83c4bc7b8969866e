import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config/config-error';
import {
  clientError,
  configFromYaml,
  startTestServer,
  type TestServer,
} from './__tests__/test-server';

/** The issues of the config error a server start fails with. */
async function startIssues(yaml: string) {
  const error: unknown = await startTestServer({
    config: configFromYaml(yaml),
  }).then(
    async (harness) => {
      await harness.close();
      return new Error('expected the server not to start');
    },
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConfigError)) throw error;
  return error.issues;
}

describe(
  'a target whose model serves another type',
  { timeout: 30_000 },
  () => {
    it('should be a config error saying what the model serves and which models serve the route’s type', async () => {
      expect(
        await startIssues(`
providers: { local: {} }
routes: { image: { targets: ['local:echo'] } }
`),
      ).toEqual([
        {
          path: 'routes.image.targets[0]',
          message:
            '"local:echo" serves text, not image: the image models of "local" are procedural.',
        },
      ]);
    });

    it('should still say when an instance has no such model at all', async () => {
      const [issue] = await startIssues(`
providers: { local: {} }
routes: { image: { targets: ['local:ghost'] } }
`);
      expect(issue?.message).toMatch(
        /^"local:ghost" is not an image model: The local provider has no model "ghost"; it has procedural/,
      );
    });

    describe('forced on a call', () => {
      let harness: TestServer;
      beforeAll(async () => {
        harness = await startTestServer();
      });
      afterAll(() => harness.close());

      it('should answer unsupported, saying what the model serves', async () => {
        const error = await clientError(
          harness.client.generate.mutate({
            type: 'image',
            prompt: 'a fox',
            provider: 'local',
            model: 'echo',
          }),
        );
        expect(error.data?.code).toBe('unsupported');
        expect(error.message).toContain(
          '"local:echo" serves text, not image: the image models of "local" are procedural.',
        );
      });
    });
  },
);
