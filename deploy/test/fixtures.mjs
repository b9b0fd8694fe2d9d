/**
 * What an operator prepares before running the playbook, made for the test hosts: the release
 * archive (`npm run release`), a Node.js archive in nodejs.org's layout, the cluster PKI with the
 * keys in Ansible Vault, and an inventory. Also reads Ansible's output (the PLAY RECAP).
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './lab.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const TRIADCTL = join(ROOT, 'packages', 'cli', 'dist', 'src', 'bin', 'triadctl.js');

/** `npm run release` for this machine's architecture; its archive's path and manifest. */
export function buildRelease() {
  const out = run('npm', ['run', '--silent', 'release'], { cwd: ROOT });
  const archive = out.trim().split('\n').pop();
  const name = archive
    .split('/')
    .pop()
    .replace(/\.tar\.gz$/, '');
  const manifest = JSON.parse(run('tar', ['-xzOf', archive, `${name}/RELEASE.json`]));
  return { archive, manifest };
}

/** This Node.js as nodejs.org ships it (node-vX-linux-x64/bin/node), in `dir`. */
export function nodeArchive(dir) {
  const name = `node-${process.version}-linux-x64`;
  const archive = join(dir, `${name}.tar.gz`);
  const stage = join(dir, 'node-stage');
  mkdirSync(join(stage, name, 'bin'), { recursive: true });
  copyFileSync(process.execPath, join(stage, name, 'bin', 'node'));
  run('tar', ['--owner=0', '--group=0', '-C', stage, '-czf', archive, name], {
    env: { ...process.env, GZIP: '-1' },
  });
  run('rm', ['-rf', stage]);
  return archive;
}

/**
 * The cluster PKI as an operator keeps it beside the inventory: certificates in the clear, every
 * key encrypted with Ansible Vault, and the CA key not there at all (it stays offline). Plain
 * copies of the two client identities go to `clientDir` for the test's own triadctl calls.
 */
export function makePki(pkiDir, clientDir, hosts, vaultPassword) {
  run(process.execPath, [
    TRIADCTL,
    'certs',
    '--dir',
    pkiDir,
    '--peers',
    '1,2,3',
    '--hosts',
    hosts.join(','),
    '--clients',
    'validator-a,ops',
  ]);
  mkdirSync(clientDir, { recursive: true });
  for (const f of [
    'ca.crt',
    'client-validator-a.crt',
    'client-validator-a.key',
    'client-ops.crt',
    'client-ops.key',
  ])
    copyFileSync(join(pkiDir, f), join(clientDir, f));
  renameSync(join(pkiDir, 'ca.key'), join(clientDir, 'ca.key'));
  const keys = ['peer-1.key', 'peer-2.key', 'peer-3.key', 'client-ops.key', 'client-validator-a.key'];
  run('ansible-vault', [
    'encrypt',
    '--vault-password-file',
    vaultPassword,
    ...keys.map((k) => join(pkiDir, k)),
  ]);
}

/** hosts.yml and group_vars for the test hosts: amd64, the emulated TEE, root over SSH. */
export function writeInventory(dir, o) {
  mkdirSync(join(dir, 'group_vars'), { recursive: true });
  const hosts = Object.fromEntries(
    o.hosts.map((h, i) => [h.name, { ansible_host: h.ip, triad_peer_id: i + 1, triad_arch: 'amd64' }]),
  );
  // JSON is YAML: no YAML writer needed.
  writeFileSync(
    join(dir, 'hosts.yml'),
    JSON.stringify(
      {
        all: {
          children: {
            triad_peers: {
              hosts,
              vars: {
                ansible_user: 'root',
                ansible_ssh_private_key_file: o.sshKey,
                ansible_ssh_common_args: `-o UserKnownHostsFile=${o.knownHosts} -o StrictHostKeyChecking=accept-new`,
              },
            },
          },
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, 'group_vars', 'triad_peers.yml'),
    JSON.stringify(
      {
        triad_release_archives: { amd64: o.release },
        triad_node_archives: { amd64: o.nodeArchive },
        // the test deploys the Node it runs on, which may be CI's Node 20 (past end of life)
        triad_node_min_major: Math.min(22, Number(process.versions.node.split('.')[0])),
        triad_tee_backend: 'emulated',
        triad_ta_measurement: o.measurement,
        triad_pki_dir: o.pkiDir,
        triad_clients: { 'validator-a': ['babe', 'audi'] },
        triad_operators: ['ops'],
        triad_ceremony_keys: [{ key_type: 'babe' }, { key_type: 'audi', non_slashable: true }],
        triad_ctl: [process.execPath, TRIADCTL],
        triad_log_level: 'info',
      },
      null,
      2,
    ),
  );
  return join(dir, 'hosts.yml');
}

/**
 * The PLAY RECAP of ansible-playbook's default output, per host, and which tasks reported
 * `changed` on which host (to say why a second run was not clean).
 */
export function parseRecap(output) {
  const recap = {};
  const at = output.lastIndexOf('PLAY RECAP');
  if (at < 0) return { recap, changed: [] };
  const re =
    /^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)/gm;
  for (const m of output.slice(at).matchAll(re)) {
    const [ok, changed, unreachable, failed] = m.slice(2, 6).map(Number);
    recap[m[1]] = { ok, changed, unreachable, failed };
  }
  const changed = [];
  let task = '';
  for (const line of output.split('\n')) {
    const t = /^TASK \[(.+)\]/.exec(line);
    if (t) task = t[1];
    const c = /^changed: \[([^\]]+)\]/.exec(line);
    if (c) changed.push(`${c[1]}: ${task}`);
  }
  return { recap, changed };
}

export const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
