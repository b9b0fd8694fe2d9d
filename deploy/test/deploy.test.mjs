/**
 * The Ansible deployment, end to end, on three local test hosts (lab.mjs: namespaces, a
 * debootstrap root under overlays, sshd): site.yml over real SSH, twice (the second run must
 * report changed=0), then the cluster it made is asked for status and signatures from the
 * controller, and the hosts are checked for what the roles promise. Root only: `npm run test:deploy`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { babeHeader, chainAcceptsSeal, chainVerifierReady } from '@triad/testkit/chain';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildRelease,
  makePki,
  nodeArchive,
  parseRecap,
  readJson,
  ROOT,
  TRIADCTL,
  writeInventory,
} from './fixtures.mjs';
import { ensureRootfs, Lab, missingTools } from './lab.mjs';

const say = (m) => process.stderr.write(`deploy-test: ${m}\n`);
const ANSIBLE_DIR = join(ROOT, 'deploy', 'ansible');
const NAMES = ['h1', 'h2', 'h3'];

describe('site.yml on three test hosts', () => {
  /** @type {Lab} */
  let lab;
  let run;
  let release;
  const runs = [];

  beforeAll(async () => {
    const missing = missingTools();
    if (missing.length)
      throw new Error(`the deployment test needs: ${missing.join(', ')} (deploy/test/install-tools.sh)`);
    await chainVerifierReady();
    const rootfs = ensureRootfs(join(ROOT, 'build', 'deploy-test', 'rootfs'), { log: say });
    say('npm run release');
    release = buildRelease();
    say(`release ${release.manifest.name}`);
    // /tmp, not the project: unix socket paths (ssh ControlPath) must stay short.
    const runDir = mkdtempSync('/tmp/triad-deploy-');
    lab = await Lab.start(runDir, rootfs);
    const hosts = await Promise.all(NAMES.map((name, i) => lab.addHost(name, 11 + i)));
    say(`hosts up: ${hosts.map((h) => `${h.name} ${h.ip}`).join(', ')}`);

    const inventory = join(runDir, 'inventory');
    const vaultPassword = join(runDir, 'vault-password');
    writeFileSync(vaultPassword, 'test-hosts-only\n', { mode: 0o600 });
    makePki(
      join(inventory, 'pki'),
      join(runDir, 'client'),
      hosts.map((h) => h.ip),
      vaultPassword,
    );
    const hostsFile = writeInventory(inventory, {
      hosts,
      release: release.archive,
      nodeArchive: nodeArchive(runDir),
      measurement: release.manifest.emulatedMeasurement,
      pkiDir: join(inventory, 'pki'),
      sshKey: lab.sshKey,
      knownHosts: join(runDir, 'known_hosts'),
    });
    run = {
      dir: runDir,
      inventory,
      hosts,
      client: join(runDir, 'client'),
      playbook: (n, extra = []) =>
        lab.spawnIn(
          'ansible-playbook',
          ['-i', hostsFile, '--vault-password-file', vaultPassword, ...extra, 'site.yml'],
          {
            cwd: ANSIBLE_DIR,
            env: {
              ANSIBLE_CONFIG: join(ANSIBLE_DIR, 'ansible.cfg'),
              ANSIBLE_NOCOLOR: '1',
              ANSIBLE_SSH_CONTROL_PATH_DIR: join(runDir, 'cp'),
              ANSIBLE_LOCAL_TEMP: join(runDir, 'ansible-tmp'),
            },
            logFile: join(runDir, `ansible-${n}.log`),
            onLine: (l) => l.startsWith('TASK [') && say(`run ${n}: ${l.replace(/\s*\*+$/, '')}`),
          },
        ),
    };
  }, 20 * 60_000);

  // TRIAD_DEPLOY_KEEP=1 keeps the run directory (logs, the hosts' upper dirs) for a look afterwards.
  afterAll(async () => {
    // Normally the last test has stopped it; this is for a run that failed before.
    await lab?.stop({ keep: process.env.TRIAD_DEPLOY_KEEP === '1' });
  });

  /** triadctl from the controller (the lab namespace) as `who`, at every host or only at `hosts`. */
  const triadctl = (args, who = 'ops', hosts = run.hosts) =>
    lab.spawnIn(process.execPath, [
      TRIADCTL,
      ...args,
      '--urls',
      hosts.map((h) => `${h.ip}:7101`).join(','),
      '--ca',
      join(run.client, 'ca.crt'),
      '--cert',
      join(run.client, `client-${who}.crt`),
      '--key',
      join(run.client, `client-${who}.key`),
    ]);
  const seal = (h, hosts) =>
    triadctl(
      ['sign', '--kind', 'babe-seal', '--header', `0x${Buffer.from(h).toString('hex')}`, '--json'],
      'validator-a',
      hosts,
    );

  it(
    'the first run installs, enrolls, starts the peers and runs the key ceremony',
    async () => {
      const r = await run.playbook(1);
      runs.push(r);
      const { recap } = parseRecap(r.output);
      expect({ status: r.status, tail: r.status === 0 ? '' : r.output.slice(-4000) }).toEqual({
        status: 0,
        tail: '',
      });
      for (const name of NAMES) {
        expect(recap[name]).toMatchObject({ unreachable: 0, failed: 0 });
        expect(recap[name].changed).toBeGreaterThan(5);
        const record = readJson(join(run.inventory, 'enrollment', `${name}.json`));
        expect(record.measurement).toBe(release.manifest.emulatedMeasurement);
        expect(record.device.n).toMatch(/^[0-9a-f]{768}$/);
      }
      // Two DKGs ran (babe, audi): the ceremony is the one changed task on the controller's side.
      expect(r.output).toMatch(
        /TASK \[triad_ceremony : Run the DKG[^\n]*\n[^]*?changed: \[h1 -> localhost\] => \(item=babe\)/,
      );
    },
    15 * 60_000,
  );

  it(
    'the second run changes nothing',
    async () => {
      const r = await run.playbook(2);
      runs.push(r);
      const { recap, changed } = parseRecap(r.output);
      expect(r.status).toBe(0);
      expect(changed).toEqual([]);
      for (const name of NAMES) expect(recap[name]).toMatchObject({ changed: 0, unreachable: 0, failed: 0 });
    },
    10 * 60_000,
  );

  it(
    'refuses, with the reason and before touching the board, a release that fails its checksum or lacks the OP-TEE addon',
    async () => {
      const cases = [
        [
          ['-e', `triad_release_sha256=${'0'.repeat(64)}`],
          /sha256 is not the one given[^]*Not installing it/,
        ],
        [['-e', 'triad_tee_backend=optee'], /has no OP-TEE addon: build it for amd64/],
      ];
      for (const [k, [extra, reason]] of cases.entries()) {
        const r = await run.playbook(`refused-${k}`, ['--limit', 'h1', ...extra]);
        const { recap, changed } = parseRecap(r.output);
        expect(r.status).not.toBe(0);
        expect(recap.h1).toMatchObject({ failed: 1, changed: 0 });
        expect(changed).toEqual([]);
        expect(r.output).toMatch(reason);
      }
    },
    5 * 60_000,
  );

  it('triadctl status: three peers, each attested by the other two, quorum, the ceremony keys', async () => {
    const r = await triadctl(['status', '--json']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.canSign).toBe(true);
    expect(s.peers.map((p) => p.reachable)).toEqual([true, true, true]);
    expect(s.peers.flatMap((p) => p.status.peers.map((l) => l.attestation))).toEqual(
      Array(6).fill('attested'),
    );
    expect(s.publicKeys.map((k) => k.keyType).sort()).toEqual(['audi', 'babe']);
  });

  it('signs a BABE seal the chain verifier accepts at each host, and refuses a conflicting header', async () => {
    const keys = JSON.parse((await triadctl(['keys', '--json'], 'validator-a')).stdout);
    const babe = Buffer.from(keys.find((k) => k.keyType === 'babe').publicKey.replace(/^0x/, ''), 'hex');
    for (const [i, host] of run.hosts.entries()) {
      const h = babeHeader(100 + i);
      const r = await seal(h, [host]);
      expect(r.status).toBe(0);
      const sig = Buffer.from(JSON.parse(r.stdout).signature.replace(/^0x/, ''), 'hex');
      expect(chainAcceptsSeal(sig, h, babe)).toBe(true);
    }
    // The same slot as the last seal (102), another parent: CONFLICT (an older slot is REGRESSION).
    const conflict = await seal(babeHeader(102, { fork: 1 }));
    expect(conflict.status).toBe(1);
    expect(JSON.parse(conflict.stdout)).toMatchObject({ kind: 'refusal', reason: 'CONFLICT' });
  });

  it('on every host: the units pass systemd-analyze verify; files, users and processes are as tight as promised', () => {
    for (const host of run.hosts) {
      lab.ssh(
        host,
        'systemd-analyze verify /etc/systemd/system/triad-signer.service /etc/systemd/system/triad-ta-host.service',
      );
      const modes = lab
        .ssh(
          host,
          'stat -c "%n %a %U:%G" /etc/triad /etc/triad/peer.key /etc/triad/peer.yaml /var/lib/triad ' +
            '/var/lib/triad/mesh.key /var/lib/triad-tee /opt/triad/current/packages',
        )
        .trim()
        .split('\n');
      expect(modes).toEqual([
        '/etc/triad 750 root:triad',
        '/etc/triad/peer.key 640 root:triad',
        '/etc/triad/peer.yaml 640 root:triad',
        '/var/lib/triad 700 triad:triad',
        '/var/lib/triad/mesh.key 600 triad:triad',
        '/var/lib/triad-tee 700 triad-tee:triad',
        '/opt/triad/current/packages 755 root:root',
      ]);
      // The key on the board is the decrypted PEM, not the Vault file.
      expect(lab.ssh(host, 'head -c 11 /etc/triad/peer.key')).toBe('-----BEGIN ');
      const procs = lab.ssh(host, 'ps -eo user:12,args --no-headers').split('\n');
      expect(procs.some((p) => /^triad\s.*triad-signer\.js --config \/etc\/triad\/peer\.yaml/.test(p))).toBe(
        true,
      );
      expect(procs.some((p) => /^triad-tee\s.*ta-host --socket/.test(p))).toBe(true);
    }
    // Enrollment records are public data: one per board, and no private key among them.
    const records = readdirSync(join(run.inventory, 'enrollment')).sort();
    expect(records).toEqual(['h1.json', 'h2.json', 'h3.json']);
    for (const f of records)
      expect(readFileSync(join(run.inventory, 'enrollment', f), 'utf8')).not.toMatch(/PRIVATE/);
  });

  it('teardown leaves no namespace, mount or process behind', async () => {
    expect(lab.leftovers().length).toBeGreaterThan(0); // the lab is up: the check sees it
    const keep = process.env.TRIAD_DEPLOY_KEEP === '1';
    await lab.stop({ keep });
    expect(lab.leftovers()).toEqual([]);
    expect(existsSync(run.dir)).toBe(keep);
  });
});
