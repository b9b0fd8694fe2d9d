/**
 * The FROST suite of a key, from its type: what the TA chose at its DKG (optee-ta/ta/core/keys.c
 * holds the same table) and what every decoder of that key's points and every aggregation uses.
 * sr25519 keys are FROST(ristretto255) with schnorrkel's challenge; ed25519 keys (gran) are
 * FROST(Ed25519, SHA-512), whose aggregate is an RFC 8032 signature.
 */
import { ed25519Suite, schnorrkel } from '@triad/frost';
import type { ChallengeSuite } from '@triad/frost';
import { schemeOfKeyType } from '@triad/proto';

export function suiteOfKeyType(keyType: string): ChallengeSuite {
  return schemeOfKeyType(keyType) === 'ed25519' ? ed25519Suite : schnorrkel;
}
