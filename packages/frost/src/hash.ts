/**
 * The hash functions of Triad's FROST ciphersuites, RFC 9591 sections 6.1 and 6.2, plus HDKG
 * for the proof of knowledge in key generation (the tag frost-core uses, so its DKG vectors apply).
 * - FROST(ristretto255, SHA-512) and FROST(Ed25519, SHA-512) hash with SHA-512 under their own
 *   context string and reduce 64 bytes (little-endian) mod l; they differ only in H2, which Ed25519
 *   leaves unprefixed so that its challenge is RFC 8032's and an aggregate is an ed25519 signature.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { scalarFromBytesWide } from './scalar.js';

export interface FrostHashes {
  readonly contextString: string;
  /** Binding factor (rho). */
  readonly H1: (m: Uint8Array) => bigint;
  /** The RFC's challenge; the schnorrkel suite replaces it with a Merlin transcript (challenge.ts). */
  readonly H2: (m: Uint8Array) => bigint;
  /** Nonce derivation from fresh randomness and the secret share. */
  readonly H3: (m: Uint8Array) => bigint;
  /** Message digest bound into the binding factors. */
  readonly H4: (m: Uint8Array) => Uint8Array;
  /** Commitment-list digest bound into the binding factors. */
  readonly H5: (m: Uint8Array) => Uint8Array;
  /** Proof-of-knowledge challenge in key generation. */
  readonly HDKG: (m: Uint8Array) => bigint;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * H1..H5 and HDKG as SHA-512(contextString || tag || m), scalars reduced mod l (the 25519 groups'
 * field); `unprefixedH2` drops the prefix from H2.
 */
export function sha512Hashes(contextString: string, unprefixedH2 = false): FrostHashes {
  const prefixed = (tag: string) => {
    const prefix = enc(contextString + tag);
    return (m: Uint8Array): Uint8Array => sha512(concatBytes(prefix, m));
  };
  const toScalar =
    (h: (m: Uint8Array) => Uint8Array) =>
    (m: Uint8Array): bigint =>
      scalarFromBytesWide(h(m));
  return {
    contextString,
    H1: toScalar(prefixed('rho')),
    H2: toScalar(unprefixedH2 ? sha512 : prefixed('chal')),
    H3: toScalar(prefixed('nonce')),
    H4: prefixed('msg'),
    H5: prefixed('com'),
    HDKG: toScalar(prefixed('dkg')),
  };
}

/** FROST(ristretto255, SHA-512), RFC 9591 section 6.2. */
export const ristretto255Hashes: FrostHashes = sha512Hashes('FROST-RISTRETTO255-SHA512-v1');
/** FROST(Ed25519, SHA-512), RFC 9591 section 6.1: H2(m) = SHA-512(m), RFC 8032's challenge hash. */
export const ed25519Hashes: FrostHashes = sha512Hashes('FROST-ED25519-SHA512-v1', true);

// The ristretto255 suite's hashes under their historical names, for callers without a suite.
export const CONTEXT_STRING = ristretto255Hashes.contextString;
export const { H1, H2, H3, H4, H5, HDKG } = ristretto255Hashes;
