/**
 * What a fragment in the docs may take as given. A block names what it
 * needs in a comment right before its fence, such as
 * `<!-- sample: prelude=client,media -->`; the test puts those preludes'
 * declarations before the block's code. Declarations only: a prelude
 * imports nothing (it names modules in `import()` types), so a block's own
 * imports never clash with it.
 */
export const PRELUDES = {
  /** `client`, as `createSwitchyardClient({ url, apiKey })` returns it. */
  client: `declare const client: import('@switchyard/sdk').SwitchyardClient;`,
  /** Where the gateway is and the key a backend holds. */
  gateway: [
    `declare const url: string; // the gateway, such as 'http://127.0.0.1:8787'`,
    `declare const apiKey: string;`,
  ].join('\n'),
  /** Pictures a call sends: base64 PNGs, and photos as base64 strings. */
  media: [
    `declare const png: string;`,
    `declare const maskPng: string;`,
    `declare const photos: string[];`,
  ].join('\n'),
  /** A signed-in user's session in the app: its user and a token source. */
  session: [
    `declare const user: { id: string };`,
    `declare function getToken(): Promise<string>;`,
  ].join('\n'),
  /** A page's own things: an `<img>` to fill. */
  page: `declare const img: HTMLImageElement;`,
  /** An HTTP request a backend received: its raw body and headers. */
  request: [
    `declare const rawBody: string;`,
    `declare const request: { headers: Record<string, string> };`,
  ].join('\n'),
  /** The offline provider, as `createLocal()` returns it. */
  local: `declare const local: import('@switchyard/providers-local').LocalProvider;`,
  /** A seeded source of random numbers in [0, 1), for repeatable tests. */
  random: `declare function seededRandom(): number;`,
} as const;

/** A prelude's name, as a marker writes it. */
export type PreludeName = keyof typeof PRELUDES;
