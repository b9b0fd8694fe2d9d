import { describe, expect, it } from '@jest/globals';
import { fieldReaders, isMessage } from '../src/index.js';

class Rejected extends Error {}
const read = fieldReaders((message) => {
  throw new Rejected(message);
});
const rejects = (f: () => unknown, message: string) => expect(f).toThrow(new Rejected(message));

describe('the field readers', () => {
  it('bytes: a Uint8Array within bounds, named in the error', () => {
    const b = Buffer.from('0102', 'hex');
    expect(read.bytes({ b }, 'b', 2, 2)).toBe(b);
    rejects(() => read.bytes({ b }, 'b', 3, 8), 'b: expected 3..8 bytes');
    rejects(() => read.bytes({ b: 'aa' }, 'b'), `b: expected 1..${1 << 20} bytes`);
    rejects(() => read.bytes({}, 'b', 1, 4, 'request.b'), 'request.b: expected 1..4 bytes');
  });

  it('keyType: the key-type rule', () => {
    expect(read.keyType({ keyType: 'babe' })).toBe('babe');
    rejects(() => read.keyType({ keyType: 'BABE' }), 'keyType: four lowercase letters or digits');
    rejects(() => read.keyType({ other: 7 }, 'other'), 'other: four lowercase letters or digits');
  });

  it('uint, flag, list, record', () => {
    expect(read.uint({ n: 3 }, 'n', 1, 3)).toBe(3);
    rejects(() => read.uint({ n: 4 }, 'n', 1, 3), 'n: 1..3');
    rejects(() => read.uint({ n: 1.5 }, 'n', 1, 3, 'the n'), 'the n: 1..3');
    expect(read.flag({ f: false }, 'f')).toBe(false);
    rejects(() => read.flag({ f: 0 }, 'f'), 'f: expected a boolean');
    expect(read.list({ l: [1, 2] }, 'l', 1, 2)).toEqual([1, 2]);
    rejects(() => read.list({ l: [] }, 'l', 1, 2), 'l: expected 1..2 entries');
    expect(read.record({ a: 1 }, 'r')).toEqual({ a: 1 });
    rejects(() => read.record(null, 'r'), 'r: expected a message');
  });

  it('string and text: a string value, or a string field', () => {
    expect(read.string('x', 'v')).toBe('x');
    rejects(() => read.string(5, 'v'), 'v: expected a string, got number');
    expect(read.text({ s: '' }, 's')).toBe('');
    rejects(() => read.text({}, 's', 'msg.s'), 'msg.s: expected a string, got undefined');
  });

  it('isMessage: an object that is not null or a list', () => {
    expect([{}, { a: 1 }].map(isMessage)).toEqual([true, true]);
    expect([null, undefined, [], 'x', 1].map(isMessage)).toEqual([false, false, false, false, false]);
  });
});
