/**
 * The cluster end to end, as processes: three `triad-signer` peers, each in front of its own
 * ta-host (emulated TEE), mutual TLS everywhere, a libp2p mesh between them, the DKG run through a
 * peer on an operator's request, validators signing BABE headers built by @polkadot/types, and the
 * chain's verifier (Rust schnorrkel, wasm) judging every signature.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { AuditLog } from '@triad/signer';
import { babeHeader, chainAcceptsSeal, chainVerifierReady, sealedHash, startCluster } from '@triad/testkit';
import type { LocalCluster, PeerLink, Reply } from '@triad/testkit';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('a 3-peer cluster of processes', () => {
  let c: LocalCluster;
  let publicKey: Uint8Array;

  const sign = (i: number, h: Uint8Array, client = 'validator-a', timeoutMs = 5000) =>
    c.call(i, 'Sign', { keyType: 'babe', babeSeal: { header: h } }, { client, timeoutMs });

  /** Whether `r` is a signature of `h` under the DKG's key, as the chain checks it. */
  function sealAccepted(r: Reply, h: Uint8Array): boolean {
    const sig = r.res?.signature as { signature: Uint8Array; publicKey: Uint8Array } | undefined;
    return (
      !r.error &&
      !!sig &&
      Buffer.from(sig.publicKey).equals(publicKey) &&
      chainAcceptsSeal(sig.signature, h, publicKey)
    );
  }

  beforeAll(async () => {
    await chainVerifierReady();
    // The enrollment-time ceremony, as `triadctl dkg` runs it: peer 1 leads, on an operator's request.
    const started = await startCluster({ keys: [{ keyType: 'babe' }] });
    c = started.cluster;
    publicKey = started.publicKeys.get('babe')!;
  }, 90_000);

  afterAll(async () => {
    await c?.stop();
  });

  it('every peer signs babe-seal headers that the chain verifier accepts, under the DKG key', async () => {
    for (let i = 0; i < 3; i++) {
      const h = babeHeader(10 + i);
      expect(sealAccepted(await sign(i, h), h)).toBe(true);
    }
    // the mesh is up between the processes: each peer sees the others connected, with a round trip
    const st = await c.status(0);
    for (const p of st.peers)
      expect(p).toMatchObject({ connected: true, attestation: 'attested', roundTripMs: expect.any(Number) });
  });

  it('the peers print no Node warning (no DEP0123: they name each other by the DNS name in their certificates)', () => {
    // by now they have attested each other, run the DKG and cosigned over mutual TLS on 127.0.0.1
    for (let i = 0; i < 3; i++) expect(c.stderrOf(i)).not.toMatch(/Warning|DEP0\d+/);
  });

  it('refuses clearly: a client without permission, an unknown key type, raw bytes for babe', async () => {
    const h = babeHeader(15);
    expect((await sign(0, h, 'ops')).error?.code).toBe(status.PERMISSION_DENIED);
    const unknown = await c.call(0, 'Sign', { keyType: 'gran', raw: { payload: new Uint8Array([1]) } });
    expect(unknown.error).toBeNull();
    expect(unknown.res).toMatchObject({ refusal: { reason: 'NO_KEY' } });
    const raw = await c.call(0, 'Sign', { keyType: 'babe', raw: { payload: sealedHash(h) } });
    expect(raw.error).toBeNull();
    expect(raw.res).toMatchObject({ refusal: { reason: 'POLICY' } });
    const malformed = await c.call(0, 'Sign', { keyType: 'babe', babeSeal: { header: new Uint8Array(0) } });
    expect(malformed.error?.code).toBe(status.INVALID_ARGUMENT);
  });

  // Slots only move forward (the marks refuse a lower one): each test below takes slots above this one's.
  it('two validators racing different headers for one slot at different peers: never two signatures', async () => {
    let signed = 0;
    for (let round = 0; round < 16; round++) {
      const slot = 100 + round;
      const [pa, pb] = [round % 3, (round + 1 + (round % 2)) % 3]; // every ordered pair of peers
      const [ha, hb] = [babeHeader(slot), babeHeader(slot, { fork: 1 })];
      const jitter = () => sleep(Math.floor(Math.random() * 4));
      const [ra, rb] = await Promise.all([
        jitter().then(() => sign(pa, ha, 'validator-a')),
        jitter().then(() => sign(pb, hb, 'validator-b')),
      ]);
      const valid = [sealAccepted(ra, ha), sealAccepted(rb, hb)];
      expect(valid.filter(Boolean).length).toBeLessThanOrEqual(1);
      signed += valid.filter(Boolean).length;
      // the loser is told why; no other answer
      [ra, rb].forEach((r, k) => {
        if (!valid[k]) expect(r.res).toMatchObject({ refusal: { reason: 'CONFLICT' } });
      });
    }
    expect(signed).toBeGreaterThan(0);
  });

  it('a peer killed with SIGKILL: the other two sign on; restarted, it re-attests and signs again', async () => {
    await c.kill(1);
    const h = babeHeader(320);
    const r = await sign(0, h);
    expect(sealAccepted(r, h)).toBe(true);
    expect((r.res.signature as { cosigner: string }).cosigner).toBe('3');
    await c.startPeer(1);
    await c.settled(1);
    const h2 = babeHeader(321);
    expect(sealAccepted(await sign(1, h2), h2)).toBe(true);
  });

  it('a restarted TA is locked until its peers vouch; its peer unlocks it and signs again', async () => {
    await c.tee.restart(2); // ta-host of device 3: the TA starts locked
    let r: Reply | undefined;
    for (let t = 0; t < 100; t++) {
      r = await sign(2, babeHeader(330));
      if (!r.error) break;
      await sleep(100);
    }
    expect(sealAccepted(r!, babeHeader(330))).toBe(true);
  });

  it('SIGTERM drains: requests in flight end with a signature or a clean error, all recorded; it restarts clean', async () => {
    const slots = Array.from({ length: 12 }, (_, k) => 400 + k);
    // Sent in slot order, a few ms apart, as a validator would; still, concurrent requests can reach
    // the TAs out of order, and a slot below the mark is then refused (REGRESSION), never signed.
    const replies = slots.map((s, k) => sleep(3 * k).then(() => sign(1, babeHeader(s), 'validator-a', 8000)));
    await Promise.race(replies); // the first answer is out: the rest are in flight at the peer
    const exited = c.terminate(1);
    const answers = await Promise.all(replies);
    expect(await exited).toBe(0);
    const signedHashes: string[] = [];
    answers.forEach((r, k) => {
      if (sealAccepted(r, babeHeader(slots[k]!))) signedHashes.push(hex(sealedHash(babeHeader(slots[k]!))));
      else if (r.res?.refusal) expect(r.res.refusal).toMatchObject({ reason: 'REGRESSION' });
      else expect([status.UNAVAILABLE, status.CANCELLED]).toContain(r.error?.code);
    });
    expect(signedHashes.length).toBeGreaterThan(1); // more than the one answered before SIGTERM
    // every signature that went out is in the audit log, which opens clean
    const audit = await AuditLog.open(join(c.dataDir(1), 'audit'));
    const { records } = await audit.tail(200);
    await audit.close();
    const recorded = new Set(records.map((rec) => rec.payloadHash));
    for (const hash of signedHashes) expect(recorded.has(hash)).toBe(true);
    // each signed record names the key that signed
    const signedRecords = records.filter((rec) => rec.decision === 'signed');
    expect(signedRecords.map((rec) => rec.publicKey)).toEqual(signedRecords.map(() => hex(publicKey)));
    await c.startPeer(1);
    await c.settled(1);
    const h = babeHeader(430);
    expect(sealAccepted(await sign(1, h), h)).toBe(true);
  });

  it('a TA whose data dir is rolled back is caught (ROLLED_BACK): its peer cannot sign, the other two sign on', async () => {
    const backup = join(c.tee.dir, 'device-2-backup');
    c.tee.copyDataDir(1, backup);
    const h = babeHeader(450);
    expect(sealAccepted(await sign(1, h), h)).toBe(true); // device 2 (coordinating) signs slot 450
    await c.tee.restoreDataDir(1, backup);
    // peer 2 reconnects, finds its TA locked, asks its peers: they have seen a later counter
    let r: Reply | undefined;
    for (let t = 0; t < 60; t++) {
      r = await sign(1, babeHeader(451));
      if (r.error?.details?.includes('ROLLED_BACK')) break;
      await sleep(100);
    }
    expect(r!.error?.code).toBe(status.UNAVAILABLE);
    expect(r!.error?.details).toContain('ROLLED_BACK');
    expect((await c.status(1)).ta).toMatchObject({ lockState: 'rolled-back' });
    // peer 1 passes over the rolled-back cosigner and signs with peer 3
    const h2 = babeHeader(452);
    const ok = await sign(0, h2);
    expect(sealAccepted(ok, h2)).toBe(true);
    expect((ok.res.signature as { cosigner: string }).cosigner).toBe('3');
  });

  it('a TA build whose measurement was not enrolled is refused at attestation by its peers', async () => {
    const other = join(c.tee.dir, 'other-build');
    writeFileSync(other, 'a TA build that was never enrolled');
    await c.kill(2);
    await c.tee.restart(2, 'stop', other);
    await c.startPeer(2);
    let peer3: PeerLink | undefined;
    for (let t = 0; t < 60 && peer3?.refusal !== 'MEASUREMENT'; t++) {
      await sleep(100);
      peer3 = (await c.status(0)).peers.find((p) => p.peerId === '3');
    }
    expect(peer3).toMatchObject({ attestation: 'refused', refusal: 'MEASUREMENT' });
    // peer 2 is rolled back and peer 3 is not trusted: peer 1 has no cosigner and says so
    const r = await sign(0, babeHeader(460));
    expect(r.error?.code).toBe(status.UNAVAILABLE);
    expect(r.error?.details).toMatch(/quorum/);
  });

  it('with two peers dead, requests fail fast with UNAVAILABLE (quorum), no hang', async () => {
    await c.kill(1);
    await c.kill(2);
    const started = Date.now();
    const r = await sign(0, babeHeader(470));
    expect(r.error?.code).toBe(status.UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
