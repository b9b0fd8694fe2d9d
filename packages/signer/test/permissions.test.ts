import { describe, expect, it } from '@jest/globals';
import { ClientPermissions, parseGrant } from '../src/permissions.js';

const A = 'aa'.repeat(32);
const B = 'bb'.repeat(32);

describe('which keys a validator client may use', () => {
  const perms = new ClientPermissions(
    new Map([
      ['validator-a', [{ keyType: 'babe', publicKey: A }, { keyType: 'audi' }]],
      ['validator-b', [{ keyType: 'babe', publicKey: B }]],
      ['idle', []],
    ]),
  );

  it('a client limited to its own key may use that key and no other of the type', () => {
    expect(perms.mayUse('validator-a', 'babe', A)).toBe(true);
    expect(perms.mayUse('validator-a', 'babe', Buffer.from(A, 'hex'))).toBe(true);
    expect(perms.mayUse('validator-a', 'babe', B)).toBe(false);
    expect(perms.mayUse('validator-b', 'babe', B)).toBe(true);
    expect(perms.mayUse('validator-b', 'babe', A)).toBe(false);
  });

  it('a key type granted whole allows every key of it, and nothing of another type', () => {
    expect(perms.mayUse('validator-a', 'audi', B)).toBe(true);
    expect(perms.mayUse('validator-a', 'gran', A)).toBe(false);
    expect(perms.mayUse('validator-b', 'audi', B)).toBe(false);
  });

  it('implicit deny: an unlisted client, or a listed one with an empty list, may use nothing', () => {
    expect(perms.mayUse('stranger', 'babe', A)).toBe(false);
    expect(perms.mayUseType('stranger', 'babe')).toBe(false);
    expect(perms.mayUse('idle', 'babe', A)).toBe(false);
    expect(perms.mayUseType('idle', 'audi')).toBe(false);
  });

  it('mayUseType: some key of the type is allowed, by type or by one of its keys', () => {
    expect(perms.mayUseType('validator-a', 'babe')).toBe(true);
    expect(perms.mayUseType('validator-a', 'audi')).toBe(true);
    expect(perms.mayUseType('validator-b', 'audi')).toBe(false);
  });

  it('parses the configuration entries strictly', () => {
    expect(parseGrant('babe')).toEqual({ keyType: 'babe' });
    expect(parseGrant(`babe:0x${A}`)).toEqual({ keyType: 'babe', publicKey: A });
    for (const bad of [
      'BABE',
      'bab',
      `babe:${A}`,
      `babe:0x${A.toUpperCase()}`,
      'babe:0x12',
      `babe:0x${A}:x`,
      ':',
    ])
      expect(parseGrant(bad)).toBeUndefined();
  });
});
