/**
 * Standard TOPSIS (Hwang & Yoon): vector normalisation, weights normalised to
 * sum 1, benefit/cost direction, ideal and anti-ideal points, closeness
 * C = S⁻ / (S⁺ + S⁻). Pure.
 */

/** One criterion: its weight (any positive scale) and whether more is better. */
export interface TopsisCriterion {
  weight: number;
  benefit: boolean;
}

/** Per alternative: closeness and the distances it came from. */
export interface TopsisResult {
  closeness: number[];
  /** Distance to the ideal point (S⁺). */
  sPlus: number[];
  /** Distance to the anti-ideal point (S⁻). */
  sMinus: number[];
  /** Weights after normalisation (sum 1). */
  weights: number[];
}

/**
 * Ranks the rows of `matrix` (alternatives × criteria). A column of zeros
 * normalises to zeros and a constant column adds nothing to any distance, so
 * neither makes NaN. An alternative at the ideal point (S⁺ = 0, e.g. the only
 * one) has C = 1.
 */
export function topsis(matrix: readonly (readonly number[])[], criteria: readonly TopsisCriterion[]): TopsisResult {
  const n = criteria.length;
  for (const [i, row] of matrix.entries()) {
    if (row.length !== n) throw new Error(`row ${i} has ${row.length} values for ${n} criteria`);
    if (row.some((v) => !Number.isFinite(v))) throw new Error(`row ${i} has a value that is not a finite number`);
  }
  const sum = criteria.reduce((a, c) => a + c.weight, 0);
  if (!(sum > 0) || criteria.some((c) => !(c.weight >= 0))) throw new Error('weights must be non-negative with a positive sum');
  const weights = criteria.map((c) => c.weight / sum);
  const norms = criteria.map((_, j) => Math.sqrt(matrix.reduce((a, row) => a + row[j]! ** 2, 0)));
  const v = matrix.map((row) => row.map((x, j) => (norms[j]! > 0 ? (x / norms[j]!) * weights[j]! : 0)));
  const column = (j: number) => v.map((row) => row[j]!);
  const ideal = criteria.map((c, j) => (c.benefit ? Math.max(...column(j)) : Math.min(...column(j))));
  const anti = criteria.map((c, j) => (c.benefit ? Math.min(...column(j)) : Math.max(...column(j))));
  const dist = (row: number[], p: number[]) => Math.sqrt(row.reduce((a, x, j) => a + (x - p[j]!) ** 2, 0));
  const sPlus = v.map((row) => dist(row, ideal));
  const sMinus = v.map((row) => dist(row, anti));
  const closeness = sPlus.map((sp, i) => (sp === 0 ? 1 : sMinus[i]! / (sp + sMinus[i]!)));
  return { closeness, sPlus, sMinus, weights };
}
