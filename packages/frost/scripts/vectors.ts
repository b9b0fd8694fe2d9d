/**
 * Known-answer vectors for the C TA, produced by this (reference) implementation from a fixed seed.
 * Every intermediate value a TA computes is recorded, so a C mismatch points at the exact step.
 * One builder serves both FROST signing ciphersuites (sr25519 = ristretto255 with the schnorrkel
 * challenge, and FROST(Ed25519, SHA-512)); the two files have the same shape, so the C side reads
 * either alike. The key-generation parts (dealer, DKG, refresh, malformed encodings) also serve
 * the secp256k1 file (secp256k1-vectors.ts). Scalars are written in each suite's own encoding.
 * Regenerate with `npm run vectors`; a test fails if a committed file drifts from this code.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import {
  aggregate,
  commit,
  deriveSigningContext,
  dkgRound1,
  dkgRound2,
  dkgRound3,
  dkgTranscriptDigest,
  ed25519Suite,
  encodeDkgRound1Package,
  encodeKeyPackage,
  encodePoint,
  encodePublicKeyPackage,
  encodeRefreshRound1Package,
  encodeSecretSharePackage,
  encodeSignatureShare,
  encodeSigningCommitment,
  encodeSigningSet,
  lagrangeCoefficient,
  generateNonce,
  refreshRound1,
  refreshRound2,
  refreshRound3,
  schnorrkel,
  signShare,
  Tag,
  Transcript,
  trustedDealerKeygen,
} from '../src/index.js';
import type { ChallengeSuite, Ciphersuite, KeyPackage, PublicKeyPackage, Rng } from '../src/index.js';
import { drbg } from './drbg.js';

export const hex = bytesToHex;
/** A scalar in `suite`'s SerializeScalar: 32 bytes little-endian mod l, or big-endian mod n. */
export const scalarHex = (suite: Ciphersuite, s: bigint) => hex(suite.group.scalars.encode(s));
export const pointHex = (p: Parameters<typeof encodePoint>[0]) => hex(encodePoint(p));
export const utf8 = (s: string) => new TextEncoder().encode(s);

/** Records the bytes an rng hands out, so the C side can replay them through its random source. */
export function recording(rng: Rng): { rng: Rng; drawn: string[] } {
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

export function keyVector(suite: Ciphersuite, keys: readonly KeyPackage[], pub: PublicKeyPackage) {
  return {
    threshold: pub.threshold,
    groupPublicKey: pointHex(pub.groupPublicKey),
    publicKeyPackage: hex(encodePublicKeyPackage(pub)),
    participants: keys.map((k) => ({
      identifier: k.identifier,
      signingShare: scalarHex(suite, k.signingShare),
      verifyingShare: pointHex(k.verifyingShare),
      keyPackage: hex(encodeKeyPackage(k)),
    })),
  };
}

/** What differs between the two files: the suite, the seeds' namespace, the words around them. */
interface SuiteConfig extends MalformedConfig {
  readonly suite: ChallengeSuite;
  /** The schnorrkel signing context; empty where the suite has none. */
  readonly signingContext: string;
  readonly description: string;
  readonly merlin: boolean;
}

function signingVector(
  cfg: SuiteConfig,
  name: string,
  keys: readonly KeyPackage[],
  pub: PublicKeyPackage,
  signers: number[],
  msg: Uint8Array,
  seed: string,
) {
  const { suite } = cfg;
  const chosen = signers.map((id) => keys.find((k) => k.identifier === id)!);
  const rounds = chosen.map((k) => {
    const rec = recording(drbg(`${seed}/nonce/${k.identifier}`));
    return { key: k, nonces: commit(k, rec.rng, suite), randomness: rec.drawn };
  });
  const set = rounds.map((r) => r.nonces.commitment);
  const ctx = deriveSigningContext(suite, pub.groupPublicKey, pub.threshold, set, msg);
  const shares = rounds.map((r) => signShare(suite, r.key, r.nonces, set, msg));
  const signature = aggregate(suite, pub, set, msg, shares);
  const scalar = (s: bigint) => scalarHex(suite, s);
  const replay = (k: KeyPackage, randomness: string) =>
    scalar(generateNonce(k.signingShare, () => hexToBytes(randomness), suite));
  return {
    name,
    signingContext: cfg.signingContext,
    message: hex(msg),
    signers: rounds.map((r, i) => ({
      identifier: r.key.identifier,
      hidingRandomness: r.randomness[0],
      bindingRandomness: r.randomness[1],
      // nonce_generate replayed from the recorded randomness: what the TA must derive
      hidingNonce: replay(r.key, r.randomness[0]!),
      bindingNonce: replay(r.key, r.randomness[1]!),
      hidingCommitment: pointHex(r.nonces.commitment.hiding),
      bindingCommitment: pointHex(r.nonces.commitment.binding),
      signingCommitment: hex(encodeSigningCommitment(r.nonces.commitment)),
      bindingFactor: scalar(ctx.bindingFactors.get(r.key.identifier)!),
      lagrangeCoefficient: scalar(lagrangeCoefficient(ctx.identifiers, r.key.identifier, suite)),
      signatureShare: scalar(shares[i]!.z),
      encodedSignatureShare: hex(encodeSignatureShare(shares[i]!, suite)),
    })),
    signingSet: hex(encodeSigningSet(set)),
    groupCommitment: pointHex(ctx.groupCommitment),
    challenge: scalar(ctx.challenge),
    signature: hex(signature),
  };
}

export function dkgVector(
  suite: Ciphersuite,
  threshold: number,
  maxSigners: number,
  context: Uint8Array,
  seed: string,
) {
  const ids = Array.from({ length: maxSigners }, (_, i) => i + 1);
  const rec = ids.map((id) => recording(drbg(`${seed}/dkg/${id}`)));
  const r1 = ids.map((identifier, i) =>
    dkgRound1({ identifier, threshold, maxSigners, context, rng: rec[i]!.rng, suite }),
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
      polynomial: r.secret.polynomial.map((a) => scalarHex(suite, a)),
      round1Package: hex(encodeDkgRound1Package(r.package)),
      round2Packages: r2[i]!.packages.map((p) => hex(encodeSecretSharePackage(p, suite))),
      signingShare: scalarHex(suite, r3[i]!.keyPackage.signingShare),
    })),
    echoDigest: hex(
      dkgTranscriptDigest(
        context,
        r1.map((r) => r.package),
      ),
    ),
    result: keyVector(
      suite,
      r3.map((r) => r.keyPackage),
      r3[0]!.publicKeyPackage,
    ),
  };
}

