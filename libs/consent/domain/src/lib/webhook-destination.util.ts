/**
 * Which webhook URLs and addresses the platform may POST to. Organisations and citizens choose
 * these URLs, and a delivery's last error (HTTP status, timeout, no connection) is theirs to read:
 * without this rule a webhook is a port scanner for the network the services run in (blind SSRF).
 * Pure: the URL check runs at registration, the address check again on every address a delivery
 * resolves (consent-feature's postSignedWebhook), and that delivery connects only to those.
 */

/** `public` is the only class a delivery may reach unless private destinations are allowed. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export interface WebhookDestinationPolicy {
  /** Development and tests only (WEBHOOK_ALLOW_PRIVATE_DESTINATIONS): any address, and plain http. */
  allowPrivateDestinations: boolean;
}

/** `host` is the URL's normalised host without IPv6 brackets or trailing dots; a name still needs resolving. */
export type WebhookUrlCheck = { ok: true; host: string; ipLiteral: boolean } | { ok: false; message: string };

type Range<T> = [prefix: T, bits: number, cls: AddressClass];

// First match wins: the broadcast address sits inside 240/4.
const IPV4_RANGES: Range<number>[] = [
  [v4(0, 0, 0, 0), 8, 'unspecified'], // "this network": 0.x.x.x reaches the local host on Linux
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'cgnat'],
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link-local'], // cloud metadata services live here
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'], // IETF protocol assignments
  [v4(192, 0, 2, 0), 24, 'reserved'], // documentation
  [v4(192, 88, 99, 0), 24, 'reserved'], // 6to4 relays (deprecated)
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'reserved'], // benchmarking
  [v4(198, 51, 100, 0), 24, 'reserved'], // documentation
  [v4(203, 0, 113, 0), 24, 'reserved'], // documentation
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(255, 255, 255, 255), 32, 'broadcast'],
  [v4(240, 0, 0, 0), 4, 'reserved'],
];

// Only global unicast (2000::/3) can be public; ranges that embed an IPv4 address are classified
// by that address in classifyIpv6 before these apply.
const IPV6_RANGES: Range<bigint>[] = [
  [0n, 128, 'unspecified'],
  [1n, 128, 'loopback'],
  [v6(0xfc00), 7, 'unique-local'],
  [v6(0xfe80), 10, 'link-local'],
  [v6(0xfec0), 10, 'reserved'], // site-local (deprecated)
  [v6(0xff00), 8, 'multicast'],
  [v6(0x2001, 0), 23, 'reserved'], // IETF protocol assignments, Teredo among them
  [v6(0x2001, 0x0db8), 32, 'reserved'], // documentation
  [v6(0x3fff), 20, 'reserved'], // documentation
  [v6(0x2000), 3, 'public'],
];

function v4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function v6(...words: number[]): bigint {
  return words.reduce((n, w) => (n << 16n) | BigInt(w), 0n) << BigInt(16 * (8 - words.length));
}

/** A canonical dotted quad (what URL parsing and resolvers produce) as a 32-bit number. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  const [a, b, c, d] = parts.map(Number);
  return v4(a, b, c, d);
}

/** An IPv6 address in any RFC 4291 text form (with or without brackets and zone) as a 128-bit number. */
export function parseIpv6(text: string): bigint | undefined {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  s = s.replace(/%.*$/, ''); // a zone (fe80::1%eth0) does not change the class
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    const ipv4 = parseIpv4(tail[2]);
    if (ipv4 === undefined) return undefined;
    s = `${tail[1]}${(ipv4 >>> 16).toString(16)}:${(ipv4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const words = (part: string) => (part === '' ? [] : part.split(':'));
  const head = words(halves[0]);
  const rest = halves.length === 2 ? words(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((w) => /^[0-9a-f]{1,4}$/i.test(w))) return undefined;
  return all.reduce((n, w) => (n << 16n) | BigInt(parseInt(w, 16)), 0n);
}

function inRange<T extends number | bigint>(value: T, prefix: T, bits: number, width: number): boolean {
  if (typeof value === 'bigint') {
    const shift = BigInt(width - bits);
    return value >> shift === (prefix as bigint) >> shift;
  }
  return bits === 0 || (value as number) >>> (width - bits) === (prefix as number) >>> (width - bits);
}

function classifyIpv4(value: number): AddressClass {
  return IPV4_RANGES.find(([prefix, bits]) => inRange(value, prefix, bits, 32))?.[2] ?? 'public';
}

function classifyIpv6(value: bigint): AddressClass {
  const low32 = Number(value & 0xffffffffn);
  if (value >> 32n === 0xffffn) return classifyIpv4(low32); // IPv4-mapped ::ffff:a.b.c.d
  if (value >> 32n === v6(0x64, 0xff9b) >> 32n) return classifyIpv4(low32); // NAT64 64:ff9b::a.b.c.d
  if (value >> 112n === 0x2002n) return classifyIpv4(Number((value >> 80n) & 0xffffffffn)); // 6to4 2002:AABB:CCDD::
  return IPV6_RANGES.find(([prefix, bits]) => inRange(value, prefix, bits, 128))?.[2] ?? 'reserved';
}

/** The class of an IP address; undefined when the text is not one (a host name). */
export function classifyIpAddress(address: string): AddressClass | undefined {
  const ipv4 = parseIpv4(address);
  if (ipv4 !== undefined) return classifyIpv4(ipv4);
  const ipv6 = address.includes(':') ? parseIpv6(address) : undefined;
  return ipv6 === undefined ? undefined : classifyIpv6(ipv6);
}

/** Whether a delivery may connect to this resolved address; anything unparseable is refused. */
export function isAllowedDestinationAddress(address: string, policy: WebhookDestinationPolicy): boolean {
  return policy.allowPrivateDestinations || classifyIpAddress(address) === 'public';
}

/**
 * The registration-time check of a webhook URL: https (http only when private destinations are
 * allowed), no user name or password, and no host that is by itself local: `localhost`,
 * `*.localhost`, or an IP literal outside the public ranges. Parsed the WHATWG way first, so
 * 2130706433, 0x7f.1 and 0177.0.0.1 are already 127.0.0.1 and [::ffff:127.0.0.1] is ::ffff:7f00:1.
 * Names are resolved and checked at delivery, where they are connected to.
 */
export function checkWebhookUrl(url: string, policy: WebhookDestinationPolicy): WebhookUrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, message: 'must be an absolute URL' };
  }
  const http = parsed.protocol === 'http:' && policy.allowPrivateDestinations;
  if (parsed.protocol !== 'https:' && !http) return { ok: false, message: 'must use https' };
  if (parsed.username || parsed.password) return { ok: false, message: 'must not contain a user name or password' };
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
  if (!host) return { ok: false, message: 'must name a host' };
  const cls = classifyIpAddress(host);
  if (policy.allowPrivateDestinations) return { ok: true, host, ipLiteral: cls !== undefined };
  if (cls === undefined) {
    return host === 'localhost' || host.endsWith('.localhost') ? { ok: false, message: 'must point to a public host, not localhost' } : { ok: true, host, ipLiteral: false };
  }
  return cls === 'public' ? { ok: true, host, ipLiteral: true } : { ok: false, message: `must point to a public address (${host} is ${cls})` };
}
