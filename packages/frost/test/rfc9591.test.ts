import { beforeAll, describe, expect, it } from '@jest/globals';
import { ristretto255_FROST } from '@noble/curves/ed25519.js';
import * as scure from '@scure/sr25519';
import { chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import { rfc9591, schnorrkel, verifySignature } from '../src/index.js';
import vectors from './fixtures/rfc9591-ristretto255.json' with { type: 'json' };
import { hex, unhex } from './helpers.js';
import { rfc9591Vector } from './rfc9591-vector.js';

beforeAll(() => chainVerifierReady()); // the chain's verifier judges every signature here

const { inputs, final_output } = vectors;
const vector = rfc9591Vector(vectors, rfc9591);
const { msg } = vector;

describe('RFC 9591 Appendix E.2, FROST(ristretto255, SHA-512), value by value', () => {
  it('key generation: group public key and every participant share', vector.keyGeneration);
  it('round one: nonces and commitments', vector.roundOne);
  it('binding factor inputs and binding factors', vector.bindingFactors);
  it('round two shares, group commitment and the final signature', vector.roundTwo);

  it('the RFC signature verifies under an independent FROST (noble ristretto255_FROST)', () => {
    expect(ristretto255_FROST.verify(unhex(final_output.sig), msg, unhex(inputs.group_public_key))).toBe(
      true,
    );
    expect(verifySignature(rfc9591, unhex(final_output.sig), msg, unhex(inputs.group_public_key))).toBe(true);
  });
});

describe('the same inputs with the schnorrkel challenge', () => {
  it('give a standard sr25519 signature (Rust schnorrkel via wasm, and @scure/sr25519 accept it)', async () => {
    const { signature } = vector.runVectorSigning(schnorrkel);
    const pk = unhex(inputs.group_public_key);
    expect(chainAccepts(signature, msg, pk)).toBe(true);
    expect(scure.verify(msg, signature, pk)).toBe(true);
    // Same nonces, same R; only the challenge (and so z) differs from the RFC's signature.
    expect(hex(signature.slice(0, 32))).toBe(final_output.sig.slice(0, 64));
    expect(hex(signature)).not.toBe(final_output.sig);
    expect(chainAccepts(unhex(final_output.sig), msg, pk)).toBe(false);
  });
});
