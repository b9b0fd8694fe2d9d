/**
 * BEEFY through a cluster of processes (three peers, emulated TAs) with a `beef` key made by the
 * TAs' DKG over secp256k1: one 33-byte group key at every peer; commitments built by
 * @polkadot/types sign at every peer and are judged by noble and by @polkadot/util-crypto over
 * wasm (keccak-256 prehash, recovery to the group key); two validators racing different payloads
 * for one (set_id, block) at different coordinators never both get a signature; older blocks and
 * older sets are REGRESSION; triadctl signs one and lists the key with what ecdsa here means, and
 * makes a second beef key by DKG. Block numbers only go up through the file: a key's mark is its
 * last signed commitment.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SignResult } from '@triad/client';
import { beefyCommitmentPayload, startCluster } from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beefyVoteAccepted, ecdsaVerifiersReady } from './ecdsa-verifiers.js';
import { PeerClients } from './peer-clients.js';

const BIN = fileURLToPath(new URL('../packages/cli/dist/src/bin/triadctl.js', import.meta.url));
const triadctl = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [BIN, ...args], (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const mmrRoot = (n: number) => Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i * 7) & 0xff);
const commitment = (blockNumber: number, validatorSetId: number, root = blockNumber) =>
  beefyCommitmentPayload({ mmrRoot: mmrRoot(root), blockNumber, validatorSetId });

describe('BEEFY commitments through a 3-peer cluster', () => {
  let c: LocalCluster;
  let publicKey: Uint8Array;
  let cluster: string[];
  const clients = new PeerClients(() => c, 30_000);

  const signed = (r: SignResult, payload: Uint8Array) => {
    if (r.kind !== 'signature') throw new Error(`refused: ${r.reason}: ${r.message}`);
    expect(Buffer.from(r.publicKey)).toEqual(Buffer.from(publicKey));
    expect(r.signature).toHaveLength(65);
    expect(beefyVoteAccepted(r.signature, payload, publicKey)).toBe(true);
    return r;
  };

  beforeAll(async () => {
    await ecdsaVerifiersReady();
    const started = await startCluster({ keys: [{ keyType: 'beef' }] });
    c = started.cluster;
    publicKey = started.publicKeys.get('beef')!;
    cluster = ['--cluster', join(c.tee.dir, 'cluster.json')];
  }, 90_000);
  afterAll(async () => {
    clients.close();
    await c?.stop();
  });

  it('the DKG made one 33-byte compressed secp256k1 key, which every peer lists as ecdsa', async () => {
    expect(publicKey).toHaveLength(33);
    expect([2, 3]).toContain(publicKey[0]);
    for (let i = 0; i < 3; i++) {
      const beef = (await clients.at(i).publicKeys()).filter((k) => k.keyType === 'beef');
      expect(beef.map((k) => [hex(k.publicKey), k.scheme, k.status])).toEqual([
        [hex(publicKey), 'ecdsa', 'active'],
      ]);
    }
  });

  it('commitments built by @polkadot/types sign at every peer; both verifiers accept, and nothing else', async () => {
    for (let i = 0; i < 3; i++) {
      const payload = commitment(10 + i, 1);
      const r = signed(await clients.at(i).beefyCommitment(payload), payload);
      expect(r.coordinator).toBe(String(i + 1));
      // another commitment (another root, block or set) is not what it signed
      for (const other of [commitment(10 + i, 1, 99), commitment(11 + i, 1), commitment(10 + i, 2)])
        expect(beefyVoteAccepted(r.signature, other, publicKey)).toBe(false);
      // the identical commitment again (a retry at another peer) signs again: the same vote
      const again = await clients.at((i + 1) % 3).beefyCommitment(payload);
      signed(again, payload);
    }
  });

  it('two validators racing different payloads for one (set_id, block) at two coordinators: never two signatures', async () => {
    const rounds = 12;
    let won = 0;
    for (let n = 0; n < rounds; n++) {
      const block = 100 + n;
      const [a, b] = [commitment(block, 3, 1000 + n), commitment(block, 3, 2000 + n)];
      const [x, y] = [n % 3, (n + 1 + (n % 2)) % 3];
      const [ra, rb] = await Promise.all([
        clients.at(x).beefyCommitment(a),
        clients.at(y).beefyCommitment(b),
      ]);
      const valid = [
        ra.kind === 'signature' && beefyVoteAccepted(ra.signature, a, publicKey),
        rb.kind === 'signature' && beefyVoteAccepted(rb.signature, b, publicKey),
      ].filter(Boolean).length;
      expect(valid).toBeLessThanOrEqual(1);
      won += valid;
      for (const r of [ra, rb]) if (r.kind === 'refusal') expect(r.reason).toBe('CONFLICT');
      // whichever won, the loser asking again is still refused
      const loser = ra.kind === 'signature' ? b : a;
      expect(await clients.at(2 - (n % 3)).beefyCommitment(loser)).toMatchObject({
        kind: 'refusal',
        reason: 'CONFLICT',
      });
    }
    // the third TA settles each race: the block is never lost
    expect(won).toBe(rounds);
  });

  it('an older block, or an older set, is REGRESSION; a newer set signs on', async () => {
    const top = commitment(500, 5);
    signed(await clients.at(0).beefyCommitment(top), top);
    expect(await clients.at(1).beefyCommitment(commitment(499, 5))).toMatchObject({
      kind: 'refusal',
      reason: 'REGRESSION',
    });
    expect(await clients.at(2).beefyCommitment(commitment(600, 4))).toMatchObject({
      kind: 'refusal',
      reason: 'REGRESSION',
    });
    // peer 3's TA had not seen block 500 (peers 1 and 2 signed it): it marked block 600 of set 4
    // before its cosigners refused, so blocks go on above 600 there (marks only go up)
    const next = commitment(601, 6);
    signed(await clients.at(2).beefyCommitment(next), next);
  });

  it('what is no commitment never leaves the client: INVALID_ARGUMENT, a keccak prehash named as such', async () => {
    const client = clients.at(0);
    await expect(client.beefyCommitment(new Uint8Array(32).fill(1))).rejects.toThrow(/keccak-256 prehash/);
    await expect(
      client.beefyCommitment(Buffer.concat([commitment(700, 6), Buffer.from([0])])),
    ).rejects.toThrow(/not a BEEFY commitment/);
    await expect(
      client.beefyCommitment(commitment(700, 6), { publicKey: publicKey.subarray(1) }),
    ).rejects.toThrow(/publicKey: expected 33 bytes \(a beef key\)/);
  });

  it('triadctl: sign --kind beefy-commitment, keys with the ecdsa note, and dkg --key-type beef makes a second key', async () => {
    const payload = commitment(800, 6);
    const s = await triadctl([
      'sign',
      '--kind',
      'beefy-commitment',
      '--payload',
      hex(payload),
      '--json',
      ...cluster,
    ]);
    expect(s.code).toBe(0);
    const out = JSON.parse(s.stdout) as { signature: string; publicKey: string };
    expect(out.publicKey).toBe(hex(publicKey));
    expect(beefyVoteAccepted(Buffer.from(out.signature.slice(2), 'hex'), payload, publicKey)).toBe(true);
    const keys = await triadctl(['keys', ...cluster]);
    expect(keys.stdout).toMatch(/beef\s+ecdsa\s+0x0[23][0-9a-f]{64}/);
    expect(keys.stdout).toMatch(/not threshold ECDSA/);
    const dkg = await triadctl(['dkg', '--key-type', 'beef', '--json', ...cluster]);
    expect(dkg.code).toBe(0);
    const second = (JSON.parse(dkg.stdout) as { publicKey: string }).publicKey;
    expect(second).toMatch(/^0x0[23][0-9a-f]{64}$/);
    expect(second).not.toBe(hex(publicKey));
    // two beef keys now: a request must name one, and the new one signs from its own first mark
    const twoKeys = await triadctl([
      'sign',
      '--kind',
      'beefy-commitment',
      '--payload',
      hex(commitment(801, 6)),
      ...cluster,
    ]);
    expect(twoKeys.code).not.toBe(0);
    const newKey = Buffer.from(second.slice(2), 'hex');
    const low = commitment(5, 1);
    const r = await clients.at(1).beefyCommitment(low, { publicKey: newKey });
    if (r.kind !== 'signature') throw new Error(`refused: ${r.reason}: ${r.message}`);
    expect(beefyVoteAccepted(r.signature, low, newKey)).toBe(true);
  });
});
