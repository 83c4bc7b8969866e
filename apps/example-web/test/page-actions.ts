import type { Locator, Page } from 'playwright-core';

/** A failed call as the page shows it (its `ErrorLine`). */
export interface ShownError {
  code: string | null;
  trpcCode: string | null;
  denial: string | null;
}

/**
 * Clicks `button` in `panel` and waits until the panel has settled one more
 * call than before (its `data-settled` count): no sleeps, and a second call
 * in the same page is not mistaken for the first.
 */
async function clickAndSettle(options: {
  page: Page;
  panel: string;
  button: string;
}): Promise<Locator> {
  const panel = options.page.getByTestId(options.panel);
  const before = Number(await panel.getAttribute('data-settled'));
  await panel.getByRole('button', { name: options.button }).click();
  const settled = options.page.locator(
    `[data-testid="${options.panel}"][data-settled="${before + 1}"]`,
  );
  await settled.waitFor();
  return settled;
}

/** The error a panel shows, or null when it shows none. */
export async function shownError(
  panel: Locator,
  testId: string,
): Promise<ShownError | null> {
  const line = panel.getByTestId(testId);
  if ((await line.count()) === 0) return null;
  return {
    code: await line.getAttribute('data-code'),
    trpcCode: await line.getAttribute('data-trpc-code'),
    denial: await line.getAttribute('data-denial'),
  };
}

/** Generates an image in the page; resolves with the panel once the call ended. */
export function generateImage(page: Page): Promise<Locator> {
  return clickAndSettle({
    page,
    panel: 'image-panel',
    button: 'Generate image',
  });
}

/** Streams a text answer in the page; resolves with the panel once the stream ended. */
export function streamText(page: Page): Promise<Locator> {
  return clickAndSettle({ page, panel: 'text-panel', button: 'Stream answer' });
}

/** Submits a job and follows it; resolves with the panel once it ended (or failed to start). */
export function followJob(page: Page): Promise<Locator> {
  return clickAndSettle({ page, panel: 'job-panel', button: 'Submit job' });
}

/** The width the page decoded the shown image at (decode() rejects a broken image). */
export function decodedImageWidth(page: Page): Promise<number> {
  return page.getByTestId('image-result').evaluate(async (element) => {
    const image = element as HTMLImageElement;
    await image.decode();
    return image.naturalWidth;
  });
}
