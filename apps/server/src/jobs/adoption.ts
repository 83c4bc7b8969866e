import {
  RouteFailedError,
  SwitchyardError,
  formatTarget,
  type Attempt,
  type GenerateResult,
  type RouteTarget,
  type TaskCallOptions,
} from '@switchyard/core';
import type { Gateway, GenerateOptions } from '../gateway/gateway';
import { redactAttempts } from '../gateway/secret-redactor';

/** What a watched abandoned task came to. */
type WatchOutcome =
  { ok: true; result: GenerateResult } | { ok: false; error: unknown };

/** Options of {@link runAdoptingLateTasks}. */
export interface AdoptingRunOptions {
  gateway: Gateway;
  /** The job's call: input, payer, store; its signal is the job's (cancel, shutdown, lost lease). */
  call: Omit<GenerateOptions, 'taskHooks' | 'claimResult'> & {
    signal: AbortSignal;
  };
  /** The job's own hooks for a target's task (persisting its id, progress). */
  taskHooks: (target: RouteTarget) => TaskCallOptions;
  /** Resume this provider task (stored before a restart) instead of routing anew. */
  resume?: { target: RouteTarget; taskId: string };
  /** Tasks an earlier run of the job abandoned (before a restart): watched from the start. */
  abandoned?: ReadonlyArray<{ target: RouteTarget; taskId: string }>;
  /** A task was abandoned and is now watched: the job records it, for a run after a restart to watch too. */
  onAbandoned?: (target: RouteTarget, taskId: string) => void;
  /** False once the job is being cancelled or its process is stopping: nothing is adopted then. */
  mayAdopt: () => boolean;
  /** The job now stands on this task again (its stored target and task id change back). */
  onAdopted: (target: RouteTarget, taskId: string) => Promise<void>;
}

/**
 * Runs a job's call so that a provider task left behind still counts: when
 * an attempt's deadline abandons a task (cancelled at the provider, which
 * may not stop it) and the route moves on, the abandoned task is watched.
 * Whichever finishes first — the route or a watched task — claims the job;
 * the other is stopped (cancelled at its provider) and its result, if it
 * had one, dropped uncharged. So the key pays once, for the result it gets.
 *
 * Watchers live until the route's deadline; a route that fails outright
 * still gets a watched task's late success. Abandoned tasks are recorded
 * (`onAbandoned`), so a run resumed after a restart watches them again
 * (`abandoned`).
 */
export async function runAdoptingLateTasks(
  options: AdoptingRunOptions,
): Promise<GenerateResult> {
  const { gateway, call, taskHooks, resume } = options;
  const claim = createClaim();
  const routeStop = new AbortController();
  const watchers = createWatchers({
    options,
    claimResult: claim.take,
    routeStop,
    deadlineAt: Date.now() + gateway.routeDeadlineMsFor(call.input),
  });
  if (options.mayAdopt()) {
    for (const task of options.abandoned ?? []) {
      if (!isSameTask(task, resume)) watchers.watch(task.target, task.taskId);
    }
  }
  const hooksFor = (target: RouteTarget): TaskCallOptions => ({
    ...taskHooks(target),
    onAbandoned: (taskId) => {
      if (claim.isTaken() || !options.mayAdopt()) return;
      options.onAbandoned?.(target, taskId);
      watchers.watch(target, taskId);
    },
  });
  const routed = {
    ...call,
    signal: AbortSignal.any([call.signal, routeStop.signal]),
    taskHooks: hooksFor,
    claimResult: claim.take,
  };
  try {
    const result =
      resume === undefined
        ? await gateway.generate(routed)
        : await gateway.resumeTask({ ...routed, ...resume });
    watchers.stopAll();
    return result;
  } catch (routeError) {
    const outcomes = await watchers.outcomes();
    const adopted = outcomes.find((outcome) => outcome.ok);
    if (adopted === undefined) throw routeError;
    return withEarlierAttempts({
      result: adopted.result,
      earlier: RouteFailedError.isInstance(routeError)
        ? redactAttempts(routeError.attempts, (text) => gateway.redact(text))
        : [],
    });
  }
}

