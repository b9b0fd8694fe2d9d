/**
 * The hash functions of FROST(ristretto255, SHA-512), RFC 9591 section 6.2, plus HDKG for the
 * proof of knowledge in key generation (the prefix frost-core uses, so its DKG vectors apply).
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { scalarFromBytesWide } from './group.js';

export const CONTEXT_STRING = 'FROST-RISTRETTO255-SHA512-v1';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const prefixed = (tag: string, m: Uint8Array): Uint8Array =>
  sha512(concatBytes(enc(CONTEXT_STRING + tag), m));

/** Binding factor (rho). */
export const H1 = (m: Uint8Array): bigint => scalarFromBytesWide(prefixed('rho', m));
/** The RFC's own challenge; Triad replaces it with the schnorrkel transcript (challenge.ts). */
export const H2 = (m: Uint8Array): bigint => scalarFromBytesWide(prefixed('chal', m));
/** Nonce derivation from fresh randomness and the secret share. */
export const H3 = (m: Uint8Array): bigint => scalarFromBytesWide(prefixed('nonce', m));
/** Message digest bound into the binding factors. */
export const H4 = (m: Uint8Array): Uint8Array => prefixed('msg', m);
/** Commitment-list digest bound into the binding factors. */
export const H5 = (m: Uint8Array): Uint8Array => prefixed('com', m);
/** Proof-of-knowledge challenge in key generation. */
export const HDKG = (m: Uint8Array): bigint => scalarFromBytesWide(prefixed('dkg', m));
