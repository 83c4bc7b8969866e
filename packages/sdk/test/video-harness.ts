import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  createApiKey,
  startBuiltServer,
  type BuiltServer,
} from './built-server';
import { mp4Bytes } from './video-samples';
import {
  createVideoUpstream,
  MODELS,
  PREFIX,
  type VideoUpstream,
} from './video-upstream';

/** The credits each key starts with. */
export const CREDITS = 5_000_000;

/** The prices the config sets, in micro-credits per unit. */
export const PRICES = {
  /** A second of fal's Kling 2.1 standard text-to-video. */
  klingText: 1_111,
  /** A second of fal's Kling 2.1 standard image-to-video. */
  klingImage: 777,
  /** A second of Replicate's Mochi 1. */
  mochi: 999,
  /** fal's FLUX LoRA trainer: per run and per step. */
  trainingRun: 500,
  trainingStep: 3,
} as const;

/** fal's list price of one `fal-ai/flux-lora` image: a trained LoRA is priced as the model that serves it. */
export const LORA_IMAGE_LIST_PRICE = 35_000;

/** A `jobs.events` event as the consumer reports it. */
export interface ProgressEvent {
  type: string;
  status: string;
  target?: string;
  attempt?: number;
  queuePosition?: number;
  progress?: number;
  logs?: string[];
}

/** A consumer call that reports events while it runs. */
export interface FollowedCall<T> {
  events: ProgressEvent[];
  /** Resolves with the first event, past or future, that matches; rejects if the call ends first. */
  waitFor(matches: (event: ProgressEvent) => boolean): Promise<ProgressEvent>;
  answer: Promise<T>;
}

/** The outside consumer's process, running calls of its compiled `dist/video.js`. */
export interface VideoConsumer {
  /** Runs `name(...args)`; resolves with its JSON answer. */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  /** Runs `name(...args, onEvent)`, with the events it reports as they come. */
  follow<T>(name: string, ...args: unknown[]): FollowedCall<T>;
  /** Ends the process, and any call still running in it. */
  close(): Promise<void>;
}

// One line in: { id, name, args }; lines out: { id, event } while it runs,
// then { id, answer } or { id, error }.
const SCRIPT = `import { createInterface } from 'node:readline';
  const consumer = await import('./dist/video.js');
  const emit = (line) => process.stdout.write(JSON.stringify(line) + '\\n');
  createInterface({ input: process.stdin }).on('line', async (text) => {
    const { id, name, args } = JSON.parse(text);
    try {
      const answer = await consumer[name](...args, (event) => emit({ id, event }));
      emit({ id, answer });
    } catch (error) {
      emit({ id, error: String(error?.stack ?? error) });
    }
  });`;

interface Pending {
  events: ProgressEvent[];
  notify(): void;
  resolve(answer: unknown): void;
  reject(error: Error): void;
}

/**
 * Starts the consumer in `directory` (an outside project on the packed SDK)
 * as one `node` process that runs each call it is sent: one process for
 * every call of a test file, rather than one per call (each would load the
 * SDK again on a busy 2-core machine).
 */
