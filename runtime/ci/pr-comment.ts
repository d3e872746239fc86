import { LlmloadError } from '../errors.js';

/** Where and as whom to comment. */
export interface PrCommentTarget {
  /** https://api.github.com, or GitHub Enterprise's `GITHUB_API_URL`. */
  apiUrl: string;
  /** owner/name. */
  repo: string;
  /** The pull request (an issue number, for the comments API). */
  number: number;
  token: string;
}

/** What upsertPrComment did. */
export interface PrCommentResult {
  action: 'created' | 'updated';
  id: number;
  url?: string;
}

/** Comments listed per request; PRs with more are paged through. */
const PER_PAGE = 100;

/**
 * Creates llmload's comment on a pull request, or updates the one it made
 * before: found by the hidden `marker` at the start of its body, so one PR has
 * one llmload comment however many times the workflow runs.
 */
export async function upsertPrComment(target: PrCommentTarget, body: string, marker: string): Promise<PrCommentResult> {
  const text = body.includes(marker) ? body : `${marker}\n${body}`;
  const base = `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repo}`;
  const existing = await findComment(base, target, marker);
  if (existing !== undefined) {
    const res = await call(target, 'PATCH', `${base}/issues/comments/${existing}`, { body: text });
    return { action: 'updated', id: existing, url: res.html_url as string | undefined };
  }
  const res = await call(target, 'POST', `${base}/issues/${target.number}/comments`, { body: text });
  return { action: 'created', id: res.id as number, url: res.html_url as string | undefined };
}

async function findComment(base: string, target: PrCommentTarget, marker: string): Promise<number | undefined> {
  for (let page = 1; ; page++) {
    const list = (await call(target, 'GET', `${base}/issues/${target.number}/comments?per_page=${PER_PAGE}&page=${page}`)) as unknown as Array<{
      id: number;
      body?: string;
    }>;
    const mine = list.find((c) => typeof c.body === 'string' && c.body.trimStart().startsWith(marker));
    if (mine) return mine.id;
    if (list.length < PER_PAGE) return undefined;
  }
}

async function call(target: PrCommentTarget, method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${target.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'llmload',
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new LlmloadError('ERR_OUTPUT', `github comment: ${method} ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) {
    const detail = (await res.text().catch(() => '')).slice(0, 300);
    throw new LlmloadError('ERR_OUTPUT', `github comment: ${method} ${url}: HTTP ${res.status} ${detail}`);
  }
  return (await res.json()) as Record<string, unknown>;
}
