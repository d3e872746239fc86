/** Where a URL goes, parsed once: load tests hit few distinct URLs, so they are cached per VU. */
export interface UrlTarget {
  origin: string;
  /** Path and query (no fragment). */
  path: string;
  /** The URL for tags and logs: credentials masked as k6 does ("http://****:****@host/"). */
  clean: string;
  /** `Basic …` from credentials in the URL (Go's client sends them as basic auth). */
  auth: string | undefined;
}

const MAX_CACHED = 1000;

/** A VU's parsed URLs; a string entry is why the URL is unusable. */
export class UrlTargets {
  private readonly cache = new Map<string, UrlTarget | string>();

  get(url: string): UrlTarget | string {
    let t = this.cache.get(url);
    if (t === undefined) {
      t = parse(url);
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(url, t);
    }
    return t;
  }
}

function parse(url: string): UrlTarget | string {
  let u: URL;
  try {
    u = new URL(url);
  } catch (err) {
    return (err as Error).message;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `unsupported protocol "${u.protocol}"`;
  const credentials = u.username !== '' || u.password !== '';
  return {
    origin: u.origin,
    path: u.pathname + u.search,
    clean: credentials ? url.replace(/^([^:]+:\/\/)[^@]*@/, (_m, scheme: string) => `${scheme}${u.password ? '****:****' : '****'}@`) : url,
    auth: credentials ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : undefined,
  };
}
