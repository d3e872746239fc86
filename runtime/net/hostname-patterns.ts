/**
 * k6's `blockHostnames` patterns: an exact name, or a name after a leading
 * `*` that matches any prefix (`*.example.com` matches `a.example.com` and
 * `a.b.example.com`, not `example.com`; a lone `*` matches every name).
 * Case-insensitive, as k6's hostname trie.
 */
export class HostnamePatterns {
  private readonly exact = new Set<string>();
  /** What a name must end with, for each wildcard pattern. */
  private readonly suffixes: string[] = [];

  constructor(patterns: readonly string[]) {
    for (const p of patterns) {
      const low = p.toLowerCase();
      if (low.startsWith('*')) this.suffixes.push(low.slice(1));
      else this.exact.add(low);
    }
  }

  /** The pattern `hostname` matches, or undefined. */
  match(hostname: string): string | undefined {
    const name = hostname.toLowerCase();
    if (this.exact.has(name)) return name;
    for (const s of this.suffixes) if (name.endsWith(s)) return `*${s}`;
    return undefined;
  }
}

// k6's pattern (lib/types/hostnametrie.go): labels of letters, digits and inner
// hyphens, optionally after "*" or "*.".
const LABEL = '([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])';
const PATTERN = new RegExp(`^(\\*\\.?)?((${LABEL}\\.)*${LABEL})?$`, 'i');

/** Why `pattern` is not a valid hostname pattern, or undefined when it is. */
export function hostnamePatternProblem(pattern: string): string | undefined {
  if (pattern === '') return 'an empty pattern';
  if (!PATTERN.test(pattern)) return `"${pattern}" is not a host name or "*.suffix" pattern (no scheme, port or path)`;
  return undefined;
}