/** The one claim of a job's runs: the first to take it has it, for good. */
function createClaim(): { take: () => boolean; isTaken: () => boolean } {
  let taken = false;
  return {
    take: () => {
      if (taken) return false;
      taken = true;
      return true;
    },
    isTaken: () => taken,
  };
}

/** True when an abandoned task is the one the run resumes (it is not watched too). */
function isSameTask(
  task: { target: RouteTarget; taskId: string },
  resume: AdoptingRunOptions['resume'],
): boolean {
  return (
    resume !== undefined &&
    resume.taskId === task.taskId &&
    resume.target.instance === task.target.instance &&
    resume.target.model === task.target.model
  );
}

/** What {@link createWatchers} needs: the run's options, its claim, the route's stop and deadline. */
interface WatchContext {
  options: AdoptingRunOptions;
  claimResult: () => boolean;
  routeStop: AbortController;
  /** The route's deadline (epoch ms): a watcher gives up then. */
  deadlineAt: number;
}

/** The abandoned tasks a run watches, each until it ends, is stopped, or the deadline. */
function createWatchers(context: WatchContext): {
  watch(target: RouteTarget, taskId: string): void;
  stopAll(): void;
  outcomes(): Promise<WatchOutcome[]>;
} {
  const watchers: Array<{
    stop: AbortController;
    outcome: Promise<WatchOutcome>;
  }> = [];
  return {
    watch(target, taskId) {
      const stop = new AbortController();
      // Once one watched task claims the job, the others have lost: they
      // stop now rather than poll on to the route's deadline.
      const stopOthers = () => {
        for (const watcher of watchers) {
          if (watcher.stop !== stop) watcher.stop.abort();
        }
      };
      const outcome = watchTask({
        ...context,
        target,
        taskId,
        stop,
        stopOthers,
      });
      watchers.push({ stop, outcome });
    },
    stopAll: () => {
      for (const watcher of watchers) watcher.stop.abort();
    },
    outcomes: () => Promise.all(watchers.map((watcher) => watcher.outcome)),
  };
}

/**
 * Polls an abandoned task to its end as a rival run of the job: if it
 * claims the job, the route is stopped and the job told it adopted the task.
 */
function watchTask(
  context: WatchContext & {
    target: RouteTarget;
    taskId: string;
    stop: AbortController;
    stopOthers: () => void;
  },
): Promise<WatchOutcome> {
  const { options, target, taskId } = context;
  const { gateway, call } = options;
  return gateway
    .resumeTask({
      ...call,
      target,
      taskId,
      signal: AbortSignal.any([
        call.signal,
        context.stop.signal,
        AbortSignal.timeout(Math.max(0, context.deadlineAt - Date.now())),
      ]),
      // The route asked the provider to cancel it already, once.
      taskHooks: () => ({ cancelTaskOnAbort: () => false }),
      claimResult: context.claimResult,
    })
    .then(
      async (result): Promise<WatchOutcome> => {
        context.routeStop.abort(superseded(target));
        context.stopOthers();
        await options.onAdopted(target, taskId);
        return { ok: true, result };
      },
      (error: unknown): WatchOutcome => ({ ok: false, error }),
    );
}

/** Why the route is stopped once an abandoned task won. */
function superseded(target: RouteTarget): SwitchyardError {
  return new SwitchyardError({
    code: 'cancelled',
    message: `The job adopted the late result of its ${formatTarget(target)} task; this run was stopped.`,
  });
}

/** An adopted result, with the attempts the route made before it was stopped. */
function withEarlierAttempts(options: {
  result: GenerateResult;
  earlier: Attempt[];
}): GenerateResult {
  const { result, earlier } = options;
  const adopted = result.attempts.map((attempt) => ({
    ...attempt,
    message:
      'Adopted: this task finished after its attempt’s deadline, before the fallback did.',
  }));
  return { ...result, attempts: [...earlier, ...adopted] };
}
