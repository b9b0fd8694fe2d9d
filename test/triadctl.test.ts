/**
 * `triadctl` as an operator uses it against a cluster of processes: the DKG with progress, status
 * (and its exit code following quorum as peers die and come back), keys, sign (checked by the
 * chain's verifier), certs, enroll and mesh-key; and bad usage: one line, exit 2.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { babeVrfTranscripts, verifyVrf } from '@triad/frost';
import {
  approvalPayload,
  babeHeader,
  chainAccepts,
  chainAcceptsEd25519,
  disputePayload,
  chainAcceptsSeal,
  chainVerifierReady,
  grandpaVotePayload,
  emulatedMeasurement,
  startCluster,
} from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../packages/cli/dist/src/bin/triadctl.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
const triadctl = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<Run>((resolve) =>
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

describe('triadctl', () => {
  let c: LocalCluster;
  let cluster: string[];
  const scratch = mkdtempSync(join(tmpdir(), 'triadctl-'));

  beforeAll(async () => {
    await chainVerifierReady();
    c = (await startCluster()).cluster; // no key yet: `triadctl dkg` makes it below
    cluster = ['--cluster', join(c.tee.dir, 'cluster.json')];
  }, 90_000);

  afterAll(async () => {
    await c?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('bad usage: one clear line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['status', '--bogus'], /Unknown option '--bogus'/],
      [['frobnicate', ...cluster], /unknown command: frobnicate/],
      [['sign', '--kind', 'babe-seal', '--header', '0xZZ', ...cluster], /--header: expected hex bytes/],
      [
        ['sign', '--kind', 'raw', '--key-type', 'BABE', '--payload', '0x01', ...cluster],
        /--key-type: expected/,
      ],
      [
        ['sign', '--kind', 'vrf', ...cluster],
        /--kind: babe-seal, raw, grandpa-vote, para-statement, beefy-commitment, babe-vrf/,
      ],
      [['status', '--urls', 'not a url', '--ca', 'x', '--cert', 'x', '--key', 'x'], /no peer URLs/],
    ];
    for (const [args, message] of cases) {
      const r = await triadctl(args, { TRIAD_CLUSTER: '' });
      expect([r.code, r.stderr.trim().split('\n').length]).toEqual([2, 1]);
      expect(r.stderr).toMatch(message);
    }
    expect((await triadctl([])).code).toBe(2);
  });

  it('before any key the cluster cannot sign: status exits 1; dkg shows progress and makes the key', async () => {
    const before = await triadctl(['status', '--json', ...cluster]);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout)).toMatchObject({ canSign: false });

    const dkg = await triadctl(['dkg', '--key-type', 'babe', ...cluster]);
    expect(dkg.code).toBe(0);
    for (const stage of ['round1', 'round2', 'round3'])
      expect(dkg.stderr).toContain(`dkg babe: ${stage} 3/3`);
    expect(dkg.stdout).toMatch(/^babe 0x[0-9a-f]{64} \(2-of-3\)$/m);
    for (const i of [0, 1, 2]) await c.settled(i);
  });

  it('status: three attested peers, quorum; a table by default', async () => {
    const r = await triadctl(['status', '--json', ...cluster]);
    expect(r.code).toBe(0);
    // the peers at 127.0.0.1 are named localhost in TLS: Node has no IP server name to warn about
    expect(r.stderr).not.toMatch(/DEP0123|Warning/);
    const s = JSON.parse(r.stdout) as {
      canSign: boolean;
      threshold: number;
      publicKeys: { keyType: string }[];
      peers: {
        reachable: boolean;
        status: { ta: { lockState: string }; peers: { attestation: string }[] };
      }[];
    };
    expect(s).toMatchObject({ canSign: true, threshold: 2, publicKeys: [{ keyType: 'babe' }] });
    expect(s.peers.map((p) => [p.reachable, p.status.ta.lockState])).toEqual([
      [true, 'unlocked'],
      [true, 'unlocked'],
      [true, 'unlocked'],
    ]);
    expect(s.peers.flatMap((p) => p.status.peers.map((l) => l.attestation))).toEqual(
      Array(6).fill('attested'),
    );
    const table = await triadctl(['status', ...cluster]);
    expect(table.stdout).toMatch(/^peer +url +reachable +attested +TA/m);
    expect(table.stdout).toMatch(/cluster: quorum yes, threshold 2-of-3/);
  });

  it('keys in hex and SS58; sign prints a signature the chain verifier accepts', async () => {
    const keys = JSON.parse((await triadctl(['keys', '--json', ...cluster])).stdout) as {
      keyType: string;
      publicKey: string;
      ss58: string;
    }[];
    expect(keys).toHaveLength(1);
    expect((await triadctl(['keys', ...cluster])).stderr).not.toMatch(/DEP0123|Warning/);
    expect(keys[0]!.ss58).toMatch(/^5[1-9A-HJ-NP-Za-km-z]{47}$/);
    const h = babeHeader(5);
    const r = await triadctl([
      'sign',
      '--kind',
      'babe-seal',
      '--header',
      `0x${Buffer.from(h).toString('hex')}`,
      '--json',
      ...cluster,
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { signature: string };
    const pub = Buffer.from(keys[0]!.publicKey.slice(2), 'hex');
    expect(chainAcceptsSeal(Buffer.from(out.signature.slice(2), 'hex'), h, pub)).toBe(true);
    // a conflicting header for the same slot is refused, and says so
    const conflict = await triadctl([
      'sign',
      '--kind',
      'babe-seal',
      '--header',
      `0x${Buffer.from(babeHeader(5, { fork: 1 })).toString('hex')}`,
      ...cluster,
    ]);
    expect([conflict.code, conflict.stdout.trim()]).toEqual([1, expect.stringMatching(/^refused: CONFLICT/)]);
  });

  it('sign --kind babe-vrf --json prints preOutput, proof and signature; the VRF verifies on the BABE transcript', async () => {
    const keys = JSON.parse((await triadctl(['keys', '--json', ...cluster])).stdout) as {
      publicKey: string;
    }[];
    const randomness = `0x${'ab'.repeat(32)}`;
    const flags = ['--slot', '6', '--epoch', '2', '--randomness', randomness, '--json', ...cluster];
    const r = await triadctl(['sign', '--kind', 'babe-vrf', ...flags]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(Object.keys(out).sort()).toEqual(['preOutput', 'proof', 'signature']);
    expect(out.signature).toBe(out.preOutput! + out.proof!.slice(2));
    const sig = Buffer.from(out.signature!.slice(2), 'hex');
    const pub = Buffer.from(keys[0]!.publicKey.slice(2), 'hex');
    expect(verifyVrf(pub, babeVrfTranscripts(6n, 2n, Buffer.alloc(32, 0xab)), sig)).toBe(true);
    const pre = JSON.parse(
      (await triadctl(['sign', '--kind', 'babe-vrf-pre-output', ...flags])).stdout,
    ) as object;
    expect(pre).toEqual({ preOutput: out.preOutput });
    const bad = await triadctl(['sign', '--kind', 'babe-vrf', '--slot', 'x', '--epoch', '2', ...cluster]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--slot: expected an integer/)]);
  });

  it('dkg --key-type gran makes an ed25519 key; sign --kind grandpa-vote prints a vote signature Rust ed25519 accepts', async () => {
    const dkg = await triadctl(['dkg', '--key-type', 'gran', ...cluster]);
    expect(dkg.code).toBe(0);
    for (const i of [0, 1, 2]) await c.settled(i);
    const keys = JSON.parse((await triadctl(['keys', '--json', ...cluster])).stdout) as {
      keyType: string;
      scheme: string;
      publicKey: string;
    }[];
    const gran = keys.find((k) => k.keyType === 'gran')!;
    expect(gran.scheme).toBe('ed25519');
    expect((await triadctl(['keys', ...cluster])).stdout).toMatch(/^gran +ed25519 +0x/m);
    const vote = grandpaVotePayload({
      stage: 'Prevote',
      targetHash: new Uint8Array(32).fill(0x5e),
      targetNumber: 77,
      round: 3,
      setId: 1,
    });
    const payload = `0x${Buffer.from(vote).toString('hex')}`;
    const r = await triadctl(['sign', '--kind', 'grandpa-vote', '--payload', payload, '--json', ...cluster]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { signature: string; publicKey: string };
    expect(out.publicKey).toBe(gran.publicKey);
    const sig = Buffer.from(out.signature.slice(2), 'hex');
    expect(chainAcceptsEd25519(sig, vote, Buffer.from(gran.publicKey.slice(2), 'hex'))).toBe(true);
    const short = await triadctl(['sign', '--kind', 'grandpa-vote', '--payload', '0x00', ...cluster]);
    expect([short.code, short.stderr]).toEqual([
      1,
      expect.stringMatching(/a GRANDPA vote is 53 bytes, got 1/),
    ]);
  });

  it('dkg --key-type para; sign --kind para-statement prints a signature Rust schnorrkel accepts, and a second side is refused', async () => {
    expect((await triadctl(['dkg', '--key-type', 'para', ...cluster])).code).toBe(0);
    for (const i of [0, 1, 2]) await c.settled(i);
    const keys = JSON.parse((await triadctl(['keys', '--json', ...cluster])).stdout) as {
      keyType: string;
      publicKey: string;
    }[];
    const para = Buffer.from(keys.find((k) => k.keyType === 'para')!.publicKey.slice(2), 'hex');
    const candidate = new Uint8Array(32).fill(0x3c);
    const approval = approvalPayload({ candidates: [candidate], session: 12 });
    const payload = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
    const r = await triadctl([
      'sign',
      '--kind',
      'para-statement',
      '--payload',
      payload(approval),
      '--json',
      ...cluster,
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { signature: string };
    expect(chainAccepts(Buffer.from(out.signature.slice(2), 'hex'), approval, para)).toBe(true);
    const against = disputePayload({ valid: false, candidate, session: 12 });
    const refused = await triadctl([
      'sign',
      '--kind',
      'para-statement',
      '--payload',
      payload(against),
      ...cluster,
    ]);
    expect([refused.code, refused.stdout]).toEqual([1, expect.stringMatching(/^refused: CONFLICT/)]);
    const short = await triadctl(['sign', '--kind', 'para-statement', '--payload', '0x424b4e47', ...cluster]);
    expect([short.code, short.stderr]).toEqual([
      1,
      expect.stringMatching(/a backing statement is 73 bytes, got 4/),
    ]);
  });

  it('status exit codes follow quorum as peers die and come back', async () => {
    await c.kill(1);
    expect((await triadctl(['status', ...cluster])).code).toBe(0); // two of three still sign
    await c.kill(2);
    // the survivor notices within a moment (its connections to them fail)
    let down = await triadctl(['status', '--timeout', '1500', ...cluster]);
    for (let t = 0; t < 20 && down.code !== 1; t++) {
      await new Promise((r) => setTimeout(r, 250));
      down = await triadctl(['status', '--timeout', '1500', ...cluster]);
    }
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/cluster: quorum NO/);
    await c.startPeer(1);
    await c.settled(1, 1);
    await c.settled(0, 1);
    expect((await triadctl(['status', ...cluster])).code).toBe(0);
    await c.startPeer(2);
  });

  it('certs writes a cluster PKI; enroll reads a board off its TA', async () => {
    const dir = join(scratch, 'pki');
    const r = await triadctl(['certs', '--dir', dir, '--peers', '1,2,3', '--clients', 'validator-a,ops']);
    expect(r.code).toBe(0);
    for (const f of ['ca.crt', 'peer-1.crt', 'peer-3.key', 'client-ops.crt'])
      expect(existsSync(join(dir, f))).toBe(true);
    const e = JSON.parse(
      (await triadctl(['enroll', '--ta-socket', c.tee.socketPath(0), '--json'])).stdout,
    ) as {
      measurement: string;
      device: { e: string; n: string };
    };
    expect(e.measurement).toBe(emulatedMeasurement());
    expect(e.device.n).toMatch(/^[0-9a-f]{768}$/);
  });

  it('mesh-key makes a key once, then only reads it; a corrupt key is an error, left in place', async () => {
    const file = join(scratch, 'mesh.key');
    const first = await triadctl(['mesh-key', '--file', file, '--json']);
    expect(first.code).toBe(0);
    const made = JSON.parse(first.stdout) as { id: string; created: boolean };
    expect(made).toEqual({ id: expect.stringMatching(/^12D3KooW/), created: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = JSON.parse((await triadctl(['mesh-key', '--file', file, '--json'])).stdout);
    expect(again).toEqual({ id: made.id, created: false });

    writeFileSync(file, 'not a key');
    const bad = await triadctl(['mesh-key', '--file', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/corrupt/);
    expect(readFileSync(file, 'utf8')).toBe('not a key');
    expect((await triadctl(['mesh-key'])).code).toBe(2);
  });
});
