import { beforeAll, describe, expect, it } from '@jest/globals';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { sr25519KeypairFromSeed, vrfSign, vrfVerify, waitReady } from '@polkadot/wasm-crypto';
import { vrf as scureVrf } from '@scure/sr25519';
import fc from 'fast-check';
import {
  aggregateVrf,
  babeVrfTranscripts,
  commit,
  vrfCommit,
  vrfSignShare,
  combinePreOutput,
  delayTranscripts,
  encodeCoreBitfield,
  encodePoint,
  makeBytes,
  moduloCompactTranscripts,
  Point,
  signingContextTranscripts,
  trustedDealerKeygen,
  verifyVrf,
  vrfInputPoint,
  vrfPreOutputShare,
  vrfSignWithNonce,
} from '../src/index.js';
import type { VrfTranscripts } from '../src/index.js';
import { expectFrostError, hex, subsets, utf8 } from './helpers.js';
import type { TranscriptSpec } from './vrf-helpers.js';
import {
  babeSpec,
  NO_EXTRA,
  scureInputPoint,
  scureMakeBytes,
  scureVrfVerify,
  thresholdVrf,
} from './vrf-helpers.js';

beforeAll(() => waitReady());

const u32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};

const noExtra = NO_EXTRA;

describe('threshold VRF over a signing context (every 2-subset of 2-of-3)', () => {
  it('verifies under Rust schnorrkel (wasm vrfVerify) and @scure/sr25519 vrf.verify', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 64 }), async (msg) => {
        const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
        const pk = encodePoint(publicKeyPackage.groupPublicKey);
        for (const pair of subsets(keyPackages, 2)) {
          const t = signingContextTranscripts('substrate', msg);
          const { signature } = thresholdVrf(pair, publicKeyPackage, t);
          expect(signature).toHaveLength(96);
          expect(vrfVerify(pk, utf8('substrate'), msg, new Uint8Array(0), signature)).toBe(true);
          expect(scureVrf.verify(msg, signature, pk, utf8('substrate'))).toBe(true);
          expect(verifyVrf(pk, t, signature)).toBe(true);
          const other = new Uint8Array([...msg, 1]);
          expect(vrfVerify(pk, utf8('substrate'), other, new Uint8Array(0), signature)).toBe(false);
        }
      }),
      { numRuns: 4 },
    );
  });

  it('with an extra transcript, Rust schnorrkel agrees too', () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
    const pk = encodePoint(publicKeyPackage.groupPublicKey);
    const t = signingContextTranscripts('substrate', utf8('claim'), utf8('extra data'));
    const { signature } = thresholdVrf(keyPackages.slice(1), publicKeyPackage, t);
    expect(vrfVerify(pk, utf8('substrate'), utf8('claim'), utf8('extra data'), signature)).toBe(true);
    expect(vrfVerify(pk, utf8('substrate'), utf8('claim'), new Uint8Array(0), signature)).toBe(false);
  });

  it('a dealer-split Rust key gives the pre-output Rust schnorrkel gives, byte for byte', () => {
    const kp = sr25519KeypairFromSeed(randomBytes(32));
    // schnorrkel keeps the secret scalar times the cofactor in its ed25519-style bytes
    const x = bytesToNumberLE(kp.subarray(0, 32)) >> 3n;
    const msg = randomBytes(20);
    const rust = vrfSign(kp.subarray(0, 64), utf8('substrate'), msg, new Uint8Array(0));
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3, secret: x });
    expect(hex(encodePoint(publicKeyPackage.groupPublicKey))).toBe(hex(kp.subarray(64)));
    for (const pair of subsets(keyPackages, 2)) {
      const { signature } = thresholdVrf(pair, publicKeyPackage, signingContextTranscripts('substrate', msg));
      expect(hex(signature.subarray(0, 32))).toBe(hex(rust.subarray(0, 32)));
    }
    // and what Rust made verifies here
    expect(verifyVrf(kp.subarray(64), signingContextTranscripts('substrate', msg), rust)).toBe(true);
  });
});

