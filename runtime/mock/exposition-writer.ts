/** Prometheus text exposition (format 0.0.4) for the mock's fake /metrics endpoints. */

export type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** Accumulates metric families into one exposition text. */
export class PromText {
  private out = '';

  /** One family: `# HELP`, `# TYPE`, then one line per sample. */
  family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: { labels: Labels; value: string | number }[]): this {
    this.out += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
    for (const s of samples) this.out += `${name}${labelText(s.labels)} ${s.value}\n`;
    return this;
  }

  histogram(name: string, help: string, labels: Labels, h: Histogram): this {
    this.out += `# HELP ${name} ${help}\n# TYPE ${name} histogram\n`;
    let cumulative = 0;
    h.bounds.forEach((le, i) => {
      cumulative += h.counts[i]!;
      this.out += `${name}_bucket${labelText({ ...labels, le: String(le) })} ${cumulative}.0\n`;
    });
    this.out += `${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${h.count}.0\n`;
    this.out += `${name}_count${labelText(labels)} ${h.count}.0\n`;
    this.out += `${name}_sum${labelText(labels)} ${h.sum}\n`;
    return this;
  }

  toString(): string {
    return this.out;
  }
}

/** A cumulative Prometheus histogram (observations in seconds). */
export class Histogram {
  readonly counts: number[];
  count = 0;
  sum = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(v: number): void {
    this.count++;
    this.sum += v;
    const i = this.bounds.findIndex((b) => v <= b);
    if (i >= 0) this.counts[i]!++;
  }
}
