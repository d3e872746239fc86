import { BlockList, isIP } from 'node:net';

/** One parsed range: `10.0.0.0/8`, `fd00::/8`; a bare address is a range of one. */
export interface IpRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `text` as a range, or why it is not one. */
export function parseCidr(text: string): IpRange | string {
  const slash = text.indexOf('/');
  const address = (slash < 0 ? text : text.slice(0, slash)).trim();
  const v = isIP(address);
  if (v === 0) return `"${text}" is not a CIDR range such as "10.0.0.0/8" or "fd00::/8"`;
  const max = v === 4 ? 32 : 128;
  const bits = slash < 0 ? String(max) : text.slice(slash + 1).trim();
  const prefix = Number(bits);
  if (!/^\d{1,3}$/.test(bits) || prefix > max) return `"${text}": the prefix length must be 0 to ${max}`;
  return { address, prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

const show = (r: IpRange) => `${r.address}/${r.prefix}`;

/**
 * k6's `blacklistIPs`: addresses inside any of the ranges. Node's BlockList
 * does the matching, IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) included.
 */
export class IpRanges {
  private readonly all = new BlockList();
  /** Each range alone, to name the one an address fell in (only on the refusal path). */
  private readonly each: Array<{ range: IpRange; list: BlockList }>;

  constructor(ranges: readonly IpRange[]) {
    this.each = ranges.map((range) => {
      const list = new BlockList();
      list.addSubnet(range.address, range.prefix, range.family);
      this.all.addSubnet(range.address, range.prefix, range.family);
      return { range, list };
    });
  }

  /** Whether `ip` (a literal address) is inside one of the ranges. */
  contains(ip: string): boolean {
    const v = isIP(ip);
    return v !== 0 && this.all.check(ip, v === 4 ? 'ipv4' : 'ipv6');
  }

  /** The range `ip` is in ("10.0.0.0/8"), or undefined. */
  match(ip: string): string | undefined {
    if (!this.contains(ip)) return undefined;
    const family = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
    const hit = this.each.find((e) => e.list.check(ip, family));
    return hit ? show(hit.range) : undefined;
  }
}
