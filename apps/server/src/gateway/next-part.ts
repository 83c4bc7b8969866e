import { SwitchyardError, type TextStreamPart } from '@switchyard/core';

/**
 * The next part of a stream, or a `timeout` error when none comes within
 * `timeoutMs`; a stream that ends before its `text-end` is `invalid_response`.
 */
export async function nextPart(options: {
  parts: AsyncIterator<TextStreamPart>;
  timeoutMs: number;
  provider: string;
}): Promise<TextStreamPart> {
  const { parts, timeoutMs, provider } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new SwitchyardError({
          code: 'timeout',
          provider,
          message: `${provider} sent nothing for ${timeoutMs} ms in the middle of the stream (the route's chunkTimeoutMs).`,
        }),
      );
    }, timeoutMs);
  });
  try {
    const next = await Promise.race([parts.next(), stalled]);
    if (next.done === true) {
      throw new SwitchyardError({
        code: 'invalid_response',
        provider,
        message: `${provider} ended the stream without finishing the answer.`,
      });
    }
    return next.value;
  } finally {
    clearTimeout(timer);
  }
}
