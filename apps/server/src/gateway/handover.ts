/**
 * Why a job's call stops when its process shuts down and leaves the job to
 * another process: the call frees its credit hold but is not recorded as a
 * failed call, since the job goes on (and is recorded) where it resumes.
 */
export class HandedOver extends Error {
  constructor() {
    super('This process is stopping; another process resumes the job.');
    this.name = 'HandedOver';
  }
}

/** Whether an abort reason is a {@link HandedOver}. */
export function isHandedOver(reason: unknown): boolean {
  return reason instanceof HandedOver;
}
