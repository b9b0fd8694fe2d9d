/**
 * A small benchmark harness: time each case for a fixed wall-clock budget after a warm-up, keep
 * per-operation samples for percentiles, and report every case as a ratio to the baseline measured
 * in the same run (absolute numbers on a shared 2-core machine are noise; ratios are the signal).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface BenchCase {
  readonly name: string;
  /** One operation; may be async. */
  readonly run: () => unknown;
  readonly setup?: () => Promise<void> | void;
  /**
   * Operations kept in flight at once (default 1: one after another). With more, `meanUs` is the
   * elapsed time per completed operation (the inverse of throughput) and p50/p99 are each
   * operation's own latency.
   */
  readonly inFlight?: number;
}

export interface BenchResult {
  readonly name: string;
  readonly ops: number;
  readonly opsPerSec: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** mean time relative to the baseline case (1.0 = as fast as the baseline). */
  readonly ratioToBaseline: number;
}

export const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(c: BenchCase, budgetMs: number): Promise<Omit<BenchResult, 'ratioToBaseline'>> {
  await c.setup?.();
  const workers = c.inFlight ?? 1;
  const samples: number[] = [];
  let recording = false;
  let end = performance.now() + Math.min(200, budgetMs / 5); // warm-up first, not recorded
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await c.run();
      if (recording) samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  recording = true;
  const start = performance.now();
  end = start + budgetMs;
  await Promise.all(Array.from({ length: workers }, worker));
  const elapsedMs = performance.now() - start;
  const sorted = Float64Array.from(samples).sort();
  return {
    name: c.name,
    ops: samples.length,
    opsPerSec: (samples.length / elapsedMs) * 1000,
    meanUs: (elapsedMs / samples.length) * 1000,
    p50Us: percentile(sorted, 50) * 1000,
    p99Us: percentile(sorted, 99) * 1000,
  };
}

/** Runs the cases in order; the first one is the baseline. Progress goes to stderr. */
export async function runSuite(
  title: string,
  cases: readonly BenchCase[],
  budgetMs: number,
): Promise<BenchResult[]> {
  const raw = [];
  for (const [i, c] of cases.entries()) {
    process.stderr.write(`[${title}] ${i + 1}/${cases.length} ${c.name} ...`);
    const r = await measure(c, budgetMs);
    process.stderr.write(` ${r.opsPerSec.toFixed(0)} ops/s\n`);
    raw.push(r);
  }
  const base = raw[0]!.meanUs;
  return raw.map((r) => ({ ...r, ratioToBaseline: r.meanUs / base }));
}

/** Rows measured outside this process (the C benchmark): no samples, so no percentiles. */
export function externalRows(
  rows: readonly { name: string; ops: number; meanUs: number }[],
  baselineMeanUs: number,
): BenchResult[] {
  return rows.map((r) => ({
    name: r.name,
    ops: r.ops,
    opsPerSec: 1e6 / r.meanUs,
    meanUs: r.meanUs,
    p50Us: NaN,
    p99Us: NaN,
    ratioToBaseline: r.meanUs / baselineMeanUs,
  }));
}

const fixed = (n: number, digits: number) => (Number.isNaN(n) ? '-' : n.toFixed(digits));

export function formatTable(results: readonly BenchResult[]): string {
  const head = ['case', 'ops/s', 'mean µs', 'p50 µs', 'p99 µs', 'x baseline'];
  const rows = results.map((r) => [
    r.name,
    r.opsPerSec.toFixed(0),
    r.meanUs.toFixed(1),
    fixed(r.p50Us, 1),
    fixed(r.p99Us, 1),
    r.ratioToBaseline.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * bench/results/<name>-<date>.json, and latest.json unless `latest` is false (a run of the load
 * alone must not hide the last full run). `extra` goes beside the suites (the load run: load.ts).
 */
export function writeResults(
  dir: string,
  suites: Record<string, BenchResult[]>,
  o: { extra?: Record<string, unknown>; name?: string; latest?: boolean } = {},
): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const body = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    suites,
    ...o.extra,
  };
  const file = `${dir}/${o.name ?? 'bench'}-${stamp}.json`;
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  if (o.latest ?? true) writeFileSync(`${dir}/latest.json`, JSON.stringify(body, null, 2) + '\n');
  return file;
}
