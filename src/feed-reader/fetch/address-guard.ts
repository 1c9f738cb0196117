import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Unwraps the IPv6 forms that carry an IPv4 address the network stack may end up dialling:
 * IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d).
 */
function unwrap(address: Address): { address: Address; compatible: boolean } {
  if (address.kind() !== 'ipv6') return { address, compatible: false };
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return { address: v6.toIPv4Address(), compatible: false };
  const parts = v6.parts;
  if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7] > 1)) {
    const bytes = v6.toByteArray().slice(12);
    return { address: ipaddr.fromByteArray(bytes), compatible: true };
  }
  return { address: v6, compatible: false };
}

/**
 * Why an IP address must not be dialled, or null when it is an ordinary public unicast address.
 * Anything ipaddr.js does not classify as 'unicast' is refused: loopback, RFC 1918, link-local
 * (169.254.0.0/16 with the cloud metadata address, fe80::/10), CGNAT, multicast, broadcast, unspecified,
 * reserved and documentation ranges, ULA fc00::/7, NAT64/6to4/Teredo forms; IPv4-mapped and
 * IPv4-compatible IPv6 are judged by the IPv4 address inside (and the compatible form is refused anyway).
 * Only canonical literals count: a string that is not an IP address (e.g. "012.0.0.1") is refused.
 */
export function blockedRange(ip: string): string | null {
  const literal = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (!isIP(literal) || literal.includes('%')) return 'invalid'; // zone ids only exist on link-local
  try {
    const { address, compatible } = unwrap(ipaddr.parse(literal));
    const range = address.range();
    if (range !== 'unicast') return range;
    return compatible ? 'ipv4Compatible' : null;
  } catch {
    return 'invalid';
  }
}

export function isBlockedAddress(ip: string): boolean {
  return blockedRange(ip) !== null;
}

/** The parsed FETCH_ALLOWLIST: host names, single addresses and CIDR ranges that bypass the guard. */
export class Allowlist {
  private readonly hosts = new Set<string>();
  private readonly ranges: [Address, number][] = [];

  constructor(entries: readonly string[] = []) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
      if (!entry) continue;
      if (entry.includes('/') && ipaddr.isValidCIDR(entry)) {
        const [addr, bits] = ipaddr.parseCIDR(entry);
        this.ranges.push([addr, bits]);
      } else if (isIP(entry)) {
        const addr = ipaddr.parse(entry);
        this.ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
      } else if (/^[a-z0-9.-]+$/.test(entry)) {
        this.hosts.add(entry.replace(/\.$/, ''));
      } else {
        throw new Error(`FETCH_ALLOWLIST: "${raw}" is neither a host name, an IP address nor a CIDR range`);
      }
    }
  }

  get isEmpty(): boolean {
    return this.hosts.size === 0 && this.ranges.length === 0;
  }

  allowsHost(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));
  }

  allowsAddress(ip: string): boolean {
    const literal = ip.replace(/^\[(.*)\]$/, '$1');
    if (!isIP(literal) || literal.includes('%')) return false;
    let parsed: Address;
    try {
      parsed = ipaddr.parse(literal);
    } catch {
      return false;
    }
    const candidates: Address[] = [parsed, unwrap(parsed).address];
    return this.ranges.some(([range, bits]) =>
      candidates.some((c) => c.kind() === range.kind() && (c as ipaddr.IPv4).match(range, bits)),
    );
  }
}

/**
 * The decision for one address about to be dialled for `hostname`: null when it may be dialled, else the
 * reason. A host name on the allowlist allows whatever it resolves to; an address or CIDR entry allows
 * exactly those addresses.
 */
export function refusalFor(ip: string, hostname: string, allowlist: Allowlist): string | null {
  const range = blockedRange(ip);
  if (range === null) return null;
  if (allowlist.allowsHost(hostname) || allowlist.allowsAddress(ip)) return null;
  return range;
}
