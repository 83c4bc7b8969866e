import { lookup } from 'node:dns/promises';
import { SwitchyardError } from '@switchyard/core';
import ipaddr from 'ipaddr.js';
import { Agent, type Dispatcher } from 'undici';
import { PUBLIC_RANGE, addressRange } from './address-range';

/** Resolves a host name to every address it has. */
export type ResolveHost = (host: string) => Promise<string[]>;

/** The system's resolver, every address of the host. */
export const resolveWithDns: ResolveHost = async (host) =>
  (await lookup(host, { all: true })).map((entry) => entry.address);

/**
 * Refuses a webhook URL that is not http(s), or whose host is (or resolves
 * to) a loopback, private, link-local or other non-public address, unless
 * `allowPrivateNetworks`: a gateway must not be made to POST into its own
 * network.
 */
export async function assertWebhookTarget(options: {
  url: string;
  allowPrivateNetworks: boolean;
  resolve?: ResolveHost;
}): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw refusal(`"${options.url}" is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw refusal(`webhookUrl must be http or https, not ${parsed.protocol}`);
  }
  if (options.allowPrivateNetworks) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const resolve = options.resolve ?? resolveWithDns;
  const addresses = ipaddr.isValid(host)
    ? [host]
    : await resolve(host).catch(() => []);
  assertPublic(host, addresses);
}

function assertPublic(host: string, addresses: readonly string[]): void {
  if (addresses.length === 0) {
    throw refusal(`the webhook host ${host} does not resolve.`);
  }
  for (const address of addresses) {
    const { range, embedded } = addressRange(address);
    if (range !== PUBLIC_RANGE) {
      const shown =
        embedded === undefined ? address : `${address}, embedding ${embedded}`;
      throw refusal(
        `the webhook host ${host} is a ${range} address (${shown}); set webhooks.allowPrivateNetworks in the config to allow it.`,
      );
    }
  }
}

/**
 * A connection pool that checks the addresses it connects to, not only the
 * ones seen when the URL was checked: a host that resolves to a public
 * address for the check and to a private one for the connection (DNS
 * rebinding) is refused.
 */
export function publicOnlyDispatcher(resolve: ResolveHost): Dispatcher {
  return new Agent({
    connect: {
      lookup(hostname, lookupOptions, callback) {
        resolve(hostname)
          .then((resolved) => {
            assertPublic(hostname, resolved);
            const found = resolved
              .map((address) => ({
                address,
                family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4,
              }))
              .filter((entry) =>
                lookupOptions.family !== 4 && lookupOptions.family !== 6
                  ? true
                  : entry.family === lookupOptions.family,
              );
            const [first] = found;
            if (first === undefined) {
              throw refusal(
                `the webhook host ${hostname} has no IPv${String(lookupOptions.family)} address.`,
              );
            }
            if (lookupOptions.all === true) callback(null, found);
            else callback(null, first.address, first.family);
          })
          .catch((error: unknown) => {
            callback(error as NodeJS.ErrnoException, '');
          });
      },
    },
  });
}

function refusal(message: string): SwitchyardError {
  return new SwitchyardError({
    code: 'invalid_request',
    message: `Webhook refused: ${message}`,
  });
}
