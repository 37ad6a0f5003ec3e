// What each benchmark hands to `npm run bench`: rows of one markdown table, printed by the
// benchmark as a single machine-readable line after its own human-readable lines.
export interface BenchRow {
  name: string;
  ours: string;
  /** The bare-stack counterpart measured in the same run, when there is one. */
  bare?: string;
  ratio?: string;
  target: string;
  /** null where no target is set: the figure is reported only. */
  pass: boolean | null;
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

export function reportRows(rows: BenchRow[]): void {
  console.log(RESULT_PREFIX + JSON.stringify(rows));
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
