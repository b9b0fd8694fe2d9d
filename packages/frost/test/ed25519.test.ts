/**
 * Threshold ed25519 (FROST(Ed25519, SHA-512)) end to end: every signature Triad would release is
 * judged by two ed25519 verifiers that are not this package (noble in RFC 8032 strict mode and
 * ed25519-dalek via wasm), and interoperates with noble's independent FROST implementation.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ED25519_TORSION_SUBGROUP, ed25519, ed25519_FROST } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import {
  aggregate,
  babeVrfTranscripts,
  commit,
  decodeKeyPackage,
  decodePublicKeyPackage,
  decodeScalar,
  decodeSignatureShare,
  decodeSigningCommitment,
  dkgRound2,
  dkgRound3,
  ed25519Suite,
  encodeKeyPackage,
  encodePoint,
  encodePublicKeyPackage,
  encodeScalar,
  encodeSigningCommitment,
  mod,
  ORDER,
  refreshRound3,
  schnorrkel,
  signShare,
  Tag,
  trustedDealerKeygen,
  verifyShare,
  verifySignature,
} from '../src/index.js';
import type { DkgRound1Package, KeyPackage, PublicKeyPackage, SigningCommitment } from '../src/index.js';
import { drbg } from '../scripts/drbg.js';
import { runDkg, runRefresh } from './ceremonies.js';
import { thresholdVrf } from './vrf-helpers.js';
import { ed25519Verdicts, ed25519VerifierReady } from './ed25519-helpers.js';
import { expectFrostError, hex, publicKeyBytes, subsets, thresholdSign, unhex, utf8 } from './helpers.js';

beforeAll(() => ed25519VerifierReady());

const suite = ed25519Suite;
const { group } = suite;

/** Every 2-subset of the three signers signs `msg`; each aggregate must satisfy both verifiers. */
function everyPairVerifies(keys: readonly KeyPackage[], pub: PublicKeyPackage, msg: Uint8Array): void {
  for (const pair of subsets(keys, 2)) {
    const { signature } = thresholdSign(pair, pub, msg, suite);
    expect(ed25519Verdicts(signature, msg, publicKeyBytes(pub))).toEqual([true, true]);
    expect(ed25519Verdicts(signature, Uint8Array.of(...msg, 1), publicKeyBytes(pub))).toEqual([false, false]);
  }
}

describe('threshold ed25519 signatures are plain RFC 8032 signatures', () => {
  it('random keys, random messages, every 2-subset of 3: noble strict and ed25519-dalek accept', async () => {
    await fc.assert(
      fc.property(fc.string({ maxLength: 16 }), fc.uint8Array({ maxLength: 200 }), (seed, msg) => {
        const { keyPackages, publicKeyPackage } = trustedDealerKeygen({
          threshold: 2,
          maxSigners: 3,
          rng: drbg(`ed25519/${seed}`),
          suite,
        });
        everyPairVerifies(keyPackages, publicKeyPackage, msg);
      }),
      { numRuns: 10 },
    );
  });

  it('the 53-byte GRANDPA payload size and an empty message sign like any other', () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3, suite });
    everyPairVerifies(keyPackages, publicKeyPackage, new Uint8Array(53).fill(7));
    everyPairVerifies(keyPackages, publicKeyPackage, new Uint8Array());
  });

  it('verifySignature agrees with the independent verifiers, and refuses a schnorrkel-marked copy', () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3, suite });
    const msg = utf8('vote');
    const { signature } = thresholdSign(keyPackages.slice(0, 2), publicKeyPackage, msg, suite);
    const pk = publicKeyBytes(publicKeyPackage);
    expect(verifySignature(suite, signature, msg, pk)).toBe(true);
    const marked = signature.slice();
    marked[63]! |= 0x80; // z >= 2^255 > l
    expect(verifySignature(suite, marked, msg, pk)).toBe(false);
    expect(ed25519Verdicts(marked, msg, pk)).toEqual([false, false]);
  });
});

