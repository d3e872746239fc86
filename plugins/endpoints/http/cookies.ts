import { lazyPackage } from 'llmload/plugin';
import type * as ToughCookie from 'tough-cookie';
import type { CookieJar, MemoryCookieStore } from 'tough-cookie';
import type { HttpCookie, HttpRequestWire, HttpSyncCall, JarSetOptions } from './types.js';

/** Loaded at the first cookie: most tests never see one. */
const tough = lazyPackage<typeof ToughCookie>(import.meta.url, 'tough-cookie');

/**
 * A jar, and whether anything was ever stored in it: an empty jar is never
 * searched (the common case costs nothing), and tough-cookie's jar is made
 * when something is stored or asked for.
 */
export class Jar {
  used = false;
  private made: { jar: CookieJar; store: MemoryCookieStore } | undefined;

  get jar(): CookieJar {
    return this.make().jar;
  }

  get store(): MemoryCookieStore {
    return this.make().store;
  }

  private make(): { jar: CookieJar; store: MemoryCookieStore } {
    if (!this.made) {
      const { CookieJar, MemoryCookieStore } = tough();
      const store = new MemoryCookieStore();
      // As Go's jar (k6): Secure cookies go over https only, loopback included.
      this.made = { jar: new CookieJar(store, { allowSecureOnLocal: false }), store };
    }
    return this.made;
  }
}

/** k6 ignores cookies it cannot store (bad domain, bad syntax), as a browser does. */
const LENIENT = { ignoreError: true } as const;

/**
 * One VU's cookie jars (tough-cookie): id 0 is the VU's own jar, which k6
 * empties at the start of every iteration (unless `noCookiesReset`); other
 * ids are `new http.CookieJar()` objects of the script.
 */
export class VuCookies {
  private vuJar: Jar | undefined;
  private readonly jars = new Map<number, Jar>();
  private nextId = 1;

  /** A new iteration: the VU's jar starts empty (an unused one is kept: most tests never see a cookie). */
  reset(): void {
    if (this.vuJar?.used) this.vuJar = undefined;
  }

  /** The jar a request uses: the VU's, or the one params.jar named. */
  jar(id: number | undefined): Jar {
    if (!id) return (this.vuJar ??= new Jar());
    const j = this.jars.get(id);
    if (!j) throw new Error(`cookie jar ${id} no longer exists`);
    return j;
  }

  /** The `jar.*` methods of the script (synchronous, as in k6). */
  call(c: HttpSyncCall): unknown {
    switch (c.op) {
      case 'jarNew': {
        const id = this.nextId++;
        this.jars.set(id, new Jar());
        return id;
      }
      case 'jarFree':
        return this.jars.delete(c.jar);
      case 'jarSet':
        return setCookie(this.jar(c.jar), c.url, c.name, c.value, c.opts);
      case 'jarCookiesForURL':
        return cookiesForURL(this.jar(c.jar), c.url);
      case 'jarClear':
        return clear(this.jar(c.jar), c.url);
      case 'jarDelete':
        return deleteCookie(this.jar(c.jar), c.url, c.name);
    }
  }
}

/**
 * The Cookie header for a request (k6's order): params.cookies first, then
 * the jar's cookies for the URL, less those a `replace: true` one hides.
 */
export function cookieHeader(jar: Jar, url: string, own: HttpRequestWire['cookies']): string | undefined {
  let out = '';
  if (own) for (const name of Object.keys(own)) out += `${out ? '; ' : ''}${name}=${own[name]!.value}`;
  if (jar.used) {
    for (const c of jar.jar.getCookiesSync(url)) {
      if (own?.[c.key]?.replace) continue;
      out += `${out ? '; ' : ''}${c.key}=${c.value}`;
    }
  }
  return out || undefined;
}

/** Stores the Set-Cookie headers of a response to `url`. */
export function storeCookies(jar: Jar, url: string, setCookie: readonly string[]): void {
  for (const s of setCookie) jar.jar.setCookieSync(s, url, LENIENT);
  jar.used = true;
}

/** `res.cookies`: the response's Set-Cookie headers in k6's shape (name → cookies). */
export function responseCookies(setCookie: readonly string[]): Record<string, HttpCookie[]> {
  const out: Record<string, HttpCookie[]> = {};
  for (const s of setCookie) {
    const c = tough().Cookie.parse(s);
    if (!c) continue;
    const maxAge = c.maxAge;
    (out[c.key] ??= []).push({
      name: c.key,
      value: c.value,
      domain: c.domain ?? '',
      path: c.path ?? '',
      http_only: c.httpOnly,
      secure: c.secure,
      // Go's http.Cookie: 0 = no Max-Age, -1 = "delete now" (Max-Age ≤ 0).
      max_age: typeof maxAge === 'number' ? (maxAge > 0 ? maxAge : -1) : maxAge === '-Infinity' ? -1 : 0,
      expires: c.expires instanceof Date ? c.expires.getTime() : 0,
    });
  }
  return out;
}

function checkUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    throw new Error(`invalid URL "${url}"`);
  }
}

function setCookie(j: Jar, url: string, name: string, value: string, o: JarSetOptions = {}): boolean {
  const href = checkUrl(url);
  let expires: Date | undefined;
  if (o.expires) {
    expires = new Date(o.expires);
    if (Number.isNaN(expires.getTime())) throw new Error(`unable to parse "expires" date string "${o.expires}"`);
  }
  const maxAge = o.max_age ? Math.max(o.max_age, 0) : undefined;
  const cookie = new (tough().Cookie)({
    key: name,
    value,
    domain: o.domain || null,
    path: o.path || null,
    expires: expires ?? null,
    maxAge: maxAge ?? null,
    secure: !!o.secure,
    httpOnly: !!o.http_only,
  });
  j.jar.setCookieSync(cookie, href, LENIENT);
  j.used = true;
  return true;
}

function cookiesForURL(j: Jar, url: string): Record<string, string[]> {
  const href = checkUrl(url);
  const out: Record<string, string[]> = {};
  if (!j.used) return out;
  for (const c of j.jar.getCookiesSync(href)) (out[c.key] ??= []).push(c.value);
  return out;
}

/** Removes every cookie `cookiesForURL(url)` would return. */
function clear(j: Jar, url: string): void {
  const href = checkUrl(url);
  if (!j.used) return;
  for (const c of j.jar.getCookiesSync(href)) j.store.removeCookie(c.domain ?? '', c.path ?? '', c.key, () => {});
}

/** Removes the cookies named `name` that would be sent to `url`. */
function deleteCookie(j: Jar, url: string, name: string): void {
  if (!name) throw new Error('cookie: is null');
  const href = checkUrl(url);
  if (!j.used) return;
  for (const c of j.jar.getCookiesSync(href)) if (c.key === name) j.store.removeCookie(c.domain ?? '', c.path ?? '', c.key, () => {});
}
