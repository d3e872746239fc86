/**
 * Redirects as k6 follows them (Go's net/http client): 301/302/303 turn the
 * request into a GET without a body (HEAD stays HEAD), 307/308 repeat it with
 * its body; other statuses and a 3xx without Location are final.
 */
export interface NextHop {
  url: string;
  method: string;
  /** false: the body is dropped (301/302/303). */
  keepBody: boolean;
}

/** The hop a response redirects to, undefined when it does not, or an Error for an unusable Location. */
export function redirectOf(status: number, location: string | undefined, method: string, from: string): NextHop | Error | undefined {
  if (status < 301 || status > 308 || !location) return undefined;
  let keepBody: boolean;
  let next = method;
  if (status === 307 || status === 308) keepBody = true;
  else if (status >= 301 && status <= 303) {
    keepBody = false;
    if (method !== 'GET' && method !== 'HEAD') next = 'GET';
  } else return undefined;
  try {
    return { url: new URL(location, from).href, method: next, keepBody };
  } catch {
    return new Error(`failed to parse Location header "${location}"`);
  }
}

const SENSITIVE = new Set(['Authorization', 'Www-Authenticate', 'Cookie', 'Cookie2']);

/**
 * The next hop's headers: the first request's (Go copies those, not the
 * previous hop's), without credentials when the host changes to one that is
 * not a subdomain of the previous one, plus a Referer unless https → http.
 */
export function redirectHeaders(initial: Readonly<Record<string, string>>, from: string, to: string): Record<string, string> {
  const a = new URL(from);
  const b = new URL(to);
  const strip = !isDomainOrSubdomain(hostPort(b), hostPort(a));
  const out: Record<string, string> = {};
  for (const k of Object.keys(initial)) if (!(strip && SENSITIVE.has(k))) out[k] = initial[k]!;
  if (!(a.protocol === 'https:' && b.protocol === 'http:')) {
    a.username = a.password = a.hash = '';
    out.Referer = a.href;
  }
  return out;
}

function hostPort(u: URL): string {
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

function isDomainOrSubdomain(sub: string, parent: string): boolean {
  return sub === parent || sub.endsWith(`.${parent}`);
}
