/**
 * The set-up that `npm test`, `npm start` and `npm run test:deploy` share, so that each works on a
 * fresh clone: npm dependencies (when absent or older than the lockfile), the C toolchain (needs
 * root or sudo), the TypeScript build, ta-host, and the workspace bins. Exits on the first failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { linkWorkspaceBins } from './link-bins.mjs';

export const root = new URL('..', import.meta.url).pathname;

/** Runs one stage with its output shown; `say` prints its title. Exits the process if it fails. */
export function stage(say, title, cmd, args) {
  say(title);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}); see above`);
    process.exit(1);
  }
}

export function setUp(say) {
  const installed = join(root, 'node_modules/.package-lock.json');
  if (
    !existsSync(installed) ||
    statSync(installed).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs
  )
    stage(say, 'dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
  stage(say, 'toolchain', 'sh', ['optee-ta/scripts/install-toolchain.sh']);
  stage(say, 'build', 'npx', ['tsc', '-b', 'tsconfig.build.json']);
  stage(say, 'TA (optee-ta: libsodium, ta-host)', 'make', ['-s', '-C', 'optee-ta', 'ta-host']);
  linkWorkspaceBins(root); // so that `npx triadctl` finds ours, not a name on the registry
}
