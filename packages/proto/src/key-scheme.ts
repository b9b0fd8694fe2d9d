/**
 * Which signature scheme a session key type uses, the one place the host side writes it (the TA
 * has the same table in C: optee-ta/ta/core/keys.c). Substrate fixes it per key type: GRANDPA
 * votes are ed25519, the other session keys Triad holds are sr25519 (POLKADOT.md, the key table).
 */
export type KeyScheme = 'sr25519' | 'ed25519';

const ED25519_KEY_TYPES: ReadonlySet<string> = new Set(['gran']);

export function schemeOfKeyType(keyType: string): KeyScheme {
  return ED25519_KEY_TYPES.has(keyType) ? 'ed25519' : 'sr25519';
}
