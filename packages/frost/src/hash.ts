/**
 * The hash functions of Triad's FROST ciphersuites, RFC 9591 sections 6.1, 6.2 and 6.5, plus HDKG
 * for the proof of knowledge in key generation (the tag frost-core uses, so its DKG vectors apply).
 * - FROST(ristretto255, SHA-512) and FROST(Ed25519, SHA-512) hash with SHA-512 under their own
 *   context string and reduce 64 bytes (little-endian) mod l; they differ only in H2, which Ed25519
 *   leaves unprefixed so that its challenge is RFC 8032's and an aggregate is an ed25519 signature.
 * - FROST(secp256k1, SHA-256) maps to scalars with RFC 9380 hash_to_field (expand_message_xmd
 *   with SHA-256, DST = contextString || tag, L = 48 bytes big-endian mod n); H4 and H5 are
 *   SHA-256(contextString || tag || m).
 */
import { hash_to_field } from '@noble/curves/abstract/hash-to-curve.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { scalarFromBytesWide, secp256k1Scalars } from './scalar.js';

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

/**
 * H1, H2, H3 and HDKG as hash_to_field(m, 1) of RFC 9380 section 5.2 over the scalar field:
 * expand_message_xmd(SHA-256), DST = contextString || tag, k = 128, so L = ceil((256 + 128) / 8)
 * = 48 bytes, read big-endian and reduced mod n. H4, H5: SHA-256(contextString || tag || m).
 */
function secp256k1Sha256Hashes(contextString: string): FrostHashes {
  const toScalar =
    (tag: string) =>
    (m: Uint8Array): bigint =>
      hash_to_field(m, 1, {
        DST: enc(contextString + tag),
        p: secp256k1Scalars.ORDER,
        m: 1,
        k: 128,
        expand: 'xmd',
        hash: sha256,
      })[0]![0]!;
  const prefixed = (tag: string) => {
    const prefix = enc(contextString + tag);
    return (m: Uint8Array): Uint8Array => sha256(concatBytes(prefix, m));
  };
  return {
    contextString,
    H1: toScalar('rho'),
    H2: toScalar('chal'),
    H3: toScalar('nonce'),
    H4: prefixed('msg'),
    H5: prefixed('com'),
    // frost-secp256k1's HDKG: hash_to_scalar(contextString || "dkg", m), the same construction.
    HDKG: toScalar('dkg'),
  };
}

/** FROST(secp256k1, SHA-256), RFC 9591 section 6.5. */
export const secp256k1Hashes: FrostHashes = secp256k1Sha256Hashes('FROST-secp256k1-SHA256-v1');

// The ristretto255 suite's hashes under their historical names, for callers without a suite.
export const CONTEXT_STRING = ristretto255Hashes.contextString;
export const { H1, H2, H3, H4, H5, HDKG } = ristretto255Hashes;
