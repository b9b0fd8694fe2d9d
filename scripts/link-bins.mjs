/**
 * The workspace packages' bins (triad-signer, triadctl, triad-keystore-bridge) in node_modules/.bin,
 * executable. npm links a bin only if its file exists when it installs, and on a fresh clone
 * `npm ci` runs before `tsc` has written them; without this, `npx triadctl` would look for the
 * name on the registry instead.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { join, relative } from 'node:path';

export function linkWorkspaceBins(root) {
  const binDir = join(root, 'node_modules', '.bin');
  mkdirSync(binDir, { recursive: true });
  for (const name of readdirSync(join(root, 'packages'))) {
    const manifest = join(root, 'packages', name, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const [bin, path] of Object.entries(pkg.bin ?? {})) {
      const target = join(root, 'packages', name, path);
      if (!existsSync(target)) continue;
      chmodSync(target, 0o755);
      const link = join(binDir, bin);
      try {
        if (lstatSync(link)) unlinkSync(link);
      } catch {
        // no link yet
      }
      symlinkSync(relative(binDir, target), link);
    }
  }
}
