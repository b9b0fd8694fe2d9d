/**
 * Known-answer vectors for the C TA, produced by this (reference) implementation from a fixed seed.
 * Every intermediate value a TA computes is recorded, so a C mismatch points at the exact step.
 * Regenerate with `npm run vectors`; a test fails if the committed file drifts from this code.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  aggregate,
  commit,
  deriveSigningContext,
  dkgRound1,
  dkgRound2,
  dkgRound3,
  dkgTranscriptDigest,
  encodeDkgRound1Package,
  encodeKeyPackage,
  encodePoint,
  encodePublicKeyPackage,
  encodeRefreshRound1Package,
  encodeScalar,
  encodeSecretSharePackage,
  encodeSignatureShare,
  encodeSigningCommitment,
  encodeSigningSet,
  lagrangeCoefficient,
  generateNonce,
  ORDER,
  refreshRound1,
  refreshRound2,
  refreshRound3,
  schnorrkel,
  signShare,
  Tag,
  Transcript,
  trustedDealerKeygen,
} from '../src/index.js';
import type { KeyPackage, PublicKeyPackage, Rng } from '../src/index.js';
import { drbg } from './drbg.js';

const hex = bytesToHex;
const scalarHex = (s: bigint) => hex(encodeScalar(s));
const pointHex = (p: Parameters<typeof encodePoint>[0]) => hex(encodePoint(p));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Records the bytes an rng hands out, so the C side can replay them through its random source. */
function recording(rng: Rng): { rng: Rng; drawn: string[] } {
  const drawn: string[] = [];
  return {
    drawn,
    rng: (n) => {
      const b = rng(n);
      drawn.push(hex(b));
      return b;
    },
  };
}

function merlinVectors() {
  const simple = new Transcript('test protocol');
  simple.appendMessage('some label', 'some data');
  const schnorrkelT = new Transcript('SigningContext');
  schnorrkelT.appendMessage('', 'substrate').appendMessage('sign-bytes', 'triad');
  return [
    {
      name: 'equivalence_simple',
      ops: [
        ['init', 'test protocol'],
        ['append', 'some label', hex(utf8('some data'))],
        ['challenge', 'challenge', 32],
      ],
      expected: hex(simple.challengeBytes('challenge', 32)),
    },
    {
      name: 'schnorrkel signing-context prefix',
      ops: [
        ['init', 'SigningContext'],
        ['append', '', hex(utf8('substrate'))],
        ['append', 'sign-bytes', hex(utf8('triad'))],
        ['challenge', 'x', 64],
      ],
      expected: hex(schnorrkelT.challengeBytes('x', 64)),
    },
  ];
}

function keyVector(keys: readonly KeyPackage[], pub: PublicKeyPackage) {
  return {
    threshold: pub.threshold,
    groupPublicKey: pointHex(pub.groupPublicKey),
    publicKeyPackage: hex(encodePublicKeyPackage(pub)),
    participants: keys.map((k) => ({
      identifier: k.identifier,
      signingShare: scalarHex(k.signingShare),
      verifyingShare: pointHex(k.verifyingShare),
      keyPackage: hex(encodeKeyPackage(k)),
    })),
  };
}

