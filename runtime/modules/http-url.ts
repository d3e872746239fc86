/** `http.url` tagged templates (k6): one `name` tag for URLs that differ only in their ${} parts. */
import { perContext } from './internal/per-context.js';

/** What http.url`…` returns; pass it as a request URL. */
export class HttpURL {
  private constructor(
    /** The template, `${}` for each placeholder: the request's `name` (and `url`) tag. */
    readonly name: string,
    /** The URL itself. */
    readonly url: string,
    /** The URL with credentials masked, as in tags. */
    readonly clean_url: string,
  ) {}

  /** @internal */
  static of(name: string, url: string, cleanUrl: string): HttpURL {
    return new HttpURL(name, url, cleanUrl);
  }

  toString(): string {
    return this.url;
  }
}
// One class for the VUs of a context: see perContext.
// @ts-expect-error TypeScript forbids assigning to a class
// biome-ignore lint/suspicious/noClassAssign: one class per context (perContext)
HttpURL = perContext('llmload/http HttpURL', HttpURL);

/** The URL with credentials masked as k6 does in tags: "http://****:****@host/". */
export function cleanURL(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i.exec(url);
  if (!m) return url;
  return `${m[1]}${m[2]!.includes(':') ? '****:****' : '****'}@${url.slice(m[0].length)}`;
}

/** http.url`https://host/items/${id}`: the `name` tag is "https://host/items/${}". */
export function url(strings: TemplateStringsArray, ...values: unknown[]): HttpURL {
  let name = '';
  let full = '';
  strings.forEach((part, i) => {
    name += part;
    full += part;
    if (i < values.length) {
      name += '${}';
      full += String(values[i]);
    }
  });
  const clean = cleanURL(full);
  return HttpURL.of(values.length === 0 ? clean : name, full, clean);
}
