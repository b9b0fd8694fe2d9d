/**
 * `npm run bench`: every suite in one run, a table per suite on stdout, JSON in bench/results/.
 * BENCH_MS sets the time per case (default 2000 ms).
 */
import { fileURLToPath } from 'node:url';
import { frostCases } from './frost.js';
import { formatTable, runSuite, writeResults } from './harness.js';

const budgetMs = Number(process.env.BENCH_MS ?? 2000);
const suites = { 'in-process signing': await runSuite('in-process signing', frostCases(), budgetMs) };

for (const [title, results] of Object.entries(suites)) {
  console.log(`\n${title} (ratio = mean time / baseline mean time, same run)\n`);
  console.log(formatTable(results));
}
const file = writeResults(fileURLToPath(new URL('../results', import.meta.url)), suites);
console.log(`\nresults: ${file}`);
