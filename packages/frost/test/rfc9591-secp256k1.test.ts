import { describe, expect, it } from '@jest/globals';
import { secp256k1_FROST } from '@noble/curves/secp256k1.js';
import { rfc9591Secp256k1, verifySignature } from '../src/index.js';
import rfcVectors from './fixtures/rfc9591-secp256k1.json' with { type: 'json' };
import zfVectors from './fixtures/zf-frost-secp256k1.json' with { type: 'json' };
import { unhex } from './helpers.js';
import { rfc9591Vector } from './rfc9591-vector.js';

// Two transcripts over the same keys and message: the RFC's own (Appendix E.5) and frost-core's
// (ZF signs with other nonce randomness). Between them they pin the group, H1..H5, the binding
// factors, the RFC's challenge (H2) and the 65-byte signature encoding for secp256k1.
describe.each([
  ['RFC 9591 Appendix E.5', rfcVectors],
  ['frost-core frost-secp256k1 vectors.json', zfVectors],
])('%s, FROST(secp256k1, SHA-256), value by value', (_, vectors) => {
  const vector = rfc9591Vector(vectors, rfc9591Secp256k1);
  const { inputs, round_one_outputs: r1, final_output } = vectors;

  it('the participant list is the one signed with below', () => {
    expect(r1.outputs.map((o) => o.identifier)).toEqual(inputs.participant_list);
  });
  it('key generation: group public key and every participant share', vector.keyGeneration);
  it('round one: nonces (H3) and commitments', vector.roundOne);
  it('binding factor inputs (H4, H5) and binding factors (H1)', vector.bindingFactors);
  it('round two shares, group commitment and the final signature (H2)', vector.roundTwo);

  it('the signature verifies here and under an independent FROST (noble secp256k1_FROST)', () => {
    const sig = unhex(final_output.sig);
    const pk = unhex(inputs.group_public_key);
    expect(sig.length).toBe(65);
    expect(secp256k1_FROST.verify(sig, vector.msg, pk)).toBe(true);
    expect(verifySignature(rfc9591Secp256k1, sig, vector.msg, pk)).toBe(true);
    const other = Uint8Array.of(...vector.msg, 0);
    expect(verifySignature(rfc9591Secp256k1, sig, other, pk)).toBe(false);
    expect(secp256k1_FROST.verify(sig, other, pk)).toBe(false);
  });
});

describe('the two transcripts', () => {
  it('share keys and message and differ in nonce randomness, so in every signing value', () => {
    expect(zfVectors.inputs.group_public_key).toBe(rfcVectors.inputs.group_public_key);
    expect(zfVectors.inputs.participant_shares).toEqual(rfcVectors.inputs.participant_shares);
    expect(zfVectors.round_one_outputs.outputs[0]!.hiding_nonce_randomness).not.toBe(
      rfcVectors.round_one_outputs.outputs[0]!.hiding_nonce_randomness,
    );
    expect(zfVectors.final_output.sig).not.toBe(rfcVectors.final_output.sig);
  });
});
