/**
 * An RFC 9591 Appendix E test vector (ZF's machine-readable layout) replayed value by value in a
 * given ciphersuite: key shares, nonces from the recorded randomness, commitments, binding-factor
 * inputs and factors, signature shares, group commitment and the final signature.
 */
import { expect } from '@jest/globals';
import { concatBytes } from '@noble/hashes/utils.js';
import {
  aggregate,
  computeBindingFactors,
  deriveSigningContext,
  encodeCommitmentList,
  encodePoint,
  generateNonce,
  signShare,
  SigningNonces,
  trustedDealerKeygen,
  verifyShare,
} from '../src/index.js';
import type { ChallengeSuite, KeyPackage } from '../src/index.js';
import { hex, unhex } from './helpers.js';

interface Round1Output {
  identifier: number;
  hiding_nonce_randomness: string;
  binding_nonce_randomness: string;
  hiding_nonce: string;
  binding_nonce: string;
  hiding_nonce_commitment: string;
  binding_nonce_commitment: string;
  binding_factor_input: string;
  binding_factor: string;
}

export interface RfcVector {
  config: { MIN_PARTICIPANTS: string; MAX_PARTICIPANTS: string };
  inputs: {
    group_secret_key: string;
    group_public_key: string;
    message: string;
    share_polynomial_coefficients: string[];
    participant_shares: { identifier: number; participant_share: string }[];
  };
  round_one_outputs: { outputs: Round1Output[] };
  round_two_outputs: { outputs: { identifier: number; sig_share: string }[] };
  final_output: { sig: string };
}

/** `suite` is the vector's own (its group, hashes and challenge). */
export function rfc9591Vector(vectors: RfcVector, suite: ChallengeSuite) {
  const { inputs, round_one_outputs: r1, round_two_outputs: r2, final_output } = vectors;
  const msg = unhex(inputs.message);
  const { scalars, elementLength } = suite.group;
  const scalar = (h: string) => scalars.decode(unhex(h));
  const encodeScalar = (s: bigint) => scalars.encode(s);
  const dealt = trustedDealerKeygen({
    threshold: Number(vectors.config.MIN_PARTICIPANTS),
    maxSigners: Number(vectors.config.MAX_PARTICIPANTS),
    secret: scalar(inputs.group_secret_key),
    coefficients: inputs.share_polynomial_coefficients.map(scalar),
    suite,
  });
  const pub = dealt.publicKeyPackage;
  const keyOf = (id: number): KeyPackage => dealt.keyPackages.find((k) => k.identifier === id)!;

  /** Round one from the vector's recorded randomness (nonce_generate draws 32 fresh bytes each). */
  function vectorNonces(out: Round1Output): SigningNonces {
    const sk = keyOf(out.identifier).signingShare;
    const hiding = generateNonce(sk, () => unhex(out.hiding_nonce_randomness), suite);
    const binding = generateNonce(sk, () => unhex(out.binding_nonce_randomness), suite);
    return new SigningNonces(out.identifier, hiding, binding, suite.group);
  }

  /** Both rounds and aggregation with the vector's nonces, under `challenge` (same group). */
  function runVectorSigning(challenge: ChallengeSuite = suite) {
    const nonces = r1.outputs.map(vectorNonces);
    const set = nonces.map((n) => n.commitment);
    const shares = r1.outputs.map((o, i) => signShare(challenge, keyOf(o.identifier), nonces[i]!, set, msg));
    return { set, shares, signature: aggregate(challenge, pub, set, msg, shares) };
  }

  return {
    msg,
    pub,
    runVectorSigning,

    keyGeneration(): void {
      expect(hex(encodePoint(pub.groupPublicKey))).toBe(inputs.group_public_key);
      for (const s of inputs.participant_shares) {
        expect(hex(encodeScalar(keyOf(s.identifier).signingShare))).toBe(s.participant_share);
      }
    },

    roundOne(): void {
      for (const out of r1.outputs) {
        const n = vectorNonces(out);
        const { hiding, binding } = n.consume();
        expect(hex(encodeScalar(hiding))).toBe(out.hiding_nonce);
        expect(hex(encodeScalar(binding))).toBe(out.binding_nonce);
        expect(hex(encodePoint(n.commitment.hiding))).toBe(out.hiding_nonce_commitment);
        expect(hex(encodePoint(n.commitment.binding))).toBe(out.binding_nonce_commitment);
      }
    },

    bindingFactors(): void {
      const set = r1.outputs.map((o) => vectorNonces(o).commitment);
      const factors = computeBindingFactors(pub.groupPublicKey, set, msg, suite);
      for (const out of r1.outputs) {
        const input = concatBytes(
          encodePoint(pub.groupPublicKey),
          suite.hashes.H4(msg),
          suite.hashes.H5(encodeCommitmentList(set, suite)),
          encodeScalar(BigInt(out.identifier)),
        );
        expect(hex(input)).toBe(out.binding_factor_input);
        expect(hex(encodeScalar(factors.get(out.identifier)!))).toBe(out.binding_factor);
      }
    },

    roundTwo(): void {
      const { set, shares, signature } = runVectorSigning();
      r2.outputs.forEach((expected, i) => {
        expect(shares[i]!.identifier).toBe(expected.identifier);
        expect(hex(encodeScalar(shares[i]!.z))).toBe(expected.sig_share);
        expect(verifyShare(suite, pub, set, msg, shares[i]!)).toBe(true);
      });
      const ctx = deriveSigningContext(suite, pub.groupPublicKey, 2, set, msg);
      expect(hex(encodePoint(ctx.groupCommitment))).toBe(final_output.sig.slice(0, 2 * elementLength));
      expect(hex(signature)).toBe(final_output.sig);
    },
  };
}
