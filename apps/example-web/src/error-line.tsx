import type { PageError } from './describe-error';

/** A failed call's codes and message, with `data-code`, `data-trpc-code` and `data-denial` for tests and styling. */
export function ErrorLine(props: { testId: string; error: PageError }) {
  const { testId, error } = props;
  return (
    <p
      role="alert"
      className="error"
      data-testid={testId}
      data-code={error.code}
      data-trpc-code={error.trpcCode}
      data-denial={error.denial}
    >
      <code>{error.code}</code> {error.message}
    </p>
  );
}