export function refreshVector(
  suite: Ciphersuite,
  keys: readonly KeyPackage[],
  pub: PublicKeyPackage,
  seed: string,
) {
  const rec = keys.map((k) => recording(drbg(`${seed}/refresh/${k.identifier}`)));
  const r1 = keys.map((k, i) =>
    refreshRound1({
      identifier: k.identifier,
      threshold: k.threshold,
      maxSigners: keys.length,
      rng: rec[i]!.rng,
      suite,
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
    before: keyVector(suite, keys, pub),
    participants: r1.map((r, i) => ({
      identifier: r.secret.identifier,
      randomness: rec[i]!.drawn,
      round1Package: hex(encodeRefreshRound1Package(r.package)),
      round2Packages: r2[i]!.packages.map((p) => hex(encodeSecretSharePackage(p, suite))),
    })),
    after: keyVector(
      suite,
      r3.map((r) => r.keyPackage),
      r3[0]!.publicKeyPackage,
    ),
  };
}

/** What the malformed-encoding vectors need of a suite's file. */
export interface MalformedConfig {
  readonly suite: Ciphersuite;
  /** Prefix of every drbg seed: empty for sr25519 (its file predates the others). */
  readonly seedPrefix: string;
  /** Malformed signing commitments only this group has, made from a good one. */
  readonly groupMalformed: (good: Uint8Array) => { kind: string; bytes: string; error: string }[];
}

/** Encodings every decoder (TS and C) must refuse, with the error code the TS decoder gives. */
export function malformedVectors(cfg: MalformedConfig, keys: readonly KeyPackage[]) {
  const { suite, seedPrefix } = cfg;
  const { elementLength, scalars } = suite.group;
  const c = commit(keys[0]!, drbg(`${seedPrefix}malformed`), suite).commitment;
  const good = encodeSigningCommitment(c);
  // the group order itself, in the suite's byte order: the smallest non-canonical scalar
  const order = Uint8Array.from({ length: scalars.BYTES }, (_, i) =>
    Number((scalars.ORDER >> BigInt(8 * i)) & 0xffn),
  );
  if (!scalars.littleEndian) order.reverse();
  const withAt = (b: Uint8Array, at: number, v: Uint8Array) => {
    const out = b.slice();
    out.set(v, at);
    return out;
  };
  const c2 = commit(keys[1]!, drbg(`${seedPrefix}malformed2`), suite).commitment;
  // SEC1 compressed points cannot express the identity (noble refuses to encode it): that group's
  // own list has the 33 zero bytes instead
  let identity: Uint8Array | undefined;
  try {
    identity = encodePoint(suite.group.identity);
  } catch {
    identity = undefined;
  }
  return [
    { kind: 'SigningCommitment', bytes: hex(good.slice(0, -1)), error: 'LENGTH' },
    { kind: 'SigningCommitment', bytes: hex(Uint8Array.of(...good, 0)), error: 'LENGTH' },
    {
      kind: 'SigningCommitment',
      bytes: hex(withAt(good, 0, Uint8Array.of(Tag.SignatureShare))),
      error: 'TAG',
    },
    ...(identity
      ? [{ kind: 'SigningCommitment', bytes: hex(withAt(good, 3, identity)), error: 'IDENTITY_POINT' }]
      : []),
    {
      kind: 'SigningCommitment',
      bytes: hex(withAt(good, 3 + elementLength, new Uint8Array(elementLength).fill(0xff))),
      error: 'INVALID_POINT',
    },
    {
      kind: 'SigningCommitment',
      bytes: hex(withAt(good, 1, Uint8Array.of(0, 0))),
      error: 'INVALID_IDENTIFIER',
    },
    {
      kind: 'SignatureShare',
      bytes: hex(Uint8Array.of(Tag.SignatureShare, 1, 0, ...order)),
      error: 'NON_CANONICAL_SCALAR',
    },
    { kind: 'SigningSet', bytes: hex(encodeSigningSet([c2, c])), error: 'UNSORTED_IDENTIFIERS' },
    { kind: 'SigningSet', bytes: hex(encodeSigningSet([c, c])), error: 'DUPLICATE_IDENTIFIER' },
    {
      kind: 'SecretSharePackage',
      bytes: hex(encodeSecretSharePackage({ sender: 2, receiver: 2, share: 1n }, suite)),
      error: 'DUPLICATE_IDENTIFIER',
    },
    ...cfg.groupMalformed(good),
  ];
}

/**
 * The encodings only edwards25519 has: each replaces the hiding commitment of a good signing
 * commitment (bytes 3..35). ristretto255 has no torsion, and its encoding check is covered above.
 */
function edwardsMalformed(good: Uint8Array) {
  const hiding = (point: Uint8Array) => {
    const out = good.slice();
    out.set(point, 3);
    return hex(out);
  };
  const pLe = (k: number) => {
    const y = 2n ** 255n - 19n + BigInt(k); // y + p: the same y, encoded above the field prime
    return Uint8Array.from({ length: 32 }, (_, i) => Number((y >> BigInt(8 * i)) & 0xffn));
  };
  const order8 = hexToBytes(ED25519_TORSION_SUBGROUP[1]!);
  const torsioned = ed25519.Point.BASE.multiply(7n).add(ed25519.Point.fromBytes(order8)).toBytes();
  const negativeZero = new Uint8Array(32);
  negativeZero[0] = 1;
  negativeZero[31] = 0x80; // the identity (x = 0) with the sign bit set
  return [
    { kind: 'SigningCommitment', bytes: hiding(pLe(1)), error: 'INVALID_POINT' },
    { kind: 'SigningCommitment', bytes: hiding(negativeZero), error: 'INVALID_POINT' },
    { kind: 'SigningCommitment', bytes: hiding(new Uint8Array(32)), error: 'SMALL_ORDER_POINT' },
    { kind: 'SigningCommitment', bytes: hiding(order8), error: 'SMALL_ORDER_POINT' },
    { kind: 'SigningCommitment', bytes: hiding(torsioned), error: 'TORSION_COMPONENT' },
  ];
}

function buildSuiteVectors(cfg: SuiteConfig) {
  const { suite, seedPrefix: at } = cfg;
  const dealt = trustedDealerKeygen({ threshold: 2, maxSigners: 3, rng: drbg(`${at}triad/dealer`), suite });
  const { keyPackages: keys, publicKeyPackage: pub } = dealt;
  const headerHash = drbg(`${at}triad/header`)(32);
  const sign = (name: string, signers: number[], msg: Uint8Array, seed: string) =>
    signingVector(cfg, name, keys, pub, signers, msg, `${at}${seed}`);
  const signing = [
    sign('signers 1,2; empty message', [1, 2], new Uint8Array(), 's0'),
    sign('signers 1,3; 32-byte header hash', [1, 3], headerHash, 's1'),
    sign('signers 2,3; 32-byte header hash', [2, 3], headerHash, 's2'),
    sign('signers 1,2; 1000-byte message', [1, 2], drbg(`${at}triad/long`)(1000), 's3'),
  ];
  return {
    description: cfg.description,
    generator: 'npm run vectors',
    merlin: cfg.merlin ? merlinVectors() : [],
    dealer: keyVector(suite, keys, pub),
    signing,
    dkg: dkgVector(suite, 2, 3, utf8(`${at}triad-dkg/vector-session`), `${at}triad`),
    refresh: refreshVector(suite, keys, pub, `${at}triad`),
    malformed: malformedVectors(cfg, keys),
  };
}

/** vectors/triad-frost-vectors.json: threshold sr25519. */
export function buildVectors() {
  return buildSuiteVectors({
    suite: schnorrkel,
    seedPrefix: '',
    signingContext: 'substrate',
    description:
      'Triad threshold sr25519 (FROST(ristretto255, SHA-512) with the schnorrkel challenge) known answers, generated by @triad/frost. Hex strings; scalars little-endian.',
    merlin: true,
    groupMalformed: () => [],
  });
}

/** vectors/triad-frost-ed25519-vectors.json: threshold ed25519, FROST(Ed25519, SHA-512) of RFC 9591. */
export function buildEd25519Vectors() {
  return buildSuiteVectors({
    suite: ed25519Suite,
    seedPrefix: 'ed25519/',
    signingContext: '',
    description:
      'Triad threshold ed25519 (FROST(Ed25519, SHA-512), RFC 9591 section 6.1; signatures are RFC 8032 ed25519) known answers, generated by @triad/frost. Same shape as triad-frost-vectors.json (merlin empty, no signing context). Hex strings; scalars little-endian; points RFC 8032 compressed.',
    merlin: false,
    groupMalformed: edwardsMalformed,
  });
}
