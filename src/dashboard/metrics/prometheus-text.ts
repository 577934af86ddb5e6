export type Labels = Readonly<Record<string, string>>;

/** Label values may hold anything a topic or job is named; the exposition format escapes these three. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Prometheus text exposition format 0.0.4, one metric family at a time. */
export class PrometheusText {
  readonly #lines: string[] = [];

  add(name: string, type: 'gauge' | 'counter', help: string, samples: number | ReadonlyArray<readonly [Labels, number]>): this {
    this.#lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
    if (typeof samples === 'number') {
      this.#lines.push(`${name} ${formatValue(samples)}`);
      return this;
    }
    for (const [labels, value] of samples) {
      const rendered = Object.entries(labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      this.#lines.push(`${name}{${rendered}} ${formatValue(value)}`);
    }
    return this;
  }

  toString(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}
