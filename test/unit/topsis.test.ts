import { describe, expect, it } from 'vitest';
import { topsis } from '../../runtime/plan/topsis.js';

describe('TOPSIS', () => {
  it('reproduces the textbook example to 1e-4', () => {
    // Tzeng, G.-H. & Huang, J.-J. (2011), Multiple Attribute Decision Making: Methods and
    // Applications, CRC Press, the TOPSIS example: four alternatives, three benefit criteria,
    // weights 0.3/0.4/0.3; published closeness 0.5037, 0.6581, 0.7482, 0.3340.
    const r = topsis(
      [
        [5, 8, 4],
        [7, 6, 8],
        [8, 8, 6],
        [7, 4, 6],
      ],
      [0.3, 0.4, 0.3].map((weight) => ({ weight, benefit: true })),
    );
    const expected = [0.5037, 0.6581, 0.7482, 0.334];
    r.closeness.forEach((c, i) => expect(Math.abs(c - expected[i]!)).toBeLessThan(1e-4));
  });

  it('normalises weights to sum 1 (3/4/3 ranks as 0.3/0.4/0.3)', () => {
    const m = [
      [5, 8, 4],
      [7, 6, 8],
    ];
    const a = topsis(
      m,
      [3, 4, 3].map((weight) => ({ weight, benefit: true })),
    );
    const b = topsis(
      m,
      [0.3, 0.4, 0.3].map((weight) => ({ weight, benefit: true })),
    );
    expect(a.weights).toEqual(b.weights);
    a.closeness.forEach((c, i) => expect(c).toBeCloseTo(b.closeness[i]!, 12));
  });

  it('a constant criterion yields no NaN and changes nothing; a zero column neither', () => {
    const base = topsis(
      [
        [10, 3],
        [20, 1],
        [15, 2],
      ],
      [
        { weight: 1, benefit: true },
        { weight: 1, benefit: false },
      ],
    );
    for (const constant of [7, 0]) {
      const r = topsis(
        [
          [10, 3, constant],
          [20, 1, constant],
          [15, 2, constant],
        ],
        [
          { weight: 1, benefit: true },
          { weight: 1, benefit: false },
          { weight: 1, benefit: true },
        ],
      );
      for (const x of [...r.closeness, ...r.sPlus, ...r.sMinus]) expect(Number.isNaN(x)).toBe(false);
      const order = (c: number[]) => c.map((_, i) => i).sort((i, j) => c[j]! - c[i]!);
      expect(order(r.closeness)).toEqual(order(base.closeness));
    }
  });

  it('identical alternatives and a single one do not divide by zero', () => {
    expect(
      topsis(
        [[1, 2]],
        [
          { weight: 1, benefit: true },
          { weight: 1, benefit: false },
        ],
      ).closeness,
    ).toEqual([1]);
    expect(
      topsis(
        [
          [1, 2],
          [1, 2],
        ],
        [
          { weight: 1, benefit: true },
          { weight: 1, benefit: true },
        ],
      ).closeness,
    ).toEqual([1, 1]);
  });

  it('flipping benefit to cost flips the order', () => {
    const m = [[100], [300], [200]];
    const up = topsis(m, [{ weight: 1, benefit: true }]).closeness;
    const down = topsis(m, [{ weight: 1, benefit: false }]).closeness;
    const order = (c: number[]) => c.map((_, i) => i).sort((i, j) => c[j]! - c[i]!);
    expect(order(up)).toEqual([1, 2, 0]);
    expect(order(down)).toEqual([0, 2, 1]);
    up.forEach((c, i) => expect(c + down[i]!).toBeCloseTo(1, 12));
  });

  it('S⁺ and S⁻ by hand for two alternatives', () => {
    // Column norms sqrt(3²+4²)=5: v = [[0.6],[0.8]]; ideal 0.8, anti 0.6.
    const r = topsis([[3], [4]], [{ weight: 1, benefit: true }]);
    expect(r.sPlus[0]).toBeCloseTo(0.2, 12);
    expect(r.sMinus[1]).toBeCloseTo(0.2, 12);
    expect(r.closeness).toEqual([0, 1]);
  });
});
