import { describe, expect, it } from '@jest/globals';
import {
  encodeRotation,
  madeNonSlashable,
  ownershipStatement,
  rotationPlan,
  SessionKeysError,
} from '../src/session-keys.js';

const key = (keyType: 'gran' | 'babe' | 'para' | 'asgn' | 'audi' | 'beef', fill: number) => ({
  keyType,
  publicKey: new Uint8Array(keyType === 'beef' ? 33 : 32).fill(fill),
  proof: new Uint8Array(keyType === 'beef' ? 65 : 64).fill(fill + 1),
});

describe('the session key set', () => {
  it('by default makes all six session key types, in SessionKeys order, none missing', () => {
    expect(rotationPlan([])).toEqual({ make: ['gran', 'babe', 'para', 'asgn', 'audi', 'beef'], missing: [] });
  });

  it('puts asked types in SessionKeys order and names the others missing', () => {
    expect(rotationPlan(['audi', 'para', 'babe']).make).toEqual(['babe', 'para', 'audi']);
    expect(rotationPlan(['para', 'gran'])).toEqual({
      make: ['gran', 'para'],
      missing: ['babe', 'asgn', 'audi', 'beef'],
    });
    expect(rotationPlan(['beef', 'gran']).make).toEqual(['gran', 'beef']);
    expect(() => rotationPlan(['imon'])).toThrow(SessionKeysError);
    expect(() => rotationPlan(['imon'])).toThrow(/not a session key type/);
    expect(() => rotationPlan(['babe', 'babe'])).toThrow(/twice/);
  });

  it('the proof statement is b"POP_" ++ owner, for a 32-byte owner only', () => {
    const owner = new Uint8Array(32).fill(7);
    expect(Buffer.from(ownershipStatement(owner)).toString('hex')).toBe('504f505f' + '07'.repeat(32));
    expect(() => ownershipStatement(new Uint8Array(31))).toThrow(/32 bytes/);
  });

  it('encodes keys and proof in SessionKeys order, whatever order they came in', () => {
    const { keys, proof } = encodeRotation([key('audi', 3), key('babe', 1), key('para', 2)]);
    expect(Buffer.from(keys).toString('hex')).toBe('01'.repeat(32) + '02'.repeat(32) + '03'.repeat(32));
    expect(Buffer.from(proof).toString('hex')).toBe('02'.repeat(64) + '03'.repeat(64) + '04'.repeat(64));
    expect(() => encodeRotation([key('babe', 1), key('babe', 2)])).toThrow(/one key per/);
  });

  it('the whole set is 193 bytes of keys (5 x 32 + a 33-byte beef key) and 385 of proof (5 x 64 + 65)', () => {
    const types = ['beef', 'audi', 'asgn', 'para', 'babe', 'gran'] as const;
    const { keys, proof } = encodeRotation(types.map((t, i) => key(t, 16 * (6 - i))));
    expect([keys.length, proof.length]).toEqual([193, 385]);
    expect(Buffer.from(keys.subarray(160)).toString('hex')).toBe('60'.repeat(33)); // beef, given first, last
    expect(Buffer.from(proof.subarray(320)).toString('hex')).toBe('61'.repeat(65));
  });

  it("refuses a key or proof of another length than its scheme's (the chain splits by position)", () => {
    expect(() => encodeRotation([{ ...key('beef', 1), publicKey: new Uint8Array(32) }])).toThrow(
      /beef: a 33-byte public key, got 32/,
    );
    expect(() => encodeRotation([{ ...key('beef', 1), proof: new Uint8Array(64) }])).toThrow(
      /beef: a 65-byte proof, got 64/,
    );
    expect(() => encodeRotation([{ ...key('gran', 1), proof: new Uint8Array(65) }])).toThrow(
      /gran: a 64-byte proof, got 65/,
    );
  });

  it('only authority discovery is made non-slashable', () => {
    expect(['babe', 'para', 'asgn', 'audi'].map((t) => madeNonSlashable(t as 'babe'))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});