describe('ed25519 DKG and refresh', () => {
  it('DKG-made keys sign for the group key under both verifiers, every 2-subset', () => {
    const { out } = runDkg(2, 3, utf8('ed25519-session'), 'ed-dkg', suite);
    const pub = out[0]!.publicKeyPackage;
    for (const o of out)
      expect(hex(encodePublicKeyPackage(o.publicKeyPackage))).toBe(hex(encodePublicKeyPackage(pub)));
    everyPairVerifies(
      out.map((o) => o.keyPackage),
      pub,
      utf8('prevote'),
    );
  });

  it('refresh keeps the group key, changes every share, and the refreshed keys sign', () => {
    const { out } = runDkg(2, 3, utf8('ed25519-refresh'), 'ed-dkg2', suite);
    const keys = out.map((o) => o.keyPackage);
    const pub = out[0]!.publicKeyPackage;
    const refreshed = runRefresh(keys, pub, 'ed-refresh', suite).out;
    const pub2 = refreshed[0]!.publicKeyPackage;
    expect(hex(encodePoint(pub2.groupPublicKey))).toBe(hex(encodePoint(pub.groupPublicKey)));
    refreshed.forEach((r, i) => expect(r.keyPackage.signingShare).not.toBe(keys[i]!.signingShare));
    everyPairVerifies(
      refreshed.map((r) => r.keyPackage),
      pub2,
      utf8('precommit'),
    );
    // an old share does not combine with a new one
    const mixed = [keys[0]!, refreshed[1]!.keyPackage];
    expectFrostError(() => thresholdSign(mixed, pub2, utf8('x'), suite), 'INVALID_SHARE', 1);
  });

  it('noble FROST round-one packages pass this DKG (the same frost-core proof of knowledge)', () => {
    const ids = [1, 2, 3].map((n) => ed25519_FROST.Identifier.fromNumber(n));
    const theirs = ids.slice(1).map((id) => ed25519_FROST.DKG.round1(id, { min: 2, max: 3 }).public);
    const asOurs = theirs.map((p, i): DkgRound1Package => ({
      identifier: i + 2,
      commitment: p.commitment.map((c) => group.decode(c)),
      proofOfKnowledge: {
        R: group.decode(p.proofOfKnowledge.subarray(0, 32)),
        z: decodeScalar(p.proofOfKnowledge.subarray(32)),
      },
    }));
    const { r2 } = runDkg(2, 3, new Uint8Array(), 'ed-noble', suite);
    expect(() => dkgRound2(r2[0]!.secret, asOurs)).not.toThrow();
    const forged = {
      ...asOurs[0]!,
      proofOfKnowledge: { ...asOurs[0]!.proofOfKnowledge, z: mod(asOurs[0]!.proofOfKnowledge.z + 1n) },
    };
    expectFrostError(() => dkgRound2(r2[0]!.secret, [forged, asOurs[1]!]), 'INVALID_PROOF', 2);
  });
});

describe('a bad share names its culprit', () => {
  const { keyPackages: keys, publicKeyPackage: pub } = trustedDealerKeygen({
    threshold: 2,
    maxSigners: 3,
    rng: drbg('ed25519/culprit'),
    suite,
  });
  const msg = utf8('target');

  it.each([1, 3])('a tampered signature share from %i is INVALID_SHARE with that identifier', (bad) => {
    const signers = [keys[0]!, keys[2]!];
    const nonces = signers.map((k) => commit(k, undefined, suite));
    const set = nonces.map((n) => n.commitment);
    const shares = signers.map((k, i) => signShare(suite, k, nonces[i]!, set, msg));
    const tampered = shares.map((s) => (s.identifier === bad ? { ...s, z: mod(s.z + 1n) } : s));
    tampered.forEach((s) => expect(verifyShare(suite, pub, set, msg, s)).toBe(s.identifier !== bad));
    expectFrostError(() => aggregate(suite, pub, set, msg, tampered), 'INVALID_SHARE', bad);
  });

  it('a tampered DKG share is INVALID_SHARE naming its sender', () => {
    const { r2, othersOf, all2 } = runDkg(2, 3, utf8('ed-culprit'), 'ed-dkg3', suite);
    const toOne = all2
      .filter((p) => p.receiver === 1)
      .map((p) => (p.sender === 2 ? { ...p, share: mod(p.share + 1n) } : p));
    expectFrostError(() => dkgRound3(r2[0]!.secret, othersOf(1), toOne), 'INVALID_SHARE', 2);
  });
});

