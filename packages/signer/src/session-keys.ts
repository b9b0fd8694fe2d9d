/**
 * A validator's session key set as the chain takes it (POLKADOT.md, "The session key set"): the
 * key types in `SessionKeys` order, which of them this cluster can make, and the encoded keys and
 * ownership proof `session.setKeys(keys, proof)` wants. Pure: the rotation itself (a DKG per type,
 * then a proof signature per key) is the operator service's.
 */
import { publicKeyLengthOfType, schemeOfKeyType } from '@triad/proto';

/** The relay chain's `SessionKeys`, in order. */
export const SESSION_KEY_TYPES = ['gran', 'babe', 'para', 'asgn', 'audi', 'beef'] as const;
export type SessionKeyType = (typeof SESSION_KEY_TYPES)[number];

/**
 * The types a rotation makes by default: every session key type, each of which this cluster holds
 * and signs for (gran: GRANDPA votes, ed25519; babe: seals and slot VRFs; para: parachain
 * statements; asgn: approval assignment VRFs; audi: authority-discovery records; beef: BEEFY
 * commitments, ecdsa: made by the same DKG, but each signature combines the key inside the
 * coordinator's TA, so it is not threshold ECDSA: DESIGN.md 3d).
 */
export const SERVED_KEY_TYPES: readonly SessionKeyType[] = ['gran', 'babe', 'para', 'asgn', 'audi', 'beef'];
/** The types a rotation can make when asked: the sr25519 ones, gran (ed25519) and beef (ecdsa). */
export const HOLDABLE_KEY_TYPES: readonly SessionKeyType[] = ['gran', 'babe', 'para', 'asgn', 'audi', 'beef'];
/**
 * Whether a rotation makes `keyType`'s key non-slashable (it may then sign `raw`): authority
 * discovery only, of the session keys (the TA allows the flag for the types in optee-ta/ta/policy/
 * rules.c, and refuses it for any other).
 */
export const madeNonSlashable = (keyType: SessionKeyType): boolean => keyType === 'audi';

/** The statement each key signs for the ownership proof (RFC-0048): b"POP_" ++ owner. */
export const OWNERSHIP_PREFIX = 'POP_';

export class SessionKeysError extends Error {
  override readonly name = 'SessionKeysError';
}

/**
 * The types to make for a request: `asked` (any order; put in `SessionKeys` order) or, when empty,
 * every served type; and the session key types left out, so the caller can say so.
 */
export function rotationPlan(asked: readonly string[]): {
  make: SessionKeyType[];
  missing: SessionKeyType[];
} {
  for (const t of asked) {
    if (!(SESSION_KEY_TYPES as readonly string[]).includes(t))
      throw new SessionKeysError(`${t} is not a session key type (${SESSION_KEY_TYPES.join(', ')})`);
    if (!(HOLDABLE_KEY_TYPES as readonly string[]).includes(t))
      throw new SessionKeysError(
        `this cluster cannot hold ${t} keys yet (it holds ${HOLDABLE_KEY_TYPES.join(', ')})`,
      );
  }
  if (new Set(asked).size !== asked.length) throw new SessionKeysError('a key type is named twice');
  const wanted = asked.length ? asked : SERVED_KEY_TYPES;
  const make = SESSION_KEY_TYPES.filter((t) => wanted.includes(t));
  return { make, missing: SESSION_KEY_TYPES.filter((t) => !make.includes(t)) };
}

/** The owner (stash account id): exactly 32 bytes. */
export function checkOwner(owner: Uint8Array): Uint8Array {
  if (owner.length !== 32)
    throw new SessionKeysError(`owner: expected 32 bytes (an account id), got ${owner.length}`);
  return owner;
}

/** What a key signs to prove it belongs to `owner`, as the TA builds it from the owner. */
export function ownershipStatement(owner: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(OWNERSHIP_PREFIX, 'ascii'), checkOwner(owner)]);
}

export interface RotatedKey {
  readonly keyType: SessionKeyType;
  readonly publicKey: Uint8Array;
  /** Its signature of ownershipStatement(owner). */
  readonly proof: Uint8Array;
}

/** An ownership proof's length by scheme: a 64-byte Schnorr signature, a 65-byte ecdsa one (r || s || v). */
const proofLength = (keyType: string): number => (schemeOfKeyType(keyType) === 'ecdsa' ? 65 : 64);

/**
 * `keys` and `proof` for `session.setKeys`: each concatenated in `SessionKeys` order (all six:
 * 5 x 32 + 33 = 193 bytes of keys, 5 x 64 + 65 = 385 of proof). Each key and proof must have its
 * scheme's length: the chain splits the concatenation by position.
 */
export function encodeRotation(set: readonly RotatedKey[]): { keys: Uint8Array; proof: Uint8Array } {
  const ordered = SESSION_KEY_TYPES.flatMap((t) => set.filter((k) => k.keyType === t));
  if (ordered.length !== set.length || new Set(set.map((k) => k.keyType)).size !== set.length)
    throw new SessionKeysError('one key per session key type');
  for (const k of ordered) {
    if (k.publicKey.length !== publicKeyLengthOfType(k.keyType))
      throw new SessionKeysError(
        `${k.keyType}: a ${publicKeyLengthOfType(k.keyType)}-byte public key, got ${k.publicKey.length}`,
      );
    if (k.proof.length !== proofLength(k.keyType))
      throw new SessionKeysError(
        `${k.keyType}: a ${proofLength(k.keyType)}-byte proof, got ${k.proof.length}`,
      );
  }
  return {
    keys: Buffer.concat(ordered.map((k) => k.publicKey)),
    proof: Buffer.concat(ordered.map((k) => k.proof)),
  };
}
