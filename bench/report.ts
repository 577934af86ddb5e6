/** The shared shape of benchmark output: one figure a line, then the ratio to the baseline. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The same quantity measured for the baseline, when there is one. */
  baseline?: number;
  /** Whether a larger value is better (throughput) or worse (latency, memory). */
  higherIsBetter?: boolean;
}

export function printFigures(title: string, figures: Figure[], baselineName?: string): void {
  console.log(`\n## ${title}`);
  for (const f of figures) {
    let line = `${f.name}: ${format(f.value)} ${f.unit}`;
    if (f.baseline !== undefined && f.baseline > 0) {
      const ratio = f.higherIsBetter === false ? f.baseline / f.value : f.value / f.baseline;
      line += `  (baseline${baselineName ? ` ${baselineName}` : ''}: ${format(f.baseline)} ${f.unit}; ratio ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a'})`;
    }
    console.log(line);
  }
}

function format(v: number): string {
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(v < 10 ? 3 : 1);
}

/** Percentile of an already sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
