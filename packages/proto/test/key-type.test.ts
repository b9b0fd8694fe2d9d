import { describe, expect, it } from '@jest/globals';
import { isKeyType, KEY_TYPE_PATTERN } from '../src/index.js';

describe('the key-type rule', () => {
  it('takes four lowercase ASCII letters or digits', () => {
    for (const t of ['babe', 'gran', 'audi', 'imon', 'para', 'asgn', 'beef', 'ab12', '0000'])
      expect([t, isKeyType(t)]).toEqual([t, true]);
  });

  it('refuses anything else, strings or not', () => {
    for (const t of ['', 'bab', 'babes', 'BABE', 'Babe', 'ba e', 'bab-', 'bäbe', 'babe\n', ' babe'])
      expect([t, isKeyType(t)]).toEqual([t, false]);
    for (const v of [undefined, null, 1234, ['babe'], { babe: 1 }, Buffer.from('babe')])
      expect(isKeyType(v)).toBe(false);
  });

  it('KEY_TYPE_PATTERN is the same rule, stateless (no g flag)', () => {
    expect(KEY_TYPE_PATTERN.flags).toBe('');
    expect([
      KEY_TYPE_PATTERN.test('babe'),
      KEY_TYPE_PATTERN.test('babe'),
      KEY_TYPE_PATTERN.test('BABE'),
    ]).toEqual([true, true, false]);
  });
});
