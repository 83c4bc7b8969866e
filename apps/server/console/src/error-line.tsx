import type { ConsoleError } from './describe-error';
import { describeError } from './describe-error';

/** A failed call's code and message, announced to screen readers. */
export function ErrorLine(props: { error: unknown }) {
  const error = asConsoleError(props.error);
  return (
    <p role="alert" className="error" data-code={error.code}>
      <code>{error.code}</code> {error.message}
    </p>
  );
}

function asConsoleError(value: unknown): ConsoleError {
  const looksDescribed =
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as { code?: unknown }).code === 'string';
  return looksDescribed ? (value as ConsoleError) : describeError(value);
}