describe('a key or package of the other suite is a FrostError, never a crash in the curve library', () => {
  const ed = trustedDealerKeygen({ threshold: 2, maxSigners: 3, rng: drbg('ed25519/mix'), suite });
  const sr = trustedDealerKeygen({ threshold: 2, maxSigners: 3, rng: drbg('sr25519/mix') });
  const msg = utf8('mix');

  it('an ed25519 key signed for under the schnorrkel suite', () => {
    const nonces = ed.keyPackages.slice(0, 2).map((k) => commit(k, undefined, suite));
    const set = nonces.map((n) => n.commitment);
    expectFrostError(() => signShare(schnorrkel, ed.keyPackages[0]!, nonces[0]!, set, msg), 'INVALID_POINT');
  });

  it('a ristretto255 commitment in an ed25519 signing set', () => {
    const own = commit(ed.keyPackages[0]!, undefined, suite);
    const foreign = commit(sr.keyPackages[1]!).commitment;
    expectFrostError(
      () => signShare(suite, ed.keyPackages[0]!, own, [own.commitment, foreign], msg),
      'INVALID_POINT',
    );
  });

  it('a ristretto255 round-one package in an ed25519 DKG names its sender', () => {
    const edDkg = runDkg(2, 3, utf8('mix'), 'ed-mix', suite);
    const srDkg = runDkg(2, 3, utf8('mix'), 'sr-mix');
    expectFrostError(
      () => dkgRound2(edDkg.r1[0]!.secret, [edDkg.packages1[1]!, srDkg.packages1[2]!]),
      'INVALID_POINT',
      3,
    );
  });

  it('an ed25519 key in a (ristretto255-only) VRF', () => {
    const transcripts = babeVrfTranscripts(1n, 1n, new Uint8Array(32));
    expectFrostError(
      () => thresholdVrf(ed.keyPackages.slice(0, 2), ed.publicKeyPackage, transcripts),
      'INVALID_POINT',
    );
  });

  it('an ed25519 refresh applied to a ristretto255 key', () => {
    const refreshed = runRefresh(ed.keyPackages, ed.publicKeyPackage, 'ed-mix', suite);
    const mine = refreshed.all2.filter((p) => p.receiver === 1);
    expectFrostError(
      () => refreshRound3(refreshed.r2[0]!.secret, mine, sr.keyPackages[0]!, sr.publicKeyPackage),
      'INVALID_POINT',
    );
  });
});

describe('interoperability with noble ed25519_FROST (an independent RFC 9591 implementation)', () => {
  it('one noble signer and one Triad signer make one signature, byte-identical from both aggregators', () => {
    const ids = [1, 2, 3].map((n) => ed25519_FROST.Identifier.fromNumber(n));
    const deal = ed25519_FROST.trustedDealer({ min: 2, max: 3 }, ids);
    const groupKey = group.decode(deal.public.commitments[0]!);
    const verifyingShares = new Map(
      ids.map((id, i) => [i + 1, group.decode(deal.public.verifyingShares[id]!)] as const),
    );
    const pub: PublicKeyPackage = { threshold: 2, groupPublicKey: groupKey, verifyingShares };
    const ours: KeyPackage = {
      identifier: 3,
      signingShare: decodeScalar(deal.secretShares[ids[2]!]!.signingShare),
      verifyingShare: verifyingShares.get(3)!,
      groupPublicKey: groupKey,
      threshold: 2,
    };
    const msg = utf8('interop');
    const theirs = ed25519_FROST.commit(deal.secretShares[ids[0]!]!);
    const mine = commit(ours, undefined, suite);
    const set: SigningCommitment[] = [
      {
        identifier: 1,
        hiding: group.decode(theirs.commitments.hiding),
        binding: group.decode(theirs.commitments.binding),
      },
      mine.commitment,
    ];
    const list = [
      theirs.commitments,
      {
        identifier: ids[2]!,
        hiding: encodePoint(mine.commitment.hiding),
        binding: encodePoint(mine.commitment.binding),
      },
    ];
    const theirShare = ed25519_FROST.signShare(
      deal.secretShares[ids[0]!]!,
      deal.public,
      theirs.nonces,
      list,
      msg,
    );
    const myShare = signShare(suite, ours, mine, set, msg);
    expect(ed25519_FROST.verifyShare(deal.public, list, msg, ids[2]!, encodeScalar(myShare.z))).toBe(true);
    expect(verifyShare(suite, pub, set, msg, { identifier: 1, z: decodeScalar(theirShare) })).toBe(true);
    const signature = aggregate(suite, pub, set, msg, [
      { identifier: 1, z: decodeScalar(theirShare) },
      myShare,
    ]);
    const nobles = ed25519_FROST.aggregate(deal.public, list, msg, {
      [ids[0]!]: theirShare,
      [ids[2]!]: encodeScalar(myShare.z),
    });
    expect(hex(signature)).toBe(hex(nobles));
    expect(ed25519Verdicts(signature, msg, encodePoint(groupKey))).toEqual([true, true]);
  });
});

