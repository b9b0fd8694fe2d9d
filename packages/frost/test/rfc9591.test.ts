import { beforeAll, describe, expect, it } from '@jest/globals';
import { ristretto255_FROST } from '@noble/curves/ed25519.js';
import * as scure from '@scure/sr25519';
import { concatBytes } from '@noble/hashes/utils.js';
import { chainAccepts, chainVerifierReady } from '@triad/testkit/chain';
import {
  aggregate,
  computeBindingFactors,
  decodeScalar,
  deriveSigningContext,
  encodeCommitmentList,
  encodePoint,
  encodeScalar,
  generateNonce,
  H4,
  H5,
  rfc9591,
  schnorrkel,
  signShare,
  SigningNonces,
  trustedDealerKeygen,
  verifyShare,
  verifySignature,
} from '../src/index.js';
import type { ChallengeSuite, KeyPackage } from '../src/index.js';
import vectors from './fixtures/rfc9591-ristretto255.json' with { type: 'json' };
import { hex, unhex } from './helpers.js';

beforeAll(() => chainVerifierReady()); // the chain's verifier judges every signature here

const { inputs, round_one_outputs: r1, round_two_outputs: r2, final_output } = vectors;
const msg = unhex(inputs.message);
const scalar = (h: string) => decodeScalar(unhex(h));

const dealt = trustedDealerKeygen({
  threshold: Number(vectors.config.MIN_PARTICIPANTS),
  maxSigners: Number(vectors.config.MAX_PARTICIPANTS),
  secret: scalar(inputs.group_secret_key),
  coefficients: inputs.share_polynomial_coefficients.map(scalar),
});
const keyOf = (id: number): KeyPackage => dealt.keyPackages.find((k) => k.identifier === id)!;

/** Round one from the vector's recorded randomness (nonce_generate draws 32 fresh bytes each). */
function vectorNonces(out: (typeof r1.outputs)[number]): SigningNonces {
  const sk = keyOf(out.identifier).signingShare;
  const hiding = generateNonce(sk, () => unhex(out.hiding_nonce_randomness));
  const binding = generateNonce(sk, () => unhex(out.binding_nonce_randomness));
  return new SigningNonces(out.identifier, hiding, binding);
}

function runVectorSigning(suite: ChallengeSuite) {
  const nonces = r1.outputs.map(vectorNonces);
  const set = nonces.map((n) => n.commitment);
  const shares = r1.outputs.map((o, i) => signShare(suite, keyOf(o.identifier), nonces[i]!, set, msg));
  return { set, shares, signature: aggregate(suite, dealt.publicKeyPackage, set, msg, shares) };
}

describe('RFC 9591 Appendix E.2, FROST(ristretto255, SHA-512), value by value', () => {
  it('key generation: group public key and every participant share', () => {
    expect(hex(encodePoint(dealt.publicKeyPackage.groupPublicKey))).toBe(inputs.group_public_key);
    for (const s of inputs.participant_shares) {
      expect(hex(encodeScalar(keyOf(s.identifier).signingShare))).toBe(s.participant_share);
    }
  });

  it('round one: nonces and commitments', () => {
    for (const out of r1.outputs) {
      const n = vectorNonces(out);
      const { hiding, binding } = n.consume();
      expect(hex(encodeScalar(hiding))).toBe(out.hiding_nonce);
      expect(hex(encodeScalar(binding))).toBe(out.binding_nonce);
      expect(hex(encodePoint(n.commitment.hiding))).toBe(out.hiding_nonce_commitment);
      expect(hex(encodePoint(n.commitment.binding))).toBe(out.binding_nonce_commitment);
    }
  });

  it('binding factor inputs and binding factors', () => {
    const set = r1.outputs.map((o) => vectorNonces(o).commitment);
    const factors = computeBindingFactors(dealt.publicKeyPackage.groupPublicKey, set, msg);
    for (const out of r1.outputs) {
      const input = concatBytes(
        encodePoint(dealt.publicKeyPackage.groupPublicKey),
        H4(msg),
        H5(encodeCommitmentList(set)),
        encodeScalar(BigInt(out.identifier)),
      );
      expect(hex(input)).toBe(out.binding_factor_input);
      expect(hex(encodeScalar(factors.get(out.identifier)!))).toBe(out.binding_factor);
    }
  });

  it('round two shares, group commitment and the final signature', () => {
    const { set, shares, signature } = runVectorSigning(rfc9591);
    r2.outputs.forEach((expected, i) => {
      expect(shares[i]!.identifier).toBe(expected.identifier);
      expect(hex(encodeScalar(shares[i]!.z))).toBe(expected.sig_share);
      expect(verifyShare(rfc9591, dealt.publicKeyPackage, set, msg, shares[i]!)).toBe(true);
    });
    const ctx = deriveSigningContext(rfc9591, dealt.publicKeyPackage.groupPublicKey, 2, set, msg);
    expect(hex(encodePoint(ctx.groupCommitment))).toBe(final_output.sig.slice(0, 64));
    expect(hex(signature)).toBe(final_output.sig);
  });

  it('the RFC signature verifies under an independent FROST (noble ristretto255_FROST)', () => {
    expect(ristretto255_FROST.verify(unhex(final_output.sig), msg, unhex(inputs.group_public_key))).toBe(
      true,
    );
    expect(verifySignature(rfc9591, unhex(final_output.sig), msg, unhex(inputs.group_public_key))).toBe(true);
  });
});

describe('the same inputs with the schnorrkel challenge', () => {
  it('give a standard sr25519 signature (Rust schnorrkel via wasm, and @scure/sr25519 accept it)', async () => {
    const { signature } = runVectorSigning(schnorrkel);
    const pk = unhex(inputs.group_public_key);
    expect(chainAccepts(signature, msg, pk)).toBe(true);
    expect(scure.verify(msg, signature, pk)).toBe(true);
    // Same nonces, same R; only the challenge (and so z) differs from the RFC's signature.
    expect(hex(signature.slice(0, 32))).toBe(final_output.sig.slice(0, 64));
    expect(hex(signature)).not.toBe(final_output.sig);
    expect(chainAccepts(unhex(final_output.sig), msg, pk)).toBe(false);
  });
});
