import { beforeAll, describe, expect, it } from '@jest/globals';
import { ed25519_FROST } from '@noble/curves/ed25519.js';
import { ed25519Suite, verifySignature } from '../src/index.js';
import vectors from './fixtures/rfc9591-ed25519.json' with { type: 'json' };
import { ed25519Verdicts, ed25519VerifierReady } from './ed25519-helpers.js';
import { unhex } from './helpers.js';
import { rfc9591Vector } from './rfc9591-vector.js';

beforeAll(() => ed25519VerifierReady());

const suite = ed25519Suite;
const { inputs, round_one_outputs: r1, final_output } = vectors;
const vector = rfc9591Vector(vectors, suite);
const { msg } = vector;

describe('RFC 9591 Appendix E.1, FROST(Ed25519, SHA-512), value by value', () => {
  it('the participant list is the one signed with below', () => {
    expect(r1.outputs.map((o) => o.identifier)).toEqual(inputs.participant_list);
  });
  it('key generation: group public key and every participant share', vector.keyGeneration);
  it('round one: nonces and commitments', vector.roundOne);
  it('binding factor inputs and binding factors', vector.bindingFactors);
  it('round two shares, group commitment and the final signature', vector.roundTwo);

  it('the RFC signature is a plain RFC 8032 signature: noble strict, ed25519-dalek (wasm), noble FROST', () => {
    const sig = unhex(final_output.sig);
    const pk = unhex(inputs.group_public_key);
    expect(ed25519Verdicts(sig, msg, pk)).toEqual([true, true]);
    expect(ed25519_FROST.verify(sig, msg, pk)).toBe(true);
    expect(verifySignature(suite, sig, msg, pk)).toBe(true);
    const other = Uint8Array.of(...msg, 0);
    expect(ed25519Verdicts(sig, other, pk)).toEqual([false, false]);
    expect(verifySignature(suite, sig, other, pk)).toBe(false);
  });
});
