/**
 * The suite of a key, from its type: what the TA chose at its DKG (optee-ta/ta/policy/rules.c
 * holds the same table) and what every decoder of that key's points uses.
 *
 * Two questions, two functions, so that no caller has to cast: `suiteOfKeyType` is the group and
 * hashes of a key's DKG, refresh and points (every type has one); `signingSuiteOfKeyType` is the
 * FROST signing suite (the group plus a challenge), which only Schnorr keys have. sr25519 keys are
 * FROST(ristretto255) with schnorrkel's challenge; ed25519 keys (gran) FROST(Ed25519, SHA-512),
 * whose aggregate is an RFC 8032 signature; ecdsa keys (beef) are made by FROST(secp256k1,
 * SHA-256)'s DKG but never sign with FROST: they sign ECDSA (ecdsa-messages.ts).
 */
import { ed25519Suite, schnorrkel, secp256k1Sha256 } from '@triad/frost';
import type { ChallengeSuite, Ciphersuite } from '@triad/frost';
import { schemeOfKeyType } from '@triad/proto';
import { TaError } from './errors.js';

/** The group (and DKG hashes) of a key of this type: its points, DKG packages and shares. */
export function suiteOfKeyType(keyType: string): Ciphersuite {
  const scheme = schemeOfKeyType(keyType);
  return scheme === 'ecdsa' ? secp256k1Sha256 : scheme === 'ed25519' ? ed25519Suite : schnorrkel;
}

/** The FROST signing suite of a key of this type; POLICY for an ecdsa type, which has none. */
export function signingSuiteOfKeyType(keyType: string): ChallengeSuite {
  const scheme = schemeOfKeyType(keyType);
  if (scheme === 'ecdsa')
    throw new TaError('POLICY', `${keyType} keys sign ecdsa, not FROST: they have no challenge suite`);
  return scheme === 'ed25519' ? ed25519Suite : schnorrkel;
}
