import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeBabeVrfPayload, encodeSignatureShare } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { babeHeader, beefyCommitmentPayload } from '@triad/testkit/chain';
import { EmulatedCluster, keyOf } from '@triad/testkit/emulated';
import { createDecipheriv, createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTaHostBinary, TA_UUID } from '../src/index.js';
import type { TeeTransport } from '../src/index.js';

/**
 * DESIGN.md: shares, nonces and identity keys never leave the TA. A test build of ta-host
 * (ta-host-reveal) writes every secret the TA makes to a side file; this test records every byte
 * that crosses the socket, both ways, during a DKG, signing and VRF session, and finds none of them.
 * The same for a `beef` key's ECDSA: the weighted share a cosigner seals for the coordinator's TA
 * and the whole key that TA combines for one signature never cross, and the combined key is in no
 * sealed record either. And a refreshed or retired key's old share is gone from the device: no
 * sealed record in its data dir holds it.
 */
const revealBinary = join(defaultTaHostBinary(), '..', 'ta-host-reveal');

describe('secrets never cross the TA boundary', () => {
  const traffic: Uint8Array[] = [];
  const record = (t: TeeTransport): TeeTransport => ({
    invoke: async (command, input, capacity) => {
      traffic.push(input.slice());
      const answer = await t.invoke(command, input, capacity);
      traffic.push(answer.output.slice());
      return answer;
    },
    close: () => t.close(),
  });
  let cluster: EmulatedCluster;
  let shareBytes: Uint8Array[] = [];
  let pub: PublicKeyPackage;
  const ecdsaSignatures: Uint8Array[] = [];

  beforeAll(async () => {
    expect(existsSync(revealBinary)).toBe(true);
    cluster = await EmulatedCluster.start(3, {
      binary: revealBinary,
      envFor: (dir, i) => ({ TRIAD_TEST_REVEAL_FILE: join(dir, `revealed-${i + 1}.txt`) }),
      wrap: record,
    });
    [pub] = (await cluster.dkg('babe')) as [PublicKeyPackage];
    for (const [slot, pair] of [
      [10, [0, 1]],
      [11, [0, 2]],
      [12, [1, 2]],
    ] as const) {
      const { signingSet } = await cluster.sign(pub, 'babe', 'babe-seal', babeHeader(slot), pair);
      expect(signingSet).toHaveLength(2);
    }
    // VRFs from the same pools: their nonces, shares and pre-output shares' secrets stay inside too
    const key = keyOf('babe', pub);
    const payload = encodeBabeVrfPayload({ slot: 20n, epoch: 1n, randomness: new Uint8Array(32).fill(3) });
    for (const [a, b] of [
      [0, 1],
      [2, 0],
    ] as const) {
      const signingSet = await cluster.commitments(key, [a, b]);
      const prepared = await cluster.tas[a]!.vrfPrepare({ kind: 'babe-vrf', key, payload, signingSet });
      const cosigned = await cluster.tas[b]!.vrfCosign(prepared.request, prepared.part, prepared.update);
      const done = await cluster.tas[a]!.vrfFinish(prepared.request, prepared.part, cosigned.answer);
      expect(done.signature).toHaveLength(96);
    }
    // spare commitments stay in the pools: their nonces must not leak either
    await cluster.tas[0]!.commitNonces(keyOf('babe', pub), 8);
    // a beef key: its DKG over secp256k1, then ECDSA with the key combined in one TA per signature
    const [beef] = (await cluster.dkg('beef')) as [PublicKeyPackage];
    const beefKey = keyOf('beef', beef);
    const ids = [...beef.verifyingShares.keys()].sort((x, y) => x - y);
    for (const [a, b, block] of [
      [0, 1, 100],
      [2, 0, 101],
      [1, 2, 102],
    ] as const) {
      const payload = beefyCommitmentPayload({
        mmrRoot: new Uint8Array(32).fill(block),
        blockNumber: block,
        validatorSetId: 1,
      });
      const prepared = await cluster.tas[a]!.ecdsaPrepare({
        kind: 'beefy-commitment',
        key: beefKey,
        payload,
        signers: [ids[a]!, ids[b]!],
      });
      const cosigned = await cluster.tas[b]!.ecdsaCosign(prepared.request, prepared.update);
      const signature = await cluster.tas[a]!.ecdsaFinish(
        prepared.request,
        cosigned.ack,
        cosigned.weightedShare,
      );
      expect(signature).toHaveLength(65);
      ecdsaSignatures.push(signature);
    }
    // coordinators' shares come in their finish result (tag 0x33, followed by the public R),
    // cosigners' in their cosign result (tag 0x2a)
    shareBytes = traffic.flatMap((b) => (b[0] === 0x33 || b[0] === 0x2a ? [b.slice(1, 36)] : []));
  });
  afterAll(() => cluster?.stop());

  /** What device i's TA revealed (the test build's side file), one secret a line. */
  const revealedBy = (i: number) =>
    readFileSync(join(cluster.dir, `revealed-${i + 1}.txt`), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [what, hex] = line.split(' ');
        return { what: what!, bytes: Buffer.from(hex!, 'hex') };
      });
  const revealed = () => [0, 1, 2].flatMap(revealedBy);

  const crossed = (secret: Uint8Array) =>
    traffic.some((b) => Buffer.from(b).indexOf(Buffer.from(secret)) >= 0);

  it('the test build revealed every kind of secret (so the scan below has something to find)', () => {
    const kinds = new Set(revealed().map((r) => r.what));
    for (const k of [
      'identity-key',
      'polynomial',
      'pok-nonce',
      'dealt-share',
      'received-share',
      'pairwise-key',
      'signing-share',
      'nonce',
      'ecdsa-weighted-share',
      'ecdsa-combined-key',
    ]) {
      expect(kinds).toContain(k);
    }
    expect(revealed().filter((r) => r.what === 'nonce').length).toBeGreaterThanOrEqual(2 * (6 + 8));
  });

  it('the scan finds bytes that did cross (a signature share), so a leak would be seen', () => {
    expect(shareBytes.length).toBeGreaterThanOrEqual(6);
    expect(crossed(encodeSignatureShare({ identifier: shareBytes[0]![1]!, z: 0n }).subarray(0, 1))).toBe(
      true,
    );
    expect(crossed(shareBytes[0]!.subarray(3))).toBe(true);
  });

  it('no revealed secret appears in any request or answer', () => {
    const leaks = revealed().filter((r) => crossed(r.bytes));
    expect(leaks.map((l) => l.what)).toEqual([]);
  });

  it("the beef key's combined key, made for each signature, crosses nowhere and is sealed nowhere", () => {
    // what did cross: the three signatures, so the scan is looking at the right traffic
    expect(ecdsaSignatures.every((sig) => crossed(sig))).toBe(true);
    const combined = revealed().filter((r) => r.what === 'ecdsa-combined-key');
    expect(combined).toHaveLength(3);
    // one key, whichever pair combined it
    expect(new Set(combined.map((c) => c.bytes.toString('hex'))).size).toBe(1);
    expect(combined.some((c) => crossed(c.bytes))).toBe(false);
    expect([0, 1, 2].map((i) => holdsAny(i, combined))).toEqual([false, false, false]);
  });

  // The babe key's shares: the beef key, made second, keeps its own (the second revealed) throughout.
  const sharesOf = (i: number) =>
    revealedBy(i).filter(
      (r, k, all) =>
        r.what === 'signing-share' && all.filter((x) => x.what === 'signing-share').indexOf(r) !== 1,
    );
  const holdsAny = (i: number, shares: { bytes: Buffer }[]) =>
    shares.some((s) => sealedRecords(cluster.dataDir(i)).some((r) => r.indexOf(s.bytes) >= 0));

  it('a refresh leaves the old share in no sealed record (either slot), and seals the new one', async () => {
    const old = [0, 1, 2].map(sharesOf);
    // the scan decrypts what the device sealed, so it finds the share while it is current
    expect([0, 1, 2].map((i) => holdsAny(i, old[i]!))).toEqual([true, true, true]);
    await cluster.refresh(keyOf('babe', pub));
    const made = [0, 1, 2].map((i) => sharesOf(i).slice(old[i]!.length));
    expect(made.map((m) => m.length)).toEqual([1, 1, 1]);
    expect([0, 1, 2].map((i) => holdsAny(i, made[i]!))).toEqual([true, true, true]);
    expect([0, 1, 2].map((i) => holdsAny(i, old[i]!))).toEqual([false, false, false]);
  });

  // Last: it retires the key.
  it("a retired key's share is in no sealed record of any device's data dir (either slot of any object)", async () => {
    const shares = [0, 1, 2].map(sharesOf);
    const holds = (i: number) => holdsAny(i, shares[i]!);
    expect([0, 1, 2].map(holds)).toEqual([true, true, true]);
    await Promise.all(cluster.tas.map((t) => t.retireKey(keyOf('babe', pub))));
    expect([0, 1, 2].map(holds)).toEqual([false, false, false]);
  });
});

