import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { HostnamePatterns } from './hostname-patterns.js';
import type { IpRanges } from './ip-ranges.js';

/** k6's BlockedHostError: the URL's host name matches `blockHostnames` (k6 error code 1111). */
export class BlockedHostnameError extends Error {
  readonly code = 'LLMLOAD_HOSTNAME_BLOCKED';
  constructor(hostname: string, pattern: string) {
    super(`hostname (${hostname}) is in a blocked pattern (${pattern})`);
    this.name = 'BlockedHostnameError';
  }
}

/** k6's BlackListedIPError: the address to dial is inside `blacklistIPs` (k6 error code 1110). */
export class BlacklistedIpError extends Error {
  readonly code = 'LLMLOAD_IP_BLACKLISTED';
  constructor(ip: string, range: string | undefined) {
    super(`IP (${ip}) is in a blacklisted range (${range ?? '?'})`);
    this.name = 'BlacklistedIpError';
  }
}

/**
 * Decides, for each new connection, whether it may be made: k6's dialer
 * checks. The host name is checked before anything happens (no DNS, no
 * socket); the address is checked where it is known, which is what is
 * dialled: a literal IP (or a `hosts` override) before connecting, a
 * resolved name inside the socket's own `lookup`.
 */
export class ConnectGuard {
  /**
   * `lookup` for net/tls.connect when IPs are blacklisted (undefined
   * otherwise): the system resolver, minus blacklisted addresses. A name
   * whose every address is blacklisted fails; one with an allowed address
   * connects only to allowed ones (Node may try several, happy eyeballs).
   */
  readonly lookup: LookupFunction | undefined;

  constructor(
    private readonly hostnames: HostnamePatterns | undefined,
    private readonly ips: IpRanges | undefined,
  ) {
    this.lookup = ips ? this.filteredLookup(ips) : undefined;
  }

  /** Why a connection to `hostname` (the URL's, before `hosts` and DNS) is refused, or undefined. */
  checkHostname(hostname: string): Error | undefined {
    if (!this.hostnames || isIP(hostname) !== 0) return undefined;
    const pattern = this.hostnames.match(hostname);
    return pattern === undefined ? undefined : new BlockedHostnameError(hostname, pattern);
  }

  /** Why dialling `ip` is refused, or undefined (a host name passes: `lookup` checks what it resolves to). */
  checkAddress(ip: string): Error | undefined {
    if (!this.ips?.contains(ip)) return undefined;
    return new BlacklistedIpError(ip, this.ips.match(ip));
  }

  private filteredLookup(ips: IpRanges): LookupFunction {
    return (hostname: string, options: LookupOptions, callback) => {
      dnsLookup(hostname, options, (err, address: string | LookupAddress[], family?: number) => {
        if (err) return callback(err, address as string, family);
        if (Array.isArray(address)) {
          const allowed = address.filter((a) => !ips.contains(a.address));
          if (allowed.length === 0 && address.length > 0) return callback(this.checkAddress(address[0]!.address)! as NodeJS.ErrnoException, []);
          return callback(null, allowed);
        }
        const refused = this.checkAddress(address);
        if (refused) return callback(refused as NodeJS.ErrnoException, address, family);
        callback(null, address, family);
      });
    };
  }
}
