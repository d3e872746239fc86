/**
 * The client's output-token count against the server's, over a run. When a
 * request names a tokenizer and the server reports `usage`, the generated
 * text is recounted (tokens.ts): the difference client − server, per request,
 * is `llm_token_count_diff`. Its size and sign say what it is:
 *
 *  - a different tokenizer than the server's: large (≥ 3 % of the server's
 *    tokens over the run) and of one sign (≥ 90 % of the differing requests);
 *  - re-tokenization noise: the right tokenizer, but decoded text re-encodes
 *    a little differently (a model's token sequence is not always the one the
 *    tokenizer would choose): small (< 3 %) with both signs, or tiny (< 1 %);
 *  - anything else is reported as unclear, with the same numbers.
 *
 * The server's counts are what llmload uses either way; this only diagnoses.
 */

/** A relative difference at least this large is "large". */
export const LARGE_DIFF = 0.03;
/** Below this it is noise whatever its sign. */
export const TINY_DIFF = 0.01;
/** This share of the differing requests on one side is "one sign". */
export const ONE_SIGN = 0.9;

export type TokenDiffVerdict = 'agree' | 'tokenizer' | 'noise' | 'unclear';

/** Running totals of client − server output tokens. */
export class TokenDiffStats {
  /** Requests whose output both sides counted. */
  compared = 0;
  /** …of which the counts differ. */
  differing = 0;
  /** Client counted fewer. */
  fewer = 0;
  /** Client counted more. */
  more = 0;
  clientTokens = 0;
  serverTokens = 0;
  min = 0;
  max = 0;

  add(client: number, server: number): void {
    const d = client - server;
    this.compared++;
    this.clientTokens += client;
    this.serverTokens += server;
    if (d === 0) return;
    this.differing++;
    if (d < 0) this.fewer++;
    else this.more++;
    if (this.differing === 1) this.min = this.max = d;
    else {
      this.min = Math.min(this.min, d);
      this.max = Math.max(this.max, d);
    }
  }

  /** Σ(client − server). */
  get total(): number {
    return this.clientTokens - this.serverTokens;
  }

  /** total / the server's tokens (0 when the server counted none). */
  get relative(): number {
    return this.serverTokens > 0 ? this.total / this.serverTokens : 0;
  }
}

/** What the differences look like (see the module comment for the rule). */
export function classifyTokenDiff(s: TokenDiffStats): TokenDiffVerdict {
  if (s.differing === 0) return 'agree';
  const rel = Math.abs(s.relative);
  const oneSign = Math.max(s.fewer, s.more) / s.differing >= ONE_SIGN;
  if (rel >= LARGE_DIFF && oneSign) return 'tokenizer';
  if (rel < TINY_DIFF || (rel < LARGE_DIFF && !oneSign)) return 'noise';
  return 'unclear';
}

const VERDICTS: Record<TokenDiffVerdict, string> = {
  agree: 'the client tokenizer agrees with the server',
  tokenizer:
    "looks like a different tokenizer than the server's (large, one sign): give the model's tokenizer.json or GGUF as `tokenizer`; the server's counts are used",
  noise: "looks like re-tokenization noise (small, both signs): the right tokenizer re-encoding decoded text; the server's counts are used",
  unclear: "neither clearly a different tokenizer (large, one sign) nor re-tokenization noise (small, both signs); the server's counts are used",
};

const signed = (n: number, digits = 0): string => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(digits)}`;

/** The summary line: counts, sizes, and the verdict. */
export function describeTokenDiff(s: TokenDiffStats): string {
  const verdict = VERDICTS[classifyTokenDiff(s)];
  if (s.differing === 0) return `${verdict} on all ${s.compared} requests`;
  return (
    `${s.differing} of ${s.compared} requests differ (${s.fewer} fewer, ${s.more} more); ` +
    `client − server ${signed(s.total)} of ${s.serverTokens} tokens (${signed(s.relative * 100, 1)} %), per request ${signed(s.min)} to ${signed(s.max)}: ${verdict}`
  );
}

/** The `--summary-export` object (`llm.token_check`). */
export function tokenDiffExport(s: TokenDiffStats): Record<string, unknown> {
  return {
    compared: s.compared,
    differing: s.differing,
    fewer: s.fewer,
    more: s.more,
    client_tokens: s.clientTokens,
    server_tokens: s.serverTokens,
    diff_total: s.total,
    diff_relative: s.relative,
    diff_min: s.min,
    diff_max: s.max,
    verdict: classifyTokenDiff(s),
  };
}