function signingVector(
  name: string,
  keys: readonly KeyPackage[],
  pub: PublicKeyPackage,
  signers: number[],
  msg: Uint8Array,
  seed: string,
) {
  const chosen = signers.map((id) => keys.find((k) => k.identifier === id)!);
  const rounds = chosen.map((k) => {
    const rec = recording(drbg(`${seed}/nonce/${k.identifier}`));
    return { key: k, nonces: commit(k, rec.rng), randomness: rec.drawn };
  });
  const set = rounds.map((r) => r.nonces.commitment);
  const ctx = deriveSigningContext(schnorrkel, pub.groupPublicKey, pub.threshold, set, msg);
  const shares = rounds.map((r) => signShare(schnorrkel, r.key, r.nonces, set, msg));
  const signature = aggregate(schnorrkel, pub, set, msg, shares);
  return {
    name,
    signingContext: 'substrate',
    message: hex(msg),
    signers: rounds.map((r, i) => ({
      identifier: r.key.identifier,
      hidingRandomness: r.randomness[0],
      bindingRandomness: r.randomness[1],
      // nonce_generate replayed from the recorded randomness: what the TA must derive
      hidingNonce: scalarHex(generateNonce(r.key.signingShare, () => hexToBytes(r.randomness[0]!))),
      bindingNonce: scalarHex(generateNonce(r.key.signingShare, () => hexToBytes(r.randomness[1]!))),
      hidingCommitment: pointHex(r.nonces.commitment.hiding),
      bindingCommitment: pointHex(r.nonces.commitment.binding),
      signingCommitment: hex(encodeSigningCommitment(r.nonces.commitment)),
      bindingFactor: scalarHex(ctx.bindingFactors.get(r.key.identifier)!),
      lagrangeCoefficient: scalarHex(lagrangeCoefficient(ctx.identifiers, r.key.identifier)),
      signatureShare: scalarHex(shares[i]!.z),
      encodedSignatureShare: hex(encodeSignatureShare(shares[i]!)),
    })),
    signingSet: hex(encodeSigningSet(set)),
    groupCommitment: pointHex(ctx.groupCommitment),
    challenge: scalarHex(ctx.challenge),
    signature: hex(signature),
  };
}

function dkgVector(threshold: number, maxSigners: number, context: Uint8Array, seed: string) {
  const ids = Array.from({ length: maxSigners }, (_, i) => i + 1);
  const rec = ids.map((id) => recording(drbg(`${seed}/dkg/${id}`)));
  const r1 = ids.map((identifier, i) =>
    dkgRound1({ identifier, threshold, maxSigners, context, rng: rec[i]!.rng }),
  );
  const others = (id: number) => r1.map((r) => r.package).filter((p) => p.identifier !== id);
  const r2 = r1.map((r) => dkgRound2(r.secret, others(r.secret.identifier)));
  const all2 = r2.flatMap((r) => r.packages);
  const r3 = r2.map((r) =>
    dkgRound3(
      r.secret,
      others(r.secret.identifier),
      all2.filter((p) => p.receiver === r.secret.identifier),
    ),
  );
  return {
    threshold,
    maxSigners,
    context: hex(context),
    participants: r1.map((r, i) => ({
      identifier: r.secret.identifier,
      randomness: rec[i]!.drawn,
      polynomial: r.secret.polynomial.map(scalarHex),
      round1Package: hex(encodeDkgRound1Package(r.package)),
      round2Packages: r2[i]!.packages.map((p) => hex(encodeSecretSharePackage(p))),
      signingShare: scalarHex(r3[i]!.keyPackage.signingShare),
    })),
    echoDigest: hex(
      dkgTranscriptDigest(
        context,
        r1.map((r) => r.package),
      ),
    ),
    result: keyVector(
      r3.map((r) => r.keyPackage),
      r3[0]!.publicKeyPackage,
    ),
  };
}

function refreshVector(keys: readonly KeyPackage[], pub: PublicKeyPackage, seed: string) {
  const rec = keys.map((k) => recording(drbg(`${seed}/refresh/${k.identifier}`)));
  const r1 = keys.map((k, i) =>
    refreshRound1({
      identifier: k.identifier,
      threshold: k.threshold,
      maxSigners: keys.length,
      rng: rec[i]!.rng,
    }),
  );
  const others = (id: number) => r1.map((r) => r.package).filter((p) => p.identifier !== id);
  const r2 = r1.map((r) => refreshRound2(r.secret, others(r.secret.identifier)));
  const all2 = r2.flatMap((r) => r.packages);
  const r3 = r2.map((r, i) =>
    refreshRound3(
      r.secret,
      all2.filter((p) => p.receiver === r.secret.identifier),
      keys[i]!,
      pub,
    ),
  );
  return {
    before: keyVector(keys, pub),
    participants: r1.map((r, i) => ({
      identifier: r.secret.identifier,
      randomness: rec[i]!.drawn,
      round1Package: hex(encodeRefreshRound1Package(r.package)),
      round2Packages: r2[i]!.packages.map((p) => hex(encodeSecretSharePackage(p))),
    })),
    after: keyVector(
      r3.map((r) => r.keyPackage),
      r3[0]!.publicKeyPackage,
    ),
  };
}

