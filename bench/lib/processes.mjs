// Child processes of the bench: spawning (pinned to the gateway's CPU when
// pinning is on), waiting until ready, stopping, and reading a process's CPU
// time and peak RSS from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

const clockTicksPerSecond =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
/** The last bytes of each child's stderr, shown when something fails. */
const STDERR_TAIL = 4_000;

/** The CPUs this process may run on (from /proc), e.g. [0, 1]. */
function allowedCpus() {
  const list = /Cpus_allowed_list:\s*(\S+)/.exec(
    readFileSync('/proc/self/status', 'utf8'),
  )?.[1];
  if (list === undefined) return [];
  return list.split(',').flatMap((range) => {
    const [first, last = first] = range.split('-').map(Number);
    return Array.from(
      { length: last - first + 1 },
      (_, index) => first + index,
    );
  });
}

/**
 * Decides pinning: on when BENCH_PIN is not 0, `taskset` exists and at least
 * two CPUs are allowed. When on, pins this process (the load generator, all
 * its threads) to the second CPU; children go on the first via {@link startProcess}.
 */
export function setUpPinning() {
  const cpus = allowedCpus();
  const why =
    process.env.BENCH_PIN === '0'
      ? 'BENCH_PIN=0'
      : spawnSync('taskset', ['-V']).error !== undefined
        ? 'no taskset'
        : cpus.length < 2 || availableParallelism() < 2
          ? 'fewer than 2 CPUs'
          : undefined;
  if (why !== undefined) return { on: false, why };
  const [serverCpu, loadCpu] = cpus;
  const pinned = spawnSync('taskset', [
    '-acp',
    String(loadCpu),
    String(process.pid),
  ]);
  if (pinned.status !== 0) return { on: false, why: 'taskset -acp failed' };
  return { on: true, serverCpu, loadCpu };
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts `node <args>` (under `taskset -c <serverCpu>` when pinned) and
 * resolves once GET `readyUrl` answers 2xx. `taskset` execs node, so the
 * child's pid is node's.
 */
export async function startProcess({
  name,
  args,
  env = {},
  readyUrl,
  pinning,
}) {
  const command = pinning.on ? 'taskset' : process.execPath;
  const commandArgs = pinning.on
    ? ['-c', String(pinning.serverCpu), process.execPath, ...args]
    : args;
  const child = spawn(command, commandArgs, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (part) => {
    stderr = (stderr + part.toString('utf8')).slice(-STDERR_TAIL);
  });
  const handle = { name, child, pid: child.pid, stderr: () => stderr };
  const startedAt = Date.now();
  while (Date.now() - startedAt < 30_000) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(readyUrl);
      await response.arrayBuffer();
      if (response.ok) return handle;
    } catch {
      // not listening yet
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not become ready:\n${stderr}`);
}

/** Stops every started process by the pid held, and waits for each to exit. */
export async function stopAll(handles) {
  await Promise.all(
    handles.map(
      ({ child }) =>
        new Promise((resolveExit) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolveExit();
            return;
          }
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolveExit();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

/** A process's peak resident set so far (VmHWM), in MiB. */
export function peakRssMiB(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return match ? Number(match[1]) / 1024 : Number.NaN;
}
