import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { upsertPrComment } from '../ci/pr-comment.js';
import { COMMENT_MARKER } from '../compare/format.js';
import { ExitCode, invalidOption } from '../errors.js';

/** `llmload github-comment` flags: everything defaults to what a GitHub Actions job has. */
export function githubCommentFlags(y: Argv): Argv {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'markdown body (e.g. llmload compare --format md)' })
    .option('pr', { type: 'number', describe: 'pull request number (default: from $GITHUB_EVENT_PATH)' })
    .option('repo', { type: 'string', describe: 'owner/name (default: $GITHUB_REPOSITORY)' })
    .option('api-url', { type: 'string', describe: 'GitHub API (default: $GITHUB_API_URL or https://api.github.com)' })
    .option('marker', { type: 'string', default: COMMENT_MARKER, describe: 'hidden marker that finds the comment to update' });
}

/** Creates or updates llmload's one comment on the pull request; the token is $GITHUB_TOKEN. */
export async function githubCommentCommand(argv: Record<string, unknown>, env: Record<string, string | undefined> = process.env): Promise<number> {
  const token = env.GITHUB_TOKEN;
  if (!token) throw invalidOption('github-comment', 'needs $GITHUB_TOKEN');
  const repo = (argv.repo as string | undefined) ?? env.GITHUB_REPOSITORY;
  if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo)) throw invalidOption('--repo', `expected owner/name, got "${repo ?? ''}" (or set $GITHUB_REPOSITORY)`);
  const number = (argv.pr as number | undefined) ?? (await prFromEvent(env.GITHUB_EVENT_PATH));
  if (number === undefined) {
    process.stderr.write('github-comment: not a pull request event (no --pr): nothing to comment on\n');
    return ExitCode.OK;
  }
  const body = await readFile(String(argv.file), 'utf8').catch((err: Error) => {
    throw invalidOption('github-comment', `cannot read "${String(argv.file)}": ${err.message}`);
  });
  const apiUrl = (argv.apiUrl as string | undefined) ?? env.GITHUB_API_URL ?? 'https://api.github.com';
  const r = await upsertPrComment({ apiUrl, repo, number, token }, body, String(argv.marker ?? COMMENT_MARKER));
  process.stderr.write(`github-comment: ${r.action} comment ${r.id}${r.url ? ` (${r.url})` : ''}\n`);
  return ExitCode.OK;
}

async function prFromEvent(file: string | undefined): Promise<number | undefined> {
  if (!file) return undefined;
  try {
    const event = JSON.parse(await readFile(file, 'utf8')) as { pull_request?: { number?: number }; issue?: { number?: number; pull_request?: unknown } };
    return event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
  } catch {
    return undefined;
  }
}