/** Encodings every decoder (TS and C) must refuse, with the error code the TS decoder gives. */
function malformedVectors(keys: readonly KeyPackage[]) {
  const c = commit(keys[0]!, drbg('malformed')).commitment;
  const good = encodeSigningCommitment(c);
  const orderLe = Uint8Array.from({ length: 32 }, (_, i) => Number((ORDER >> BigInt(8 * i)) & 0xffn));
  const withAt = (b: Uint8Array, at: number, v: Uint8Array) => {
    const out = b.slice();
    out.set(v, at);
    return out;
  };
  const c2 = commit(keys[1]!, drbg('malformed2')).commitment;
  return [
    { kind: 'SigningCommitment', bytes: hex(good.slice(0, -1)), error: 'LENGTH' },
    { kind: 'SigningCommitment', bytes: hex(Uint8Array.of(...good, 0)), error: 'LENGTH' },
    {
      kind: 'SigningCommitment',
      bytes: hex(withAt(good, 0, Uint8Array.of(Tag.SignatureShare))),
      error: 'TAG',
    },
    { kind: 'SigningCommitment', bytes: hex(withAt(good, 3, new Uint8Array(32))), error: 'IDENTITY_POINT' },
    {
      kind: 'SigningCommitment',
      bytes: hex(withAt(good, 35, new Uint8Array(32).fill(0xff))),
      error: 'INVALID_POINT',
    },
    {
      kind: 'SigningCommitment',
      bytes: hex(withAt(good, 1, Uint8Array.of(0, 0))),
      error: 'INVALID_IDENTIFIER',
    },
    {
      kind: 'SignatureShare',
      bytes: hex(Uint8Array.of(Tag.SignatureShare, 1, 0, ...orderLe)),
      error: 'NON_CANONICAL_SCALAR',
    },
    { kind: 'SigningSet', bytes: hex(encodeSigningSet([c2, c])), error: 'UNSORTED_IDENTIFIERS' },
    { kind: 'SigningSet', bytes: hex(encodeSigningSet([c, c])), error: 'DUPLICATE_IDENTIFIER' },
    {
      kind: 'SecretSharePackage',
      bytes: hex(encodeSecretSharePackage({ sender: 2, receiver: 2, share: 1n })),
      error: 'DUPLICATE_IDENTIFIER',
    },
  ];
}

export function buildVectors() {
  const dealt = trustedDealerKeygen({ threshold: 2, maxSigners: 3, rng: drbg('triad/dealer') });
  const { keyPackages: keys, publicKeyPackage: pub } = dealt;
  const headerHash = drbg('triad/header')(32);
  const signing = [
    signingVector('signers 1,2; empty message', keys, pub, [1, 2], new Uint8Array(), 's0'),
    signingVector('signers 1,3; 32-byte header hash', keys, pub, [1, 3], headerHash, 's1'),
    signingVector('signers 2,3; 32-byte header hash', keys, pub, [2, 3], headerHash, 's2'),
    signingVector('signers 1,2; 1000-byte message', keys, pub, [1, 2], drbg('triad/long')(1000), 's3'),
  ];
  return {
    description:
      'Triad threshold sr25519 (FROST(ristretto255, SHA-512) with the schnorrkel challenge) known answers, generated by @triad/frost. Hex strings; scalars little-endian.',
    generator: 'npm run vectors',
    merlin: merlinVectors(),
    dealer: keyVector(keys, pub),
    signing,
    dkg: dkgVector(2, 3, utf8('triad-dkg/vector-session'), 'triad'),
    refresh: refreshVector(keys, pub, 'triad'),
    malformed: malformedVectors(keys),
  };
}
