import ipaddr from 'ipaddr.js';

/** The range name of an address the public internet routes to. */
export const PUBLIC_RANGE = 'unicast';

/** How an address is classed for outbound calls. */
export interface AddressRange {
  /** `unicast` for a public address, else the non-public range (e.g. `loopback`, `private`). */
  range: string;
  /** The IPv4 address an IPv6 form embeds, when that decided the range. */
  embedded?: string;
}

type Extract = (bytes: number[]) => ipaddr.IPv4[];

const lastFour: Extract = (bytes) => [new ipaddr.IPv4(bytes.slice(12, 16))];

/**
 * IPv6 forms that carry an IPv4 address, and where it sits. Such an address
 * reaches (or is translated to) the IPv4 one, so it is judged by it.
 */
const EMBEDDING: readonly (readonly [[ipaddr.IPv6, number], Extract])[] = (
  [
    // IPv4-mapped ::ffff:a.b.c.d and SIIT ::ffff:0:a.b.c.d (RFC 6145).
    ['::ffff:0:0/96', lastFour],
    ['::ffff:0:0:0/96', lastFour],
    // IPv4-compatible ::a.b.c.d (deprecated; :: and ::1 are classed before).
    ['::/96', lastFour],
    // NAT64 well-known prefix (RFC 6052).
    ['64:ff9b::/96', lastFour],
    // 6to4 (RFC 3056): 2002:AABB:CCDD::/48.
    ['2002::/16', (bytes) => [new ipaddr.IPv4(bytes.slice(2, 6))]],
    // Teredo (RFC 4380): the server in bits 32–63, the client inverted in the last 32.
    [
      '2001::/32',
      (bytes) => [
        new ipaddr.IPv4(bytes.slice(4, 8)),
        new ipaddr.IPv4(bytes.slice(12, 16).map((byte) => byte ^ 0xff)),
      ],
    ],
  ] satisfies [string, Extract][]
).map(([cidr, extract]) => [ipaddr.IPv6.parseCIDR(cidr), extract] as const);

/** Ranges no public host is in, though ipaddr.js may class them otherwise. */
const NON_PUBLIC_IPV6 = [
  // NAT64 local-use prefix (RFC 8215): translates into the operator's own network.
  ['64:ff9b:1::/48', 'nat64LocalUse'],
].map(
  ([cidr = '', range = '']) => [ipaddr.IPv6.parseCIDR(cidr), range] as const,
);

/**
 * Classes an IP address (IPv4 or IPv6 text) as public (`unicast`) or the
 * non-public range it is in. Every IPv6 form that embeds an IPv4 address is
 * classed by that address: mapped, compatible, NAT64, 6to4 and Teredo.
 */
export function addressRange(address: string): AddressRange {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return { range: parsed.range() };
  const ipv6 = parsed as ipaddr.IPv6;
  const own = ipv6.range();
  if (own === 'unspecified' || own === 'loopback') return { range: own };
  for (const [cidr, range] of NON_PUBLIC_IPV6) {
    if (ipv6.match(cidr)) return { range };
  }
  const bytes = ipv6.toByteArray();
  for (const [cidr, extract] of EMBEDDING) {
    if (!ipv6.match(cidr)) continue;
    const embedded = extract(bytes);
    const closed = embedded.find((inner) => inner.range() !== PUBLIC_RANGE);
    const decisive = closed ?? embedded[embedded.length - 1];
    return {
      range: closed?.range() ?? PUBLIC_RANGE,
      embedded: decisive?.toString(),
    };
  }
  return { range: own };
}
