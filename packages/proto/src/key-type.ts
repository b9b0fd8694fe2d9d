/**
 * The key-type rule, the one place it is written: a session key type is Substrate's `KeyTypeId`
 * as text, four lowercase ASCII letters or digits ("babe", "gran", "audi", "imon", ...). The
 * client, the peers' services, their config, mesh gossip, audit log and the TA messages all check
 * key types with this.
 */

export const KEY_TYPE_PATTERN = /^[a-z0-9]{4}$/;

export function isKeyType(value: unknown): value is string {
  return typeof value === 'string' && KEY_TYPE_PATTERN.test(value);
}
