/** k6's cookie jars: the VU's (`http.cookieJar()`) and the script's own (`new http.CookieJar()`); the cookies live in the host. */
import type { HttpSyncCall, JarSetOptions } from '../../plugins/endpoints/http/types.js';
import { host } from './internal/state.js';

function jarCall<T>(call: HttpSyncCall): T {
  return JSON.parse(host.callSync('http', call)) as T;
}

const VU_JAR = Symbol('vu jar');
// A script's jar that is garbage-collected frees its cookies in the host.
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((jar) => jarCall({ op: 'jarFree', jar })) : undefined;

/** k6's cookie attributes for jar.set(). */
export interface CookieOptions {
  domain?: string;
  path?: string;
  /** RFC 1123 date, e.g. "Mon, 02 Jan 2006 15:04:05 GMT". */
  expires?: string;
  /** Seconds. */
  max_age?: number;
  secure?: boolean;
  http_only?: boolean;
}

/**
 * A cookie jar; the cookies live in llmload's host process. The VU's own jar
 * (http.cookieJar()) is emptied at the start of every iteration unless the
 * `noCookiesReset` option is set.
 */
export class CookieJar {
  readonly #id: number;

  /** A new, empty jar for params.jar. */
  constructor();
  /** @internal */
  constructor(which: typeof VU_JAR);
  constructor(which?: typeof VU_JAR) {
    if (which === VU_JAR) {
      this.#id = 0;
      return;
    }
    this.#id = jarCall<number>({ op: 'jarNew' });
    registry?.register(this, this.#id);
  }

  /**
   * The jar id a request sends (params.jar); undefined when `x` is not a jar.
   * @internal
   */
  static idOf(x: unknown): number | undefined {
    return typeof x === 'object' && x !== null && #id in x ? (x as CookieJar).#id : undefined;
  }

  /**
   * The VU's jar.
   * @internal
   */
  static vu(): CookieJar {
    return new CookieJar(VU_JAR);
  }

  /** The cookies that would be sent to `url`: name → values. */
  cookiesForURL(url: string): Record<string, string[]> {
    return jarCall({ op: 'jarCookiesForURL', jar: this.#id, url: String(url) });
  }

  /** Stores a cookie as if `url` had set it (domain and path default to the URL's). */
  set(url: string, name: string, value: string, options?: CookieOptions | null): boolean {
    const opts: JarSetOptions = {};
    if (options) for (const k of Object.keys(options)) (opts as Record<string, unknown>)[k.toLowerCase()] = (options as Record<string, unknown>)[k];
    return jarCall({ op: 'jarSet', jar: this.#id, url: String(url), name: String(name), value: String(value), opts });
  }

  /** Removes every cookie that would be sent to `url`. */
  clear(url: string): void {
    jarCall({ op: 'jarClear', jar: this.#id, url: String(url) });
  }

  /** Removes the cookie `name` that would be sent to `url`. */
  delete(url: string, name: string): void {
    jarCall({ op: 'jarDelete', jar: this.#id, url: String(url), name: String(name ?? '') });
  }
}

/** This VU's cookie jar. */
export function cookieJar(): CookieJar {
  return CookieJar.vu();
}
