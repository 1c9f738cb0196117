import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, IPv4-mapped IPv6 folded to IPv4. */
export class TrustedProxies {
  private readonly ranges: Range[];

  constructor(entries: string[]) {
    this.ranges = entries.map((entry) => {
      try {
        if (entry.includes('/')) return normaliseRange(ipaddr.parseCIDR(entry));
        const address = normalise(ipaddr.parse(entry));
        return [address, address.kind() === 'ipv4' ? 32 : 128] as Range;
      } catch {
        throw new Error(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range`);
      }
    });
  }

  get none(): boolean {
    return this.ranges.length === 0;
  }

  trusts(address: string): boolean {
    const parsed = parse(address);
    if (!parsed) return false;
    return this.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match([range, bits] as never));
  }
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then X-Forwarded-For is
 * read from the right (the hop our proxy added) and the first address that is not a trusted proxy wins.
 * Anything a client wrote further left is never believed.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  const self = canonical(peer ?? '') ?? 'unknown';
  if (trusted.none || !trusted.trusts(self)) return self;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = header
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  let client = self;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonical(hops[i]);
    if (!hop) break; // garbage in the header: stop at the last address we could read
    client = hop;
    if (!trusted.trusts(hop)) break;
  }
  return client;
}

function parse(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return normalise(ipaddr.parse(text.trim()));
  } catch {
    return null;
  }
}

function canonical(text: string): string | null {
  return parse(text)?.toString() ?? null;
}

function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function normaliseRange([address, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): Range {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}
