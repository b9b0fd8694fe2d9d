/**
 * The challenge and signature encoding are the only places where Triad departs from RFC 9591:
 * the chain verifies schnorrkel signatures, so c comes from schnorrkel's Merlin transcript and the
 * signature carries schnorrkel's marker bit. Both suites are kept so the RFC's own vectors can be
 * reproduced value by value with the same code that produces sr25519 signatures.
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { FrostError } from './errors.js';
import {
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  linearCombination,
  mod,
  Point,
  scalarFromBytesWide,
} from './group.js';
import { H2 } from './hash.js';
import { Transcript } from './merlin.js';

export const SIGNATURE_LENGTH = 64;

export interface ChallengeSuite {
  readonly name: string;
  /** c = challenge(R, PK, msg), reduced mod l. */
  challenge(R: Point, groupPublicKey: Point, msg: Uint8Array): bigint;
  encodeSignature(R: Point, z: bigint): Uint8Array;
  /** The same from R already encoded (32 bytes), as a TA reports it: no point arithmetic. */
  encodeSignatureBytes(R: Uint8Array, z: bigint): Uint8Array;
  /** Strict: rejects wrong length, a missing/extra marker, a non-canonical z, an invalid R. */
  decodeSignature(sig: Uint8Array): { R: Point; z: bigint };
}

/** RFC 9591 section 6.2: c = H2(R || PK || msg); signature R || z. */
export const rfc9591: ChallengeSuite = {
  name: 'FROST(ristretto255, SHA-512)',
  challenge: (R, pk, msg) => H2(concatBytes(encodePoint(R), encodePoint(pk), msg)),
  encodeSignature: (R, z) => concatBytes(encodePoint(R), encodeScalar(z)),
  encodeSignatureBytes: (R, z) => concatBytes(R, encodeScalar(z)),
  decodeSignature(sig) {
    if (sig.length !== SIGNATURE_LENGTH) throw new FrostError('LENGTH', 'signature: expected 64 bytes');
    return {
      R: decodePoint(sig.subarray(0, 32), 'signature R'),
      z: decodeScalar(sig.subarray(32), 'signature z'),
    };
  },
};

/** The bit schnorrkel sets in the last byte to tell its signatures from ed25519's. */
const SCHNORRKEL_MARKER = 0x80;

/**
 * schnorrkel's sr25519 signature (signing_context(ctx).bytes(msg), then Schnorr-sig):
 * c = Merlin("SigningContext") | "" = ctx | "sign-bytes" = msg | "proto-name" = "Schnorr-sig"
 *     | "sign:pk" = PK | "sign:R" = R, challenge "sign:c" of 64 bytes, wide-reduced.
 */
export function schnorrkelSuite(signingContext: string | Uint8Array = 'substrate'): ChallengeSuite {
  return {
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
      return { R: decodePoint(sig.subarray(0, 32), 'signature R'), z: decodeScalar(z, 'signature z') };
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
    const pk = decodePoint(publicKey, 'public key');
    const { R, z } = suite.decodeSignature(sig);
    const c = suite.challenge(R, pk, msg);
    return linearCombination([Point.BASE, pk], [z, mod(-c)]).equals(R);
  } catch (e) {
    if (e instanceof FrostError) return false;
    throw e;
  }
}
