/** Why the backend could not sign a user in; `status` is the HTTP status it answers with. */
export class SessionIssueError extends Error {
  override readonly name = 'SessionIssueError';
  readonly code: string;
  readonly status: 400 | 502;

  constructor(options: {
    code: string;
    message: string;
    status: 400 | 502;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
  }
}