/**
 * Every sealed record in a ta-host data dir, decrypted: both slots of each object file (format 2),
 * or the whole file (format 1), with the device's storage key (optee-ta/host/emul_device.c:
 * TSK = HMAC-SHA256(HMAC-SHA256(HUK, "emul-ssk"), TA UUID); AES-256-GCM with the record header's
 * first 20 bytes and the object id as associated data). A record that does not open is skipped.
 */
function sealedRecords(dataDir: string): Buffer[] {
  const huk = readFileSync(join(dataDir, 'device', 'huk'));
  const ssk = createHmac('sha256', huk).update('emul-ssk').digest();
  const tsk = createHmac('sha256', ssk)
    .update(Buffer.from(TA_UUID.replace(/-/g, ''), 'hex'))
    .digest();
  const open = (iv: Buffer, ad: Buffer, ct: Buffer, tag: Buffer): Buffer | undefined => {
    try {
      const d = createDecipheriv('aes-256-gcm', tsk, iv).setAAD(ad);
      d.setAuthTag(tag);
      return Buffer.concat([d.update(ct), d.final()]);
    } catch {
      return undefined;
    }
  };
  const records: Buffer[] = [];
  for (const name of readdirSync(join(dataDir, 'objects'))) {
    if (!/^([0-9a-f]{2})+$/.test(name)) continue;
    const id = Buffer.from(name, 'hex');
    const file = readFileSync(join(dataDir, 'objects', name));
    const magic = file.subarray(0, 8).toString('latin1');
    if (magic === 'TEMUOBJ1') {
      const r = open(
        file.subarray(8, 20),
        Buffer.concat([file.subarray(0, 8), id]),
        file.subarray(20, file.length - 16),
        file.subarray(file.length - 16),
      );
      if (r) records.push(r);
      continue;
    }
    for (const slot of [file.subarray(0, file.length / 2), file.subarray(file.length / 2)]) {
      if (slot.subarray(0, 8).toString('latin1') !== 'TEMUOBJ2') continue;
      const len = slot.readUInt32LE(16);
      if (32 + len + 16 > slot.length) continue;
      const r = open(
        slot.subarray(20, 32),
        Buffer.concat([slot.subarray(0, 20), id]),
        slot.subarray(32, 32 + len),
        slot.subarray(32 + len, 32 + len + 16),
      );
      if (r) records.push(r);
    }
  }
  return records;
}
