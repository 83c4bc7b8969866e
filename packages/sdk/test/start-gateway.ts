import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  createServer,
  type SwitchyardServer,
} from '@switchyard/server';

/**
 * Starts a real gateway in this process on a free port with the given YAML
 * config (written to a temp folder); `close` stops it and removes the folder.
 */
export async function startGateway(yaml: string): Promise<{
  server: SwitchyardServer;
  /** The config file the server read (SWITCHYARD_CONFIG for the keys command). */
  configFile: string;
  close(): Promise<void>;
}> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-sdk-'));
  const file = join(directory, 'switchyard.yaml');
  await writeFile(file, yaml);
  const server = await createServer({
    port: 0,
    environment: { SWITCHYARD_CONFIG: file },
    logger: createLogger({ level: 'silent' }),
  });
  return {
    server,
    configFile: file,
    async close() {
      await server.close({ graceMs: 1_000 });
      await rm(directory, { recursive: true, force: true });
    },
  };
}
