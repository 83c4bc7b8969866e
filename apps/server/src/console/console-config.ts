import { z } from 'zod';

/**
 * `console` in the config: the web console served at `/`. Without it the
 * console is on (it is a static page; every call it makes needs an API key
 * like any other client's).
 */
export const consoleConfigSchema = z.strictObject({
  /** Serve the console at `/`. Default true. */
  enabled: z.boolean().optional(),
});
/** The config's `console` settings. */
export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;