describe('BABE and assignment transcripts', () => {
  const cases = (): { name: string; t: VrfTranscripts; input: TranscriptSpec; extra: TranscriptSpec }[] => {
    const randomness = randomBytes(32);
    const story = randomBytes(32);
    const slot = BigInt(Math.floor(Math.random() * 2 ** 40));
    const bitfield = encodeCoreBitfield([3, 17, 70]);
    return [
      {
        name: 'babe',
        t: babeVrfTranscripts(slot, 7n, randomness),
        input: babeSpec(slot, 7n, randomness),
        extra: noExtra,
      },
      {
        name: 'modulo-compact',
        t: moduloCompactTranscripts(story, bitfield),
        input: { label: 'A&V MOD v2', messages: [['RC-VRF', story]] },
        extra: { label: 'A&V ASSIGNED v2', messages: [['cores', bitfield]] },
      },
      {
        name: 'delay',
        t: delayTranscripts(story, 42),
        input: {
          label: 'A&V DELAY',
          messages: [
            ['RC-VRF', story],
            ['core', u32(42)],
          ],
        },
        extra: noExtra,
      },
    ];
  };

  it('every 2-subset verifies with @scure/sr25519 transcripts replaying schnorrkel DLEQ', () => {
    for (let run = 0; run < 2; run++) {
      const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
      const pk = encodePoint(publicKeyPackage.groupPublicKey);
      for (const c of cases()) {
        for (const pair of subsets(keyPackages, 2)) {
          const { signature } = thresholdVrf(pair, publicKeyPackage, c.t);
          expect(scureVrfVerify(pk, c.input, c.extra, signature)).toBe(true);
          // the extra transcript is bound: another one does not verify
          expect(scureVrfVerify(pk, c.input, { label: 'VRF', messages: [['x', 'y']] }, signature)).toBe(
            false,
          );
        }
      }
    }
  });

  it('for a dealer-split key the pre-output is x*H of the single key, byte for byte', () => {
    const x = bytesToNumberLE(randomBytes(32)) % Point.Fn.ORDER;
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3, secret: x });
    const pk = encodePoint(publicKeyPackage.groupPublicKey);
    for (const c of cases()) {
      const H = scureInputPoint(pk, c.input);
      const single = hex(H.multiply(x).toBytes());
      expect(hex(vrfSignWithNonce(x, c.t, 12345n).signature.subarray(0, 32))).toBe(single);
      for (const pair of subsets(keyPackages, 2)) {
        const { signature } = thresholdVrf(pair, publicKeyPackage, c.t);
        expect(hex(signature.subarray(0, 32))).toBe(single);
        const shares = pair.map((k) => ({
          identifier: k.identifier,
          preOutputShare: vrfPreOutputShare(k, H),
        }));
        expect(hex(encodePoint(combinePreOutput(shares)))).toBe(single);
      }
    }
  });

  it('make_bytes (the BABE score) matches @scure Merlin', () => {
    const { publicKeyPackage, keyPackages } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
    const c = cases()[0]!;
    const { signature } = thresholdVrf(keyPackages.slice(0, 2), publicKeyPackage, c.t);
    const H = vrfInputPoint(publicKeyPackage.groupPublicKey, c.t.input);
    const O = Point.fromBytes(signature.subarray(0, 32));
    const ours = makeBytes('substrate-babe-vrf', H, O, 16);
    expect(hex(ours)).toBe(
      hex(scureMakeBytes('substrate-babe-vrf', H.toBytes(), signature.subarray(0, 32), 16)),
    );
  });
});

describe('blame', () => {
  const setup = () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3 });
    return { keys: keyPackages, pub: publicKeyPackage, t: babeVrfTranscripts(1000n, 3n, randomBytes(32)) };
  };

  it('a tampered share is caught and its sender named', () => {
    for (const culprit of [1, 3]) {
      const { keys, pub, t } = setup();
      const run = thresholdVrf([keys[0]!, keys[2]!], pub, t);
      const shares = run.shares.map((s) => (s.identifier === culprit ? { ...s, z: s.z + 1n } : s));
      expectFrostError(() => aggregateVrf(pub, run.commitments, t, shares), 'INVALID_SHARE', culprit);
    }
  });

  it('a signer that publishes a wrong pre-output share is named', () => {
    const { keys, pub, t } = setup();
    const H = vrfInputPoint(pub.groupPublicKey, t.input);
    const signers = keys.slice(0, 2).map((k) => vrfCommit(k, commit(k), H));
    const liar = signers[1]!;
    const forged = {
      ...liar,
      commitment: { ...liar.commitment, preOutputShare: liar.commitment.preOutputShare.add(Point.BASE) },
    };
    const all = [signers[0]!, forged];
    const set = all.map((s) => s.commitment);
    const shares = all.map((s) => vrfSignShare(s, set, t));
    expectFrostError(() => aggregateVrf(pub, set, t, shares), 'INVALID_SHARE', 2);
  });

  it('a signer refuses a set that carries another commitment under its id', () => {
    const { keys, pub, t } = setup();
    const H = vrfInputPoint(pub.groupPublicKey, t.input);
    const signers = keys.slice(0, 2).map((k) => vrfCommit(k, commit(k), H));
    const set = signers.map((s) => s.commitment);
    const swapped = [set[0]!, { ...set[1]!, hidingH: set[1]!.hidingH.add(Point.BASE) }];
    expectFrostError(() => vrfSignShare(signers[1]!, swapped, t), 'COMMITMENT_MISMATCH');
    expect(pub.threshold).toBe(2);
  });
});