describe('strict edwards25519 decoding', () => {
  const good = encodePoint(group.mulBase(12345n));
  const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
  const P = 2n ** 255n - 19n;

  it('a valid point decodes to itself', () => {
    expect(hex(encodePoint(group.decode(good)))).toBe(hex(good));
  });

  it('the identity is IDENTITY_POINT', () => {
    expectFrostError(() => group.decode(encodePoint(ed25519.Point.ZERO)), 'IDENTITY_POINT');
  });

  it('every other point of small order (the torsion subgroup) is SMALL_ORDER_POINT', () => {
    const torsion = ED25519_TORSION_SUBGROUP.map(unhex).filter((b) => !ed25519.Point.fromBytes(b).is0());
    expect(torsion.length).toBe(7);
    for (const t of torsion) expectFrostError(() => group.decode(t), 'SMALL_ORDER_POINT');
  });

  it('non-canonical encodings are INVALID_POINT: y >= p, x = 0 with the sign bit, not on the curve', () => {
    expectFrostError(() => group.decode(le(P + 1n)), 'INVALID_POINT'); // the identity's y, plus p
    const negZero = encodePoint(ed25519.Point.ZERO);
    negZero[31]! |= 0x80;
    expectFrostError(() => group.decode(negZero), 'INVALID_POINT');
    expectFrostError(() => group.decode(new Uint8Array(32).fill(0xff)), 'INVALID_POINT');
    // y = 2 has no x on edwards25519 (x^2 = 3/(4d+1) is not a square)
    expectFrostError(() => group.decode(le(2n)), 'INVALID_POINT');
  });

  it('a point with a torsion component is TORSION_COMPONENT', () => {
    const order8 = ed25519.Point.fromBytes(unhex(ED25519_TORSION_SUBGROUP[1]!));
    const torsioned = ed25519.Point.fromBytes(good).add(order8).toBytes();
    expectFrostError(() => group.decode(torsioned), 'TORSION_COMPONENT');
  });

  it('a scalar >= l is NON_CANONICAL_SCALAR, in a share and in a signature', () => {
    expectFrostError(() => decodeScalar(le(ORDER)), 'NON_CANONICAL_SCALAR');
    expectFrostError(
      () => decodeSignatureShare(Uint8Array.of(Tag.SignatureShare, 1, 0, ...le(ORDER)), suite),
      'NON_CANONICAL_SCALAR',
    );
    expect(verifySignature(suite, Uint8Array.of(...good, ...le(ORDER)), utf8('m'), good)).toBe(false);
  });

  it('the wire decoders use the suite: an ed25519 commitment with a small-order point is refused', () => {
    const c = commit(
      trustedDealerKeygen({ threshold: 2, maxSigners: 3, suite }).keyPackages[0]!,
      undefined,
      suite,
    );
    const bytes = encodeSigningCommitment(c.commitment);
    expect(decodeSigningCommitment(bytes, suite).hiding.equals(c.commitment.hiding)).toBe(true);
    bytes.set(unhex(ED25519_TORSION_SUBGROUP[2]!), 3);
    expectFrostError(() => decodeSigningCommitment(bytes, suite), 'SMALL_ORDER_POINT');
  });

  it('ed25519 key packages round-trip through their encodings with the suite', () => {
    const { keyPackages, publicKeyPackage } = trustedDealerKeygen({ threshold: 2, maxSigners: 3, suite });
    const pubBytes = encodePublicKeyPackage(publicKeyPackage);
    expect(hex(encodePublicKeyPackage(decodePublicKeyPackage(pubBytes, suite)))).toBe(hex(pubBytes));
    const keyBytes = encodeKeyPackage(keyPackages[1]!);
    expect(hex(encodeKeyPackage(decodeKeyPackage(keyBytes, suite)))).toBe(hex(keyBytes));
  });
});
