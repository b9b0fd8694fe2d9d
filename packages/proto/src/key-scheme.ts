/**
 * Which signature scheme a session key type uses, the one place the host side writes it (the TA
 * has the same table in C: optee-ta/ta/policy/rules.c key_type_scheme). Substrate fixes it per key
 * type: GRANDPA votes are ed25519, BEEFY commitments ecdsa over secp256k1, the other session keys
 * Triad holds sr25519 (POLKADOT.md, the key table).
 */
export type KeyScheme = 'sr25519' | 'ed25519' | 'ecdsa';

const SCHEME_OF_TYPE: ReadonlyMap<string, KeyScheme> = new Map([
  ['gran', 'ed25519'],
  ['beef', 'ecdsa'],
]);

export function schemeOfKeyType(keyType: string): KeyScheme {
  return SCHEME_OF_TYPE.get(keyType) ?? 'sr25519';
}

/**
 * A public key's length in bytes by scheme: sr25519 and ed25519 keys are 32-byte points, an ecdsa
 * key is a 33-byte SEC1 compressed secp256k1 point (sp_core::ecdsa::Public), as the chain takes it.
 */
export function publicKeyLength(scheme: KeyScheme): 32 | 33 {
  return scheme === 'ecdsa' ? 33 : 32;
}

/** The length of a key type's public keys (publicKeyLength of its scheme). */
export const publicKeyLengthOfType = (keyType: string): 32 | 33 => publicKeyLength(schemeOfKeyType(keyType));
