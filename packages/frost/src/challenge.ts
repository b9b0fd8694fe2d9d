/**
 * The challenge and signature encoding on top of a ciphersuite. RFC 9591's own (c = H2(R||PK||m),
 * signature R || z) serves FROST(ristretto255, SHA-512) and FROST(secp256k1, SHA-256), kept so the
 * RFC's vectors can be reproduced value by value, and FROST(Ed25519, SHA-512), whose H2 makes the
 * aggregate a plain RFC 8032 signature. For sr25519 Triad departs from the RFC: the chain verifies
 * schnorrkel signatures, so c comes from schnorrkel's Merlin transcript and the signature carries
 * its marker.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import type { Ciphersuite } from './ciphersuite.js';
import { ed25519Sha512, ristretto255Sha512, secp256k1Sha256 } from './ciphersuite.js';
import { FrostError } from './errors.js';
import type { GroupElement } from './group.js';
import { encodePoint } from './group.js';
import { Transcript } from './merlin.js';
import { decodeScalar, encodeScalar, scalarFromBytesWide } from './scalar.js';

/** The signature length of the 25519 suites (R 32 || z 32); RFC secp256k1's is 65 (R 33 || z 32). */
export const SIGNATURE_LENGTH = 64;

export interface ChallengeSuite extends Ciphersuite {
  /** c = challenge(R, PK, msg), reduced mod the group order. */
  challenge(R: GroupElement, groupPublicKey: GroupElement, msg: Uint8Array): bigint;
  encodeSignature(R: GroupElement, z: bigint): Uint8Array;
  /** The same from R already encoded (the group's element length), as a TA reports it. */
  encodeSignatureBytes(R: Uint8Array, z: bigint): Uint8Array;
  /** Strict: rejects wrong length, a missing/extra marker, a non-canonical z, an invalid R. */
  decodeSignature(sig: Uint8Array): { R: GroupElement; z: bigint };
}

/** RFC 9591 section 4 / 5: c = H2(R || PK || msg); signature SerializeElement(R) || SerializeScalar(z). */
function rfcChallengeSuite(core: Ciphersuite): ChallengeSuite {
  const { group } = core;
  const length = group.elementLength + group.scalars.BYTES;
  return {
    ...core,
    challenge: (R, pk, msg) => core.hashes.H2(concatBytes(encodePoint(R), encodePoint(pk), msg)),
    encodeSignature: (R, z) => concatBytes(encodePoint(R), group.scalars.encode(z)),
    encodeSignatureBytes: (R, z) => concatBytes(R, group.scalars.encode(z)),
    decodeSignature(sig) {
      if (sig.length !== length) throw new FrostError('LENGTH', `signature: expected ${length} bytes`);
      return {
        R: group.decode(sig.subarray(0, group.elementLength), 'signature R'),
        z: group.scalars.decode(sig.subarray(group.elementLength), 'signature z'),
      };
    },
  };
}

/** FROST(ristretto255, SHA-512) exactly as RFC 9591 section 6.2 defines it. */
export const rfc9591: ChallengeSuite = rfcChallengeSuite(ristretto255Sha512);

/**
 * FROST(Ed25519, SHA-512), RFC 9591 section 6.1: the aggregate is an RFC 8032 ed25519 signature
 * R || z (challenge SHA-512(R || A || msg)), what GRANDPA verifies.
 */
export const ed25519Suite: ChallengeSuite = rfcChallengeSuite(ed25519Sha512);

/**
 * FROST(secp256k1, SHA-256) signing exactly as RFC 9591 section 6.5 defines it: a 65-byte Schnorr
 * signature R (33) || z (32, big-endian). It reproduces the RFC's vectors (Appendix E.5); Triad's
 * secp256k1 keys sign ECDSA (ecdsa-combine.ts, ecdsa.ts), which no chain mistakes for this.
 */
export const rfc9591Secp256k1: ChallengeSuite = rfcChallengeSuite(secp256k1Sha256);

/** The bit schnorrkel sets in the last byte to tell its signatures from ed25519's. */
const SCHNORRKEL_MARKER = 0x80;

/**
 * schnorrkel's sr25519 signature (signing_context(ctx).bytes(msg), then Schnorr-sig):
 * c = Merlin("SigningContext") | "" = ctx | "sign-bytes" = msg | "proto-name" = "Schnorr-sig"
 *     | "sign:pk" = PK | "sign:R" = R, challenge "sign:c" of 64 bytes, wide-reduced.
 */
export function schnorrkelSuite(signingContext: string | Uint8Array = 'substrate'): ChallengeSuite {
  return {
    ...ristretto255Sha512,
    name: 'FROST(ristretto255, SHA-512) with schnorrkel challenge',
    challenge(R, pk, msg) {
      const t = new Transcript('SigningContext');
      t.appendMessage('', signingContext);
      t.appendMessage('sign-bytes', msg);
      t.appendMessage('proto-name', 'Schnorr-sig');
      t.appendMessage('sign:pk', encodePoint(pk));
      t.appendMessage('sign:R', encodePoint(R));
      return scalarFromBytesWide(t.challengeBytes('sign:c', 64));
    },
    encodeSignature(R, z) {
      return this.encodeSignatureBytes(encodePoint(R), z);
    },
    encodeSignatureBytes(R, z) {
      const sig = concatBytes(R, encodeScalar(z));
      sig[63]! |= SCHNORRKEL_MARKER;
      return sig;
    },
    decodeSignature(sig) {
      if (sig.length !== SIGNATURE_LENGTH) throw new FrostError('LENGTH', 'signature: expected 64 bytes');
      if ((sig[63]! & SCHNORRKEL_MARKER) === 0) {
        throw new FrostError('INVALID_SIGNATURE', 'signature: schnorrkel marker bit is not set');
      }
      const z = sig.slice(32);
      z[31]! &= ~SCHNORRKEL_MARKER;
      return {
        R: ristretto255Sha512.group.decode(sig.subarray(0, 32), 'signature R'),
        z: decodeScalar(z, 'signature z'),
      };
    },
  };
}

/** sr25519 as Substrate uses it: the "substrate" signing context. */
export const schnorrkel: ChallengeSuite = schnorrkelSuite();

/** Verifies a single-key Schnorr signature under `suite`: z·B - c·PK == R. Never throws. */
export function verifySignature(
  suite: ChallengeSuite,
  sig: Uint8Array,
  msg: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  try {
    const { group } = suite;
    const pk = group.decode(publicKey, 'public key');
    const { R, z } = suite.decodeSignature(sig);
    const c = suite.challenge(R, pk, msg);
    return group.linearCombination([group.base, pk], [z, -c]).equals(R);
  } catch (e) {
    if (e instanceof FrostError) return false;
    throw e;
  }
}
