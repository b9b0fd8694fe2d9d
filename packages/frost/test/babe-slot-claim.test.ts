/**
 * Slot claiming with a single key standing in for the cluster: each decision checked against an
 * independent score (@scure's Merlin for the input point and make_bytes), the secondary author,
 * the VRF under @scure's DLEQ replay, and the PreRuntime digest decoded by @polkadot/types.
 */
import { describe, expect, it } from '@jest/globals';
import { TypeRegistry } from '@polkadot/types';
import type { DigestItem } from '@polkadot/types/interfaces';
import {
  babeVrfTranscripts,
  calculatePrimaryThreshold,
  claimBabeSlot,
  encodeBabePreRuntimeDigest,
  encodePoint,
  mulBase,
  secondarySlotAuthorIndex,
  vrfSignWithNonce,
} from '../src/index.js';
import type { AllowedSlots, BabeClaim, BabeEpoch, BabeVrfAsker } from '../src/index.js';
import { babeSpec, NO_EXTRA, scureInputPoint, scureMakeBytes, scureVrfVerify } from './vrf-helpers.js';

const registry = new TypeRegistry();
const secret = 0x1234_5678_9abc_def0_1122_3344_5566_7788n;
const publicKey = encodePoint(mulBase(secret));

const epochOf = (allowedSlots: AllowedSlots): BabeEpoch => ({
  index: 11n,
  randomness: new Uint8Array(32).fill(0x5a),
  authorities: [
    { publicKey: new Uint8Array(32).fill(1), weight: 1n },
    { publicKey, weight: 1n },
    { publicKey: new Uint8Array(32).fill(2), weight: 1n },
  ],
  c: [1n, 4n],
  allowedSlots,
});

/** The single key as the cluster: counts what it is asked. */
function singleKey() {
  const asked = { preOutput: 0, vrf: 0 };
  const sign = (f: { slot: bigint; epoch: bigint; randomness: Uint8Array }) =>
    vrfSignWithNonce(secret, babeVrfTranscripts(f.slot, f.epoch, f.randomness), 77n + f.slot).signature;
  const asker: BabeVrfAsker = {
    preOutput: async (f) => (asked.preOutput++, sign(f).slice(0, 32)),
    vrfSignature: async (f) => (asked.vrf++, sign(f)),
  };
  return { asked, asker };
}

/** u128 LE of @scure's make_bytes over @scure's input point. */
function independentScore(slot: bigint, epoch: BabeEpoch, preOutput: Uint8Array): bigint {
  const H = scureInputPoint(publicKey, babeSpec(slot, epoch.index, epoch.randomness)).toBytes();
  const b = scureMakeBytes('substrate-babe-vrf', H, preOutput, 16);
  return b.reduceRight((v, x) => (v << 8n) | BigInt(x), 0n);
}

describe('claimBabeSlot', () => {
  it('primary exactly when the score is below the threshold; secondary VRF for the public secondary author', async () => {
    const epoch = epochOf('primary-and-secondary-vrf');
    const threshold = calculatePrimaryThreshold(epoch.c, [1n, 1n, 1n], 1);
    const { asked, asker } = singleKey();
    const claims: BabeClaim[] = [];
    let primaries = 0;
    for (let slot = 1000n; slot < 1200n; slot++) {
      const claim = await claimBabeSlot(epoch, 1, slot, asker);
      const pre = vrfSignWithNonce(secret, babeVrfTranscripts(slot, 11n, epoch.randomness), 1n).signature;
      const primary = independentScore(slot, epoch, pre.subarray(0, 32)) < threshold;
      const secondary = secondarySlotAuthorIndex(slot, epoch.randomness, 3) === 1;
      expect(claim?.kind).toBe(primary ? 'primary' : secondary ? 'secondary-vrf' : undefined);
      if (primary) primaries++;
      if (claim) claims.push(claim);
    }
    // c = 1/4 at a third of the weight: p = 1 - (3/4)^(1/3) ~ 0.0914, ~18 of 200
    expect(primaries).toBeGreaterThan(3);
    expect(primaries).toBeLessThan(40);
    expect(asked.preOutput).toBe(200);
    expect(asked.vrf).toBe(claims.length); // the proof only for a slot that is claimed
    for (const c of claims) {
      if (c.kind === 'secondary-plain') throw new Error('no plain claims here');
      expect(
        scureVrfVerify(publicKey, babeSpec(c.slot, 11n, epoch.randomness), NO_EXTRA, c.vrfSignature),
      ).toBe(true);
    }
  });

  it('secondary plain and primary-only epochs', async () => {
    const { asker } = singleKey();
    const plain = epochOf('primary-and-secondary-plain');
    const only = epochOf('primary');
    for (let slot = 1000n; slot < 1060n; slot++) {
      const p = await claimBabeSlot(plain, 1, slot, asker);
      const o = await claimBabeSlot(only, 1, slot, asker);
      if (o) expect(p).toEqual(o);
      else if (secondarySlotAuthorIndex(slot, plain.randomness, 3) === 1)
        expect(p).toEqual({ kind: 'secondary-plain', slot });
      else expect(p).toBeUndefined();
      expect(o === undefined || o.kind === 'primary').toBe(true);
    }
  });

  it('a refusal of the proof is no claim; a VRF with another pre-output is rejected', async () => {
    const epoch = epochOf('primary');
    const { asker } = singleKey();
    let slot = 1000n;
    while (!(await claimBabeSlot(epoch, 1, slot, asker))) slot++;
    expect(
      await claimBabeSlot(epoch, 1, slot, { ...asker, vrfSignature: async () => undefined }),
    ).toBeUndefined();
    const other = { ...asker, vrfSignature: async () => new Uint8Array(96).fill(3) };
    await expect(claimBabeSlot(epoch, 1, slot, other)).rejects.toThrow(/another pre-output/);
    await expect(claimBabeSlot(epoch, 3, slot, asker)).rejects.toThrow(/not in the epoch/);
  });
});

describe('encodeBabePreRuntimeDigest', () => {
  it('decodes with @polkadot/types as PreRuntime(BABE, PreDigest) for every claim kind', () => {
    const sig = Uint8Array.from({ length: 96 }, (_, i) => i);
    const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');
    for (const [claim, variant] of [
      [{ kind: 'primary', slot: 2n ** 40n + 5n, vrfSignature: sig }, 'Primary'],
      [{ kind: 'secondary-vrf', slot: 9n, vrfSignature: sig }, 'SecondaryVRF'],
      [{ kind: 'secondary-plain', slot: 9n }, 'SecondaryPlain'],
    ] as const) {
      const item = registry.createType('DigestItem', encodeBabePreRuntimeDigest(claim, 70_000)) as DigestItem;
      expect(item.isPreRuntime).toBe(true);
      const [engine, data] = item.asPreRuntime;
      expect(engine.toString()).toBe('BABE');
      const pre = registry.createType('RawBabePreDigest', data.toU8a(true)) as unknown as { type: string };
      expect(pre.type).toBe(variant);
      const body = (pre as unknown as Record<string, { toJSON(): Record<string, unknown> }>)[
        `as${variant}`
      ]!.toJSON();
      expect(body.authorityIndex).toBe(70_000);
      expect(BigInt(body.slotNumber as number | string)).toBe(claim.slot);
      if (claim.kind !== 'secondary-plain') {
        expect(body.vrfOutput).toBe(hex(sig.subarray(0, 32)));
        expect(body.vrfProof).toBe(hex(sig.subarray(32)));
      }
    }
  });
});
