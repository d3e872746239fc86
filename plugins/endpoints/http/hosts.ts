import { invalidOption, showValue } from 'llmload/plugin';
import { isIP } from 'node:net';

/** Where a name goes instead of DNS: an IP, and a port when the entry gave one. */
export interface HostTarget {
  ip: string;
  port?: number;
}

/**
 * k6's `hosts` option: `{ 'name': 'ip', 'name:port': 'ip:port', '*.name': 'ip' }`.
 * Keys are case-insensitive; `name:port` entries win over `name`, exact names
 * over wildcards (the longest wildcard suffix wins).
 */
export class HostsTable {
  constructor(private readonly entries: ReadonlyMap<string, HostTarget>) {}

  /** The override for a connection to hostname:port, or undefined (use DNS). */
  lookup(hostname: string, port: number): HostTarget | undefined {
    const name = hostname.toLowerCase();
    const hit = this.match(`${name}:${port}`) ?? this.match(name);
    if (!hit) return undefined;
    return { ip: hit.ip, port: hit.port ?? port };
  }

  private match(key: string): HostTarget | undefined {
    const exact = this.entries.get(key);
    if (exact) return exact;
    // Wildcards: "*.example.com" matches "a.example.com" and "a.b.example.com" (k6's trie).
    for (let i = key.indexOf('.'); i >= 0; i = key.indexOf('.', i + 1)) {
      const w = this.entries.get(`*${key.slice(i)}`);
      if (w) return w;
    }
    return undefined;
  }
}

const HOST_PATTERN = /^(\*\.?)?(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])?(:[0-9]{1,5})?$/i;

/** Parses and checks `hosts`; throws ERR_INVALID_OPTION. */
export function parseHosts(raw: unknown, where: string): HostsTable {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidOption(where, `must be an object { "name": "ip" }, got ${showValue(raw)}`);
  const entries = new Map<string, HostTarget>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!HOST_PATTERN.test(key)) throw invalidOption(where, `invalid host pattern "${key}"`);
    if (typeof value !== 'string') throw invalidOption(where, `"${key}" must map to "ip" or "ip:port", got ${showValue(value)}`);
    entries.set(key.toLowerCase(), parseTarget(value, key, where));
  }
  return new HostsTable(entries);
}

function parseTarget(value: string, key: string, where: string): HostTarget {
  if (isIP(value)) return { ip: value };
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(value);
  if (m && isIP(m[1]!) && Number(m[2]) <= 65535) return { ip: m[1]!, port: Number(m[2]) };
  throw invalidOption(where, `"${key}" must map to an IP address or "ip:port", got "${value}"`);
}