export function startVideoConsumer(directory: string): VideoConsumer {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: directory,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pending = new Map<number, Pending>();
  let next = 0;
  const exited = once(child, 'exit').then(() => {
    for (const call of pending.values()) {
      call.reject(new Error('the consumer exited'));
    }
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as {
      id: number;
      event?: ProgressEvent;
      answer?: unknown;
      error?: string;
    };
    const call = pending.get(line.id);
    if (call === undefined) return;
    if (line.event !== undefined) call.events.push(line.event);
    if (line.error !== undefined) call.reject(new Error(line.error));
    else if ('answer' in line) call.resolve(line.answer);
    call.notify();
  });
  const follow = <T>(name: string, args: unknown[]): FollowedCall<T> => {
    const id = next++;
    const events: ProgressEvent[] = [];
    const waiters = new Set<() => void>();
    let settle!: Pick<Pending, 'resolve' | 'reject'>;
    const answer = new Promise<T>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const ended = answer.then(
      () => undefined,
      () => undefined,
    );
    const finish = () => pending.delete(id);
    void ended.then(finish);
    pending.set(id, {
      events,
      ...settle,
      notify: () => {
        for (const waiter of [...waiters]) waiter();
      },
    });
    child.stdin.write(`${JSON.stringify({ id, name, args })}\n`);
    const waitFor = (matches: (event: ProgressEvent) => boolean) =>
      new Promise<ProgressEvent>((resolve, reject) => {
        const check = () => {
          const seen = events.find(matches);
          if (seen === undefined) return;
          waiters.delete(check);
          resolve(seen);
        };
        waiters.add(check);
        check();
        void ended.then(() => {
          check();
          if (waiters.delete(check)) reject(new Error(`${name} ended without the event`)); // prettier-ignore
        });
      });
    return { events, waitFor, answer };
  };
  return {
    call: <T>(name: string, ...args: unknown[]) => follow<T>(name, args).answer,
    follow: <T>(name: string, ...args: unknown[]) => follow<T>(name, args),
    async close() {
      // A call left running (a test that failed mid-way) keeps it alive.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

/** A gateway config (YAML) on the fakes at `url`, its store `./switchyard.db`. */
export function videoConfig(url: string): string {
  return `
store: { url: "sqlite:./switchyard.db" }
# Every call holds its own credits: a test kills this gateway with kill -9
# and checks that nothing stays reserved once the job resumes elsewhere; a
# killed process's leased slice would stay reserved until it expires (that
# case is apps/server/src/replicas.test.ts's).
credits: { lease: false }
providers:
  fal:
    apiKey: fal-test-key
    baseURL: "${url}/fal-run"
    queueURL: "${url}${PREFIX.falQueue}"
    storageURL: "${url}${PREFIX.falStorage}"
    pollIntervalMs: 20
    prices:
      "${MODELS.klingText}": { perSecond: ${PRICES.klingText} }
      "${MODELS.klingImage}": { perSecond: ${PRICES.klingImage} }
      "${MODELS.trainer}": { perRequest: ${PRICES.trainingRun}, perStep: ${PRICES.trainingStep} }
  fal-eu:
    use: fal
    apiKey: fal-eu-test-key
    baseURL: "${url}/fal-eu-run"
    queueURL: "${url}${PREFIX.falEuQueue}"
    storageURL: "${url}/fal-eu-storage"
    pollIntervalMs: 20
  replicate:
    apiKey: r8-test-token
    baseURL: "${url}${PREFIX.replicate}"
    pollIntervalMs: 20
    prices: { "${MODELS.mochi}": { perSecond: ${PRICES.mochi} } }
routes:
  video:
    targets: ["fal:${MODELS.klingText}", "replicate:${MODELS.mochi}"]
  animate:
    type: video
    targets: ["fal:${MODELS.klingImage}"]
  training:
    targets: ["fal:${MODELS.trainer}"]
  image:
    targets: ["fal-eu:${MODELS.schnell}", "fal:${MODELS.schnell}"]
`;
}

/** A started gateway, its fakes and keys. */
export interface VideoGateway {
  cwd: string;
  fakes: VideoUpstream;
  environment: Record<string, string>;
  server: BuiltServer;
  /** The key with {@link CREDITS} the tests call with. */
  owner: { url: string; apiKey: string };
  /** A second key, which must see none of the first's models and outputs. */
  stranger: { url: string; apiKey: string };
}

/**
 * A gateway in its own folder under `directory`: its fakes, its config,
 * the environment to start it with (short job leases and sweeps, so a
 * restart resumes at once), and two keys with {@link CREDITS}; started.
 */
export async function startVideoGateway(options: {
  directory: string;
  folder: string;
}): Promise<VideoGateway> {
  const cwd = join(options.directory, options.folder);
  await mkdir(cwd, { recursive: true });
  const fakes = await createVideoUpstream({
    videos: {
      mp4: await mp4Bytes({ durationMs: 5_000, width: 1280, height: 720 }),
      mochiMp4: await mp4Bytes({ durationMs: 5_000, width: 848, height: 480 }),
    },
  });
  const configFile = join(cwd, 'switchyard.yaml');
  await writeFile(configFile, videoConfig(fakes.upstream.url));
  const environment = {
    SWITCHYARD_CONFIG: configFile,
    SWITCHYARD_JOB_LEASE_MS: '1000',
    SWITCHYARD_SWEEP_INTERVAL_MS: '100',
  };
  const key = (name: string) =>
    createApiKey({ cwd, environment, name, credits: CREDITS });
  // One at a time: two processes migrating a new SQLite file at once race
  // (Kysely's SQLite migration lock is per process).
  const owner = await key('owner');
  const stranger = await key('stranger');
  const server = await startBuiltServer(cwd, { environment });
  return {
    cwd,
    fakes,
    environment,
    server,
    owner: { url: server.url, apiKey: owner },
    stranger: { url: server.url, apiKey: stranger },
  };
}

/**
 * A gateway with no config at all (the embedded default: the offline
 * `local` providers) in its own folder, and a key with {@link CREDITS}.
 */
export async function startOfflineGateway(
  directory: string,
): Promise<{ server: BuiltServer; owner: { url: string; apiKey: string } }> {
  const cwd = join(directory, 'offline');
  await mkdir(cwd, { recursive: true });
  const apiKey = await createApiKey({
    cwd,
    environment: {},
    name: 'offline',
    credits: CREDITS,
  });
  const server = await startBuiltServer(cwd);
  return { server, owner: { url: server.url, apiKey } };
}

/**
 * Kills the server process with SIGKILL (no shutdown of any kind), by the
 * pid its own log lines carry; resolves once it has exited.
 */
export async function killHard(server: BuiltServer): Promise<void> {
  const pid = server.logs.find((line) => typeof line.pid === 'number')?.pid;
  if (typeof pid !== 'number') throw new Error('the server logged no pid');
  const exited = server.waitForLog(() => false).catch(() => undefined);
  process.kill(pid, 'SIGKILL');
  await exited;
}
