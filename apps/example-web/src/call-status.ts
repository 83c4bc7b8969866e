/** Where a panel's call stands, as `data-status` shows it. */
export type CallStatus = 'idle' | 'running' | 'done' | 'error';

/** A TanStack mutation's status as a {@link CallStatus}. */
export function mutationStatus(
  status: 'idle' | 'pending' | 'success' | 'error',
): CallStatus {
  switch (status) {
    case 'idle':
      return 'idle';
    case 'pending':
      return 'running';
    case 'success':
      return 'done';
    case 'error':
      return 'error';
  }
}
