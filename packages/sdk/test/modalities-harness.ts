import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiKey } from './built-server';
import {
  createModalitiesUpstream,
  modalitiesConfig,
} from './modalities-upstream';
import { run } from './packed-sdk';

/** The credits each setup's key starts with. */
export const CREDITS = 5_000_000;

/** An attempt as the consumer reports it. */
export interface Attempt {
  provider: string;
  model: string;
  outcome: string;
  code?: string;
  reason?: string;
}
/** Audio as a result carries it. */
export interface Audio {
  base64?: string;
  format: string;
  mimeType: string;
  durationMs: number;
  sampleRate?: number;
}
/** The routing report of a result. */
export interface Report {
  provider: string;
  model: string;
  fallbackUsed: boolean;
  cost: { microCredits: number };
  attempts: Attempt[];
}
export type AudioResult = Report & {
  type: string;
  audio: Audio;
  characters?: number;
};
export type ImageEditResult = Report & {
  images: Array<{ base64?: string; mimeType: string }>;
};
/** `credits` of the consumer: usage.balance and usage.history. */
export interface Credits {
  balance: number;
  reserved: number;
  history: Array<{
    status: string;
    provider?: string;
    costMicroCredits: number;
  }>;
}
/** A job as `jobs.get` shows it. */
export interface Job {
  id: string;
  status: string;
  target?: string;
  result?: AudioResult;
}

/**
 * Calls the consumer's compiled `dist/modalities.js` in `directory`: each
 * call runs `name(...args)` in its own `node` process and resolves with
 * the JSON it prints.
 */
export function consumerIn(directory: string) {
  return async function consumer<T>(
    name: string,
    ...args: unknown[]
  ): Promise<T> {
    const script = `const [name, args] = process.argv.slice(1);
      const consumer = await import('./dist/modalities.js');
      const answer = await consumer[name](...JSON.parse(args));
      process.stdout.write(JSON.stringify(answer));`;
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, name, JSON.stringify(args)],
      { cwd: directory },
    );
    return JSON.parse(stdout) as T;
  };
}

/**
 * A gateway's folder under `directory`: its fake upstreams, its config
 * (store `./switchyard.db` there), the environment to start it with (short
 * job leases and sweeps, so a restart resumes at once) and a key with
 * {@link CREDITS}.
 */
export async function prepareGateway(options: {
  directory: string;
  folder: string;
  falDone: boolean;
}) {
  const cwd = join(options.directory, options.folder);
  await mkdir(cwd, { recursive: true });
  const fakes = await createModalitiesUpstream({ falDone: options.falDone });
  const configFile = join(cwd, 'switchyard.yaml');
  await writeFile(configFile, modalitiesConfig(fakes.upstream.url));
  const environment = {
    SWITCHYARD_CONFIG: configFile,
    SWITCHYARD_JOB_LEASE_MS: '1000',
    SWITCHYARD_SWEEP_INTERVAL_MS: '100',
  };
  const apiKey = await createApiKey({
    cwd,
    environment,
    name: options.folder,
    credits: CREDITS,
  });
  return { cwd, fakes, environment, apiKey };
}

/** The samples of a mono 16-bit PCM WAV with a 44-byte header: its loudest sample, 0 to 1. */
export function wavPeak(bytes: Buffer): number {
  let peak = 0;
  for (let offset = 44; offset + 1 < bytes.length; offset += 2) {
    peak = Math.max(peak, Math.abs(bytes.readInt16LE(offset)));
  }
  return peak / 32_768;
}
