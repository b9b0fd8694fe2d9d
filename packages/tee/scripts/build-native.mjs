#!/usr/bin/env node
/**
 * Builds the optee backend's N-API addon (native/teec_addon.c) with node-gyp (binding.gyp).
 *
 *   node scripts/build-native.mjs         `npm run build:native`: against libteec where optee_client
 *                                         installs it, $TEEC_EXPORT/{include,lib} (a build tree's
 *                                         out/export/usr) or /usr, into build/Release/teec_addon.node.
 *                                         Where tee_client_api.h is in neither, one line says the
 *                                         addon is skipped and the exit status is 0.
 *   node scripts/build-native.mjs --fake  the tests' build, against native/test/ (a fake libteec over
 *                                         a ta-host socket): native/build-fake/teec_addon.node and
 *                                         lib/libteec.so.2; nothing to do when newer than its sources.
 *   node scripts/build-native.mjs --find include|lib
 *                                         where libteec is ('' if nowhere): binding.gyp asks this, so
 *                                         a plain `node-gyp rebuild` decides exactly as we do.
 *
 * The addon links with -lteec, so it records whatever soname the libteec it was built against has
 * (libteec.so.1 before optee_client 4.2, .so.2 since): build it on (or for) the board it runs on.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/** optee_client's install layouts: its export tree when TEEC_EXPORT names one, else the system. */
function findTeec() {
  const exported = process.env.TEEC_EXPORT;
  if (exported && existsSync(join(exported, 'include', 'tee_client_api.h'))) {
    return { include: resolve(exported, 'include'), lib: resolve(exported, 'lib') };
  }
  // the system's linker path has libteec; no -L
  if (existsSync('/usr/include/tee_client_api.h')) return { include: '/usr/include', lib: '' };
  return undefined;
}

/** node-gyp: npm's own (npm names it to scripts it runs), or the one npm bundles, or one on PATH. */
function nodeGyp(gypArgs, cwd) {
  const bundled = resolve(
    dirname(process.execPath),
    '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  );
  const script = process.env.npm_config_node_gyp ?? (existsSync(bundled) ? bundled : undefined);
  const [cmd, pre] = script ? [process.execPath, [script]] : ['node-gyp', []];
  run(cmd, [...pre, ...nodeDir(), ...gypArgs], cwd);
}

/**
 * Node's headers: npm passes its `nodedir` setting itself; run directly, use those installed with
 * the running node (distro and official builds have them) rather than have node-gyp download any.
 */
function nodeDir() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = resolve(dirname(process.execPath), '..');
  const header = join(prefix, 'include', 'node', 'node_version.h');
  if (!existsSync(header)) return [];
  const h = readFileSync(header, 'utf8');
  const v = ['MAJOR', 'MINOR', 'PATCH'].map(
    (p) => new RegExp(`#define NODE_${p}_VERSION (\\d+)`).exec(h)?.[1],
  );
  return `v${v.join('.')}` === process.version ? [`--nodedir=${prefix}`] : [];
}

class BuildError extends Error {}

function run(cmd, cmdArgs, cwd = root) {
  const r = spawnSync(cmd, cmdArgs, { cwd, stdio: 'inherit' });
  if (r.status !== 0)
    throw new BuildError(`${cmd} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}

function buildForBoard() {
  const teec = findTeec();
  if (!teec) {
    console.log(
      '@triad/tee: no libteec headers (tee_client_api.h in $TEEC_EXPORT/include or /usr/include): optee addon skipped',
    );
    return;
  }
  nodeGyp(['rebuild'], root);
  console.log(`@triad/tee: built build/Release/teec_addon.node against ${teec.include}`);
}

/**
 * Built in a fresh directory and moved into place file by file (rename is atomic), so a test run
 * loading the addon, or another build racing this one, never sees half a file.
 */
function buildFake() {
  const out = join(root, 'native', 'build-fake');
  const addon = join(out, 'teec_addon.node');
  const lib = join(out, 'lib', 'libteec.so.2');
  const taInclude = resolve(root, '..', '..', 'optee-ta', 'ta', 'include');
  const sources = [
    join(root, 'binding.gyp'),
    join(root, 'native', 'teec_addon.c'),
    join(root, 'native', 'test', 'fake_teec.c'),
    join(root, 'native', 'test', 'tee_client_api.h'),
    join(taInclude, 'triad_ta.h'),
    fileURLToPath(import.meta.url),
  ];
  const mtime = (f) => statSync(f).mtimeMs;
  if (existsSync(addon) && existsSync(lib)) {
    const newest = Math.max(...sources.map(mtime));
    if (Math.min(mtime(addon), mtime(lib)) > newest) return;
  }

  mkdirSync(join(out, 'lib'), { recursive: true });
  const tmp = mkdtempSync(join(out, 'tmp-'));
  try {
    mkdirSync(join(tmp, 'lib'));
    // the soname a board's optee_client >= 4.2 has: the addon must not care which
    run(process.env.CC ?? 'cc', [
      ...['-shared', '-fPIC', '-O2', '-g', '-std=c11', '-Wall', '-Wextra', '-Werror', '-pthread'],
      ...['-I', join(root, 'native', 'test'), '-I', taInclude],
      ...['-Wl,-soname,libteec.so.2', '-o', join(tmp, 'lib', 'libteec.so.2')],
      join(root, 'native', 'test', 'fake_teec.c'),
    ]);
    symlinkSync('libteec.so.2', join(tmp, 'lib', 'libteec.so')); // what -lteec looks for
    // node-gyp builds in <cwd>/build from <cwd>/binding.gyp: one that is ours, included
    writeFileSync(join(tmp, 'binding.gyp'), "{ 'includes': ['../../../binding.gyp'] }\n");
    nodeGyp(
      [
        'rebuild',
        '--',
        '-Dteec_fake=1',
        `-Dteec_include_dir=${join(root, 'native', 'test')}`,
        `-Dteec_lib_dir=${join(tmp, 'lib')}`,
      ],
      tmp,
    );
    renameSync(join(tmp, 'lib', 'libteec.so.2'), lib);
    renameSync(join(tmp, 'build', 'Release', 'teec_addon.node'), addon);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`@triad/tee: built ${addon} against the fake libteec`);
}

function main() {
  if (args[0] === '--find') {
    const teec = findTeec();
    const what = args[1];
    if (what !== 'include' && what !== 'lib') {
      console.error('usage: build-native.mjs --find include|lib');
      process.exit(2);
    }
    console.log(teec ? teec[what] : '');
  } else if (args[0] === '--fake') {
    buildFake();
  } else if (args.length === 0) {
    buildForBoard();
  } else {
    console.error('usage: build-native.mjs [--fake | --find include|lib]');
    process.exit(2);
  }
}

try {
  main();
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  console.error(`@triad/tee: ${e.message}`);
  process.exit(1);
}
