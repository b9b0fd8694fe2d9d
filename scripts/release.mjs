#!/usr/bin/env node
/**
 * `npm run release -- [--arch amd64|arm64|armhf] [--out DIR] [--teec-addon FILE]`: the artifact the
 * Ansible deployment installs on a board (deploy/README.md), never a git checkout.
 *
 *   DIR/triad-<version>-<commit>-linux-<arch>.tar.gz        and its .sha256
 *
 * It holds the built packages (dist/ only), the protos, production node_modules (pure JS but for
 * classic-level, which ships prebuilds for linux arm, arm64 and x64), and RELEASE.json. For the
 * build machine's own architecture it also holds ta-host (the emulated TEE, for test hosts) and
 * RELEASE.json gives that TA's measurement. A board's optee backend needs the libteec addon built
 * for it (packages/tee `npm run build:native` on or for the board): `--teec-addon` puts it in.
 *
 * Entries are sorted, owned by 0:0 and dated at the commit, so the same tree gives the same bytes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch as hostArch } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const DEBIAN_ARCH = { x64: 'amd64', arm64: 'arm64', arm: 'armhf' };
const ARCHES = ['amd64', 'arm64', 'armhf'];

const { values } = parseArgs({
  options: {
    arch: { type: 'string', default: DEBIAN_ARCH[hostArch()] ?? hostArch() },
    out: { type: 'string', default: join(root, 'build', 'release') },
    'teec-addon': { type: 'string' },
  },
});
const fail = (why) => {
  console.error(`release: ${why}`);
  process.exit(1);
};
if (!ARCHES.includes(values.arch)) fail(`--arch: expected one of ${ARCHES.join(', ')}`);
if (values['teec-addon'] && !existsSync(values['teec-addon']))
  fail(`--teec-addon: no file ${values['teec-addon']}`);

const step = (what) => console.log(`release: ${what}`);
const sh = (cmd, args, cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
};
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
// A build from uncommitted changes is named after them too, so two such builds never share a name
// (the deployment installs a release name once).
const changes = git('diff', 'HEAD');
const dirty = changes ? `-dirty${createHash('sha256').update(changes).digest('hex').slice(0, 8)}` : '';
const commit = git('rev-parse', '--short=12', 'HEAD') + dirty;
const name = `triad-${version}-${commit}-linux-${values.arch}`;
const withTaHost = values.arch === DEBIAN_ARCH[hostArch()];

step(`building ${name}`);
sh('npx', ['tsc', '-b', 'tsconfig.build.json']);
if (withTaHost) sh('make', ['-s', '-C', 'optee-ta', 'ta-host']);

const stage = join(values.out, name);
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

step('copying packages (dist only), protos and the lockfile');
for (const f of ['package.json', 'package-lock.json', 'LICENSE']) copyFileSync(join(root, f), join(stage, f));
cpSync(join(root, 'proto'), join(stage, 'proto'), { recursive: true });
for (const pkg of readdirSync(join(root, 'packages'))) {
  const from = join(root, 'packages', pkg);
  if (!existsSync(join(from, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  const to = join(stage, 'packages', pkg);
  mkdirSync(to, { recursive: true });
  copyFileSync(join(from, 'package.json'), join(to, 'package.json'));
  for (const entry of manifest.files ?? []) {
    cpSync(join(from, entry), join(to, entry), {
      recursive: true,
      filter: (src) => !src.endsWith('.tsbuildinfo'),
    });
  }
}

step('installing production dependencies (npm ci --omit=dev)');
sh('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], stage);

const manifest = { name, version, commit, arch: values.arch, node: '>=20', taHost: false, teecAddon: false };
if (withTaHost) {
  // Where @triad/tee looks for it (walking up from its dist/): <release>/optee-ta/build/host/ta-host.
  const taHost = join(stage, 'optee-ta', 'build', 'host');
  mkdirSync(taHost, { recursive: true });
  copyFileSync(join(root, 'optee-ta', 'build', 'host', 'ta-host'), join(taHost, 'ta-host'));
  execFileSync('chmod', ['0755', join(taHost, 'ta-host')]);
  manifest.taHost = true;
  manifest.emulatedMeasurement = execFileSync(join(taHost, 'ta-host'), ['--print-measurement'], {
    encoding: 'utf8',
  }).trim();
}
if (values['teec-addon']) {
  const to = join(stage, 'packages', 'tee', 'build', 'Release');
  mkdirSync(to, { recursive: true });
  copyFileSync(values['teec-addon'], join(to, 'teec_addon.node'));
  manifest.teecAddon = true;
}
writeFileSync(join(stage, 'RELEASE.json'), JSON.stringify(manifest, null, 2) + '\n');

step('packing');
const tarball = join(values.out, `${name}.tar.gz`);
const mtime = git('log', '-1', '--format=%ct');
const tar = spawnSync(
  'tar',
  [
    '--sort=name',
    `--mtime=@${mtime}`,
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
    '-C',
    values.out,
    '-cf',
    '-',
    name,
  ],
  { maxBuffer: 1 << 30 },
);
if (tar.status !== 0) fail(`tar failed: ${tar.stderr}`);
const gz = spawnSync('gzip', ['-n', '-9'], { input: tar.stdout, maxBuffer: 1 << 30 });
if (gz.status !== 0) fail(`gzip failed: ${gz.stderr}`);
writeFileSync(tarball, gz.stdout);
const sha = createHash('sha256').update(gz.stdout).digest('hex');
writeFileSync(`${tarball}.sha256`, `${sha}  ${basename(tarball)}\n`);
rmSync(stage, { recursive: true, force: true });
step(`${tarball} (${(gz.stdout.length / 1048576).toFixed(1)} MiB, sha256 ${sha})`);
console.log(tarball);
