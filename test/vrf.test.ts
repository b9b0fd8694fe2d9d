/**
 * Threshold VRFs through a cluster of processes (three peers, emulated TAs): babe-vrf at every
 * peer, the window, malformed fields, a locked TA; and a simulated epoch of 600 slots in which the
 * validator (a third of the weight) claims slots through @triad/client and @triad/frost's
 * claimBabeSlot, each claim's VRF checked by @scure's transcript and DLEQ code, each claimed
 * slot's header (built by @polkadot/types, the VRF in its pre-digest) sealed and accepted by the
 * chain's verifier.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { status } from '@grpc/grpc-js';
import { TypeRegistry } from '@polkadot/types';
import { calculatePrimaryThreshold, claimBabeSlot, encodeBabePreRuntimeDigest } from '@triad/frost';
import type { BabeClaim, BabeEpoch, BabeVrfAsker } from '@triad/frost';
import { chainAcceptsSeal, chainVerifierReady, startCluster } from '@triad/testkit';
import type { LocalCluster } from '@triad/testkit';
import { babeSpec, NO_EXTRA, scureVrfVerify } from '../packages/frost/test/vrf-helpers.js';
import { PeerClients } from './peer-clients.js';

const registry = new TypeRegistry();
const randomness = new Uint8Array(32).fill(0x3c);

describe('threshold VRFs through a 3-peer cluster', () => {
  let c: LocalCluster;
  let publicKey: Uint8Array;
  const clients = new PeerClients(() => c, 8000);
  const clientAt = (i: number) => clients.at(i);

  beforeAll(async () => {
    await chainVerifierReady();
    const started = await startCluster({ keys: [{ keyType: 'babe' }] });
    c = started.cluster;
    publicKey = started.publicKeys.get('babe')!;
  }, 90_000);
  afterAll(async () => {
    clients.close();
    await c?.stop();
  });

  it('babe-vrf from every peer verifies (@scure DLEQ on the BABE transcript); one pre-output for all', async () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const r = await clientAt(i).babeVrf({ slot: 100n, epoch: 1n, randomness });
      if (r.kind !== 'vrf') throw new Error(`peer ${i + 1}: ${r.reason} ${r.message}`);
      expect(Buffer.from(r.publicKey)).toEqual(Buffer.from(publicKey));
      expect(scureVrfVerify(publicKey, babeSpec(100n, 1n, randomness), NO_EXTRA, r.signature!)).toBe(true);
      outputs.add(Buffer.from(r.preOutput).toString('hex'));
    }
    expect(outputs.size).toBe(1);
  });

  it('a slot beyond the window (2400 above the mark) is POLICY; at the window edge it is served', async () => {
    const client = clientAt(0);
    expect(await client.babeVrf({ slot: 100n + 2401n, epoch: 1n, randomness })).toMatchObject({
      kind: 'refusal',
      reason: 'POLICY',
    });
    expect(await client.babeVrfPreOutput({ slot: 100n + 2401n, epoch: 1n, randomness })).toMatchObject({
      kind: 'refusal',
      reason: 'POLICY',
    });
    expect(await client.babeVrf({ slot: 100n + 2400n, epoch: 1n, randomness })).toMatchObject({
      kind: 'vrf',
    });
  });

  it('malformed fields are INVALID_ARGUMENT at the peer; a kind on the wrong key type is POLICY', async () => {
    for (const req of [
      { keyType: 'babe', babeVrf: { slot: '1', epoch: '1', randomness: Buffer.alloc(33) } },
      { keyType: 'babe', babeVrf: { slot: '1', epoch: '1' } },
      { keyType: 'babe', babeVrfPreOutput: { slot: '1', epoch: '1', randomness: Buffer.alloc(2) } },
      { keyType: 'babe', assignmentVrf: { story: Buffer.alloc(32), moduloCompact: { cores: [9, 9] } } },
      { keyType: 'babe', assignmentVrf: { story: Buffer.alloc(31), delayCore: 2 } },
    ]) {
      const r = await c.call(0, 'Sign', req, { client: 'validator-a', timeoutMs: 5000 });
      expect(r.error?.code).toBe(status.INVALID_ARGUMENT);
    }
    const asgnOnBabe = await c.call(
      1,
      'Sign',
      { keyType: 'babe', assignmentVrf: { story: Buffer.alloc(32), delayCore: 2 } },
      { client: 'validator-a', timeoutMs: 5000 },
    );
    expect(asgnOnBabe.res?.refusal).toMatchObject({ reason: 'POLICY' });
  });

  it('a simulated epoch of 600 slots at a third of the weight: primary claims within binomial bounds, each VRF verifies, each header sealed', async () => {
    const client = clientAt(1);
    const epoch: BabeEpoch = {
      index: 5n,
      randomness,
      authorities: [
        { publicKey: new Uint8Array(32).fill(1), weight: 1n },
        { publicKey, weight: 1n },
        { publicKey: new Uint8Array(32).fill(2), weight: 1n },
      ],
      c: [1n, 4n],
      allowedSlots: 'primary-and-secondary-vrf',
    };
    const asker: BabeVrfAsker = {
      preOutput: async (f) => {
        const r = await client.babeVrfPreOutput(f);

        return r.kind === 'vrf' ? r.preOutput : undefined;
      },
      vrfSignature: async (f) => {
        const r = await client.babeVrf(f);
        return r.kind === 'vrf' ? r.signature : undefined;
      },
    };
    const counts = { primary: 0, 'secondary-vrf': 0, 'secondary-plain': 0 };
    // Slots from 2000: within the window of every TA's mark (100 from the first test), and each
    // claim's VRF steps the marks forward as the epoch goes on. Claims are asked twenty at a time (a
    // VRF below the mark is always served); the headers are sealed in slot order, as a chain goes.
    const start = 2000n;
    const claims: BabeClaim[] = [];
    for (let batch = start; batch < start + 600n; batch += 20n) {
      const slots = Array.from({ length: 20 }, (_, k) => batch + BigInt(k));
      for (const claim of await Promise.all(slots.map((slot) => claimBabeSlot(epoch, 1, slot, asker))))
        if (claim) claims.push(claim);
    }
    for (const claim of claims) {
      counts[claim.kind]++;
      if (claim.kind === 'secondary-plain') continue;
      expect(
        scureVrfVerify(publicKey, babeSpec(claim.slot, 5n, randomness), NO_EXTRA, claim.vrfSignature),
      ).toBe(true);
      const header = registry
        .createType('Header', {
          parentHash: new Uint8Array(32).fill(Number(claim.slot % 251n)),
          number: Number(claim.slot),
          stateRoot: new Uint8Array(32).fill(2),
          extrinsicsRoot: new Uint8Array(32).fill(3),
          digest: { logs: [registry.createType('DigestItem', encodeBabePreRuntimeDigest(claim, 1))] },
        })
        .toU8a();
      const sealed = await client.sign({ keyType: 'babe', kind: 'babe-seal', header });
      if (sealed.kind !== 'signature')
        throw new Error(`slot ${claim.slot}: ${sealed.reason} ${sealed.message}`);
      expect(chainAcceptsSeal(sealed.signature, header, publicKey)).toBe(true);
    }
    // p = 1 - (3/4)^(1/3) = 0.0914 per slot (the threshold is exactly that times 2^128): over 600
    // slots the count is Binomial(600, p), mean 54.9, sd 7.06; mean +- 5 sd is [19, 91] (fails by
    // chance with probability below 1e-6)
    const p = Number(calculatePrimaryThreshold([1n, 4n], [1n, 1n, 1n], 1)) / 2 ** 128;
    expect(p).toBeCloseTo(1 - 0.75 ** (1 / 3), 12);
    const mean = 600 * p;
    const sd = Math.sqrt(600 * p * (1 - p));
    expect(counts.primary).toBeGreaterThanOrEqual(Math.floor(mean - 5 * sd));
    expect(counts.primary).toBeLessThanOrEqual(Math.ceil(mean + 5 * sd));
    // secondary: the slots whose public secondary author is us and that were not won: about a third
    expect(counts['secondary-vrf']).toBeGreaterThan(100);
    expect(counts['secondary-plain']).toBe(0);
  }, 120_000);

  it('a VRF at a peer whose TA is locked fails clearly (UNAVAILABLE naming LOCKED), not a crash', async () => {
    await c.kill(2); // peer 3 gone: peer 1's TA, once restarted, cannot be unlocked (every peer must vouch)
    await c.tee.restart(0);
    // the first request may find the old connection closed (also UNAVAILABLE); then the TA says LOCKED
    let details = '';
    for (let t = 0; t < 50 && !/LOCKED/.test(details); t++) {
      const r = await c.call(
        0,
        'Sign',
        { keyType: 'babe', babeVrf: { slot: '2700', epoch: '5', randomness: Buffer.from(randomness) } },
        { client: 'validator-a', timeoutMs: 8000 },
      );
      expect(r.error?.code).toBe(status.UNAVAILABLE);
      details = r.error!.details;
      await new Promise((go) => setTimeout(go, 100));
    }
    expect(details).toMatch(/this peer's TA cannot .*LOCKED/);
  }, 30_000);
});
