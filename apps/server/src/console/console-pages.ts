/**
 * The console's pages, each at `/<page>` (sign-in is `/`). The server
 * answers these paths (and paths below them) with the console's
 * `index.html`, so a reload or a shared link opens the page; no other path
 * is ever taken over. The console imports this list to build its links.
 */
export const CONSOLE_PAGES = [
  'playground',
  'health',
  'usage',
  'jobs',
  'generations',
  'keys',
] as const;

/** One of {@link CONSOLE_PAGES}. */
export type ConsolePage = (typeof CONSOLE_PAGES)[number];
