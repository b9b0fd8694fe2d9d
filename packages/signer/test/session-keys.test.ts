import { describe, expect, it } from '@jest/globals';
import {
  encodeRotation,
  madeNonSlashable,
  ownershipStatement,
  rotationPlan,
  SessionKeysError,
} from '../src/session-keys.js';

const key = (keyType: 'babe' | 'para' | 'audi', fill: number) => ({
  keyType,
  publicKey: new Uint8Array(32).fill(fill),
  proof: new Uint8Array(64).fill(fill + 1),
});

describe('the session key set', () => {
  it('by default makes the served types, in SessionKeys order, and names every other type missing', () => {
    expect(rotationPlan([])).toEqual({ make: ['gran', 'babe', 'para', 'asgn', 'audi'], missing: ['beef'] });
  });

  it('puts asked types in SessionKeys order and refuses what the cluster cannot hold', () => {
    expect(rotationPlan(['audi', 'para', 'babe']).make).toEqual(['babe', 'para', 'audi']);
    expect(rotationPlan(['para', 'gran']).make).toEqual(['gran', 'para']);
    expect(() => rotationPlan(['beef'])).toThrow(SessionKeysError);
    expect(() => rotationPlan(['beef'])).toThrow(/cannot hold beef/);
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

  it('only authority discovery is made non-slashable', () => {
    expect(['babe', 'para', 'asgn', 'audi'].map((t) => madeNonSlashable(t as 'babe'))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});
