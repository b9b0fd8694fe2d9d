import { describe, expect, it } from '@jest/globals';
import { Transcript } from '../src/index.js';
import { hex } from './helpers.js';

// Known answers from DESIGN.md (the merlin crate's own equivalence tests).
describe('Merlin transcript', () => {
  it('reproduces "equivalence_simple"', () => {
    const t = new Transcript('test protocol');
    t.appendMessage('some label', 'some data');
    expect(hex(t.challengeBytes('challenge', 32))).toBe(
      'd5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615',
    );
  });

  it('reproduces "complex" (crosses many STROBE blocks)', () => {
    const t = new Transcript('test protocol');
    t.appendMessage('step1', 'some data');
    const data = new Uint8Array(1024).fill(0x63);
    let challenge: Uint8Array = new Uint8Array();
    for (let i = 0; i < 32; i++) {
      challenge = t.challengeBytes('challenge', 32);
      t.appendMessage('bigdata', data);
      t.appendMessage('challengedata', challenge);
    }
    expect(hex(challenge)).toBe('a8c933f54fae76e3f9bea93648c1308e7dfa2152dd51674ff3ca438351cf003c');
  });

  it('binds labels and lengths, not just the concatenated bytes', () => {
    const a = new Transcript('p').appendMessage('ab', 'c').challengeBytes('x', 32);
    const b = new Transcript('p').appendMessage('a', 'bc').challengeBytes('x', 32);
    const c = new Transcript('q').appendMessage('ab', 'c').challengeBytes('x', 32);
    expect(hex(a)).not.toBe(hex(b));
    expect(hex(a)).not.toBe(hex(c));
  });
});
