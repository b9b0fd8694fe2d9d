/**
 * A validator's session key lifecycle on a cluster of processes, as an operator runs it with
 * `triadctl`: rotate-keys makes a new key set of all six session keys and its ownership proof
 * (checked by Rust schnorrkel and @scure/sr25519, the gran key's by Rust ed25519 and noble strict,
 * the beef key's ecdsa by noble and util-crypto over wasm, never by our own code), refresh names
 * one key among several, the old key
 * keeps signing until retire-key, and
 * then every peer answers NO_KEY for it. A key that just signed is in use: retiring it is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verify as scureVerify } from '@scure/sr25519';
import {
  babeHeader,
  chainAccepts,
  chainAcceptsEd25519,
  chainAcceptsSeal,
  chainVerifierReady,
  startCluster,
} from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ecdsaProofAccepted, ecdsaVerifiersReady } from './ecdsa-verifiers.js';

const BIN = fileURLToPath(new URL('../packages/cli/dist/src/bin/triadctl.js', import.meta.url));
const triadctl = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [BIN, ...args], (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
const unhex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Rotation {
  keys: string;
  proof: string;
  set: { keyType: string; publicKey: string }[];
  missing: string[];
}
interface Listed {
  keyType: string;
  publicKey: string;
  status: string;
  label: string;
}

describe('session keys: rotate with an ownership proof, then retire the old key', () => {
  let c: LocalCluster;
  let cluster: string[];
  let oldBabe: Uint8Array;
  let rotation: Rotation;
  const owner = new Uint8Array(32).map((_, i) => i + 1);
  /** The babe key the rotation made (hex). */
  const newBabeHex = () => rotation.set.find((k) => k.keyType === 'babe')!.publicKey;

  /** Peer i signs `header` as validator-a with the babe key `publicKey`. */
  const seal = (i: number, header: Uint8Array, publicKey: Uint8Array) =>
    c.call(i, 'Sign', { keyType: 'babe', publicKey, babeSeal: { header } });

  beforeAll(async () => {
    await chainVerifierReady();
    await ecdsaVerifiersReady();
    const started = await startCluster({ keys: [{ keyType: 'babe' }] });
    c = started.cluster;
    oldBabe = started.publicKeys.get('babe')!;
    cluster = ['--cluster', join(c.tee.dir, 'cluster.json')];
  }, 120_000);

  afterAll(async () => {
    await c?.stop();
  });

  it('rotate-keys: all six keys in SessionKeys order (193 bytes), a proof every key signed over POP_ ++ owner', async () => {
    const r = await triadctl([
      'rotate-keys',
      '--owner',
      hex(owner),
      '--label',
      'validator-a 2026-12',
      '--json',
      ...cluster,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/rotate-keys babe: dkg:round3 3\/3/);
    rotation = JSON.parse(r.stdout) as Rotation;
    expect(rotation.set.map((k) => k.keyType)).toEqual(['gran', 'babe', 'para', 'asgn', 'audi', 'beef']);
    expect(rotation.missing).toEqual([]);
    expect(rotation.keys).toBe(`0x${rotation.set.map((k) => k.publicKey.slice(2)).join('')}`);
    expect(unhex(rotation.keys)).toHaveLength(5 * 32 + 33);
    const statement = Buffer.concat([Buffer.from('POP_'), owner]);
    const proof = unhex(rotation.proof);
    expect(proof).toHaveLength(5 * 64 + 65);
    const otherOwner = new Uint8Array(32);
    const otherStatement = Buffer.concat([Buffer.from('POP_'), otherOwner]);
    rotation.set.forEach((k, i) => {
      const pk = unhex(k.publicKey);
      if (k.keyType === 'beef') {
        // ecdsa over blake2-256 of the statement: 65 bytes, the last of the proof
        expect(pk).toHaveLength(33);
        const sig = proof.slice(64 * i, 64 * i + 65);
        expect(64 * i + 65).toBe(proof.length);
        expect(ecdsaProofAccepted(sig, owner, pk)).toBe(true);
        expect(ecdsaProofAccepted(sig, otherOwner, pk)).toBe(false);
        return;
      }
      const sig = proof.slice(64 * i, 64 * (i + 1));
      if (k.keyType === 'gran') {
        // ed25519: the Rust verifier and noble's strict one
        expect(chainAcceptsEd25519(sig, statement, pk)).toBe(true);
        expect(chainAcceptsEd25519(sig, otherStatement, pk)).toBe(false);
        return;
      }
      expect(chainAccepts(sig, statement, pk)).toBe(true);
      expect(scureVerify(statement, sig, pk)).toBe(true);
      // bound to this owner: another owner's statement does not verify
      expect(chainAccepts(sig, otherStatement, pk)).toBe(false);
    });
    expect(unhex(newBabeHex())).not.toEqual(oldBabe);
    // the label is kept by every peer, the leader and the two that joined, for each new key only
    for (let i = 0; i < 3; i++) {
      const { res } = await c.call(i, 'GetPublicKeys', {});
      const keys = (res as { keys: { publicKey: Uint8Array; label: string }[] }).keys;
      const labelOf = (pk: Uint8Array) => keys.find((k) => Buffer.from(k.publicKey).equals(pk))?.label;
      for (const k of rotation.set) expect(labelOf(unhex(k.publicKey))).toBe('validator-a 2026-12');
      expect(labelOf(oldBabe)).toBe('');
    }
    const bad = await triadctl(['rotate-keys', '--owner', hex(owner), '--label', 'a"b', ...cluster]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--label: 1\.\.64/)]);
    // the human form: keys, proof, and what is missing
    const text = await triadctl(['rotate-keys', '--owner', hex(owner), '--key-types', 'audi', ...cluster]);
    expect(text.stdout).toMatch(/^keys: 0x[0-9a-f]{64}\nproof: 0x[0-9a-f]{128}\n/);
    expect(text.stdout).toMatch(/missing: gran, babe, para, asgn, beef/);
    // the beef key alone: 33 bytes of keys, 65 of proof
    const beefOnly = await triadctl([
      'rotate-keys',
      '--owner',
      hex(owner),
      '--key-types',
      'beef',
      ...cluster,
    ]);
    expect(beefOnly.stdout).toMatch(/^keys: 0x0[23][0-9a-f]{64}\nproof: 0x[0-9a-f]{130}\n/);
  });

  it('the old key keeps signing next to the new one until it is retired', async () => {
    const newBabe = unhex(newBabeHex());
    for (const [slot, key] of [
      [100, oldBabe],
      [100, newBabe],
    ] as const) {
      const h = babeHeader(slot, { fork: key === oldBabe ? 0 : 1 });
      const { res } = await seal(0, h, key);
      const sig = (res.signature as { signature: Uint8Array }).signature;
      expect(chainAcceptsSeal(sig, h, key)).toBe(true);
    }
    const listed = JSON.parse((await triadctl(['keys', '--json', ...cluster])).stdout) as Listed[];
    expect(listed.filter((k) => k.keyType === 'babe').map((k) => k.status)).toEqual(['active', 'active']);
    expect(listed.filter((k) => k.keyType === 'babe').map((k) => k.label)).toEqual([
      '',
      'validator-a 2026-12',
    ]);
  });

  it('refresh names the key among several: new shares, the same key, which signs on', async () => {
    const newBabe = newBabeHex();
    const unnamed = await triadctl(['refresh', '--key-type', 'babe', ...cluster]);
    expect([unnamed.code, unnamed.stderr]).toEqual([
      1,
      expect.stringMatching(/several babe keys .*name one/),
    ]);
    const r = await triadctl([
      'refresh',
      '--key-type',
      'babe',
      '--public-key',
      newBabe,
      '--json',
      ...cluster,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/refresh babe: round3 3\/3/);
    expect(JSON.parse(r.stdout)).toMatchObject({ keyType: 'babe', publicKey: newBabe, threshold: 2 });
    for (let i = 0; i < 3; i++) {
      const { res } = await seal(i, babeHeader(105 + i), unhex(newBabe));
      const sig = (res.signature as { signature: Uint8Array }).signature;
      expect(chainAcceptsSeal(sig, babeHeader(105 + i), unhex(newBabe))).toBe(true);
    }
  });

  it('retire-key is refused while the key is in use, then wipes it in every TA: NO_KEY at every peer', async () => {
    const args = ['retire-key', '--key-type', 'babe', '--public-key', hex(oldBabe), ...cluster];
    const { res } = await seal(0, babeHeader(101), oldBabe);
    expect(res.signature).toBeDefined();
    const busy = await triadctl(args);
    expect([busy.code, busy.stderr]).toEqual([1, expect.stringMatching(/in use/)]);
    await sleep(4500); // the test cluster's quiet period is 4 s
    const done = await triadctl([...args, '--json']);
    expect(done.code).toBe(0);
    expect((JSON.parse(done.stdout) as { peers: string[] }).peers.sort()).toEqual(['1', '2', '3']);
    for (let i = 0; i < 3; i++) {
      // each peer picks the change up from its TA (at once where it led, else at its next tick)
      let r = await seal(i, babeHeader(102 + i), oldBabe);
      for (let t = 0; t < 30 && !r.res?.refusal; t++) {
        await sleep(100);
        r = await seal(i, babeHeader(102 + i), oldBabe);
      }
      expect(r.res).toMatchObject({ refusal: { reason: 'NO_KEY' } });
    }
    const listed = JSON.parse((await triadctl(['keys', '--json', ...cluster])).stdout) as Listed[];
    expect(listed.find((k) => k.publicKey === hex(oldBabe))?.status).toBe('retired');
    // status: the retired key apart from the keys that sign, at every peer's TA
    const st = JSON.parse((await triadctl(['status', '--json', ...cluster])).stdout) as {
      publicKeys: { publicKey: string }[];
      retiredKeys: { keyType: string; publicKey: string }[];
      peers: { status: { ta: { keys: { publicKey: string; status: string }[] } } }[];
    };
    expect(st.retiredKeys).toEqual([{ keyType: 'babe', publicKey: hex(oldBabe) }]);
    expect(st.publicKeys.map((k) => k.publicKey)).not.toContain(hex(oldBabe));
    for (const p of st.peers)
      expect(p.status.ta.keys.find((k) => k.publicKey === hex(oldBabe))?.status).toBe('retired');
    expect((await triadctl(['status', ...cluster])).stdout).toContain(`retired: babe ${hex(oldBabe)}`);
    // retiring again is done already; the new key still signs
    expect((await triadctl(args)).code).toBe(0);
    const h = babeHeader(110);
    const sig = ((await seal(1, h, unhex(newBabeHex()))).res.signature as { signature: Uint8Array })
      .signature;
    expect(chainAcceptsSeal(sig, h, unhex(newBabeHex()))).toBe(true);
  });
});
