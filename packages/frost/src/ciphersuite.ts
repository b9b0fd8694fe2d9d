/**
 * A FROST ciphersuite in RFC 9591's sense: a prime-order group and the hashes over it. Key
 * generation, refresh and round one need only this; signing also needs a challenge and a signature
 * encoding (`ChallengeSuite`, challenge.ts), which every ChallengeSuite carries on top, so a
 * ChallengeSuite can be passed wherever a Ciphersuite is asked for.
 */
import { ed25519Group } from './ed25519.js';
import type { Group } from './group.js';
import type { FrostHashes } from './hash.js';
import { ed25519Hashes, ristretto255Hashes, secp256k1Hashes } from './hash.js';
import { ristretto255Group } from './ristretto255.js';
import { secp256k1Group } from './secp256k1.js';

export interface Ciphersuite {
  readonly name: string;
  readonly group: Group;
  readonly hashes: FrostHashes;
}

/** FROST(ristretto255, SHA-512): the group and hashes under Triad's sr25519 keys. */
export const ristretto255Sha512: Ciphersuite = {
  name: 'FROST(ristretto255, SHA-512)',
  group: ristretto255Group,
  hashes: ristretto255Hashes,
};

/** FROST(Ed25519, SHA-512): the group and hashes under Triad's ed25519 (GRANDPA) keys. */
export const ed25519Sha512: Ciphersuite = {
  name: 'FROST(Ed25519, SHA-512)',
  group: ed25519Group,
  hashes: ed25519Hashes,
};

/**
 * FROST(secp256k1, SHA-256), RFC 9591 section 6.5: the group and hashes under Triad's ecdsa
 * (`beef`) keys. Their DKG, refresh and shares are FROST's; their signatures are ECDSA, made from
 * the combined weighted shares (ecdsa-combine.ts, ecdsa.ts), not FROST Schnorr signatures.
 */
export const secp256k1Sha256: Ciphersuite = {
  name: 'FROST(secp256k1, SHA-256)',
  group: secp256k1Group,
  hashes: secp256k1Hashes,
};

/** What a function without a suite argument uses: ristretto255, as before the core was generic. */
export const DEFAULT_CIPHERSUITE: Ciphersuite = ristretto255Sha512;
