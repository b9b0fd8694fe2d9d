import { beforeAll, describe, expect, it } from '@jest/globals';
import { ed25519_FROST } from '@noble/curves/ed25519.js';
import { concatBytes } from '@noble/hashes/utils.js';
import {
  aggregate,
  computeBindingFactors,
  decodeScalar,
  deriveSigningContext,
  ed25519Suite,
  encodeCommitmentList,
  encodePoint,
  encodeScalar,
  generateNonce,
  signShare,
  SigningNonces,
  trustedDealerKeygen,
  verifyShare,
  verifySignature,
} from '../src/index.js';
import type { KeyPackage } from '../src/index.js';
import vectors from './fixtures/rfc9591-ed25519.json' with { type: 'json' };
import { ed25519Verdicts, ed25519VerifierReady } from './ed25519-helpers.js';
import { hex, unhex } from './helpers.js';

beforeAll(() => ed25519VerifierReady());

const suite = ed25519Suite;
const { inputs, round_one_outputs: r1, round_two_outputs: r2, final_output } = vectors;
const msg = unhex(inputs.message);
const scalar = (h: string) => decodeScalar(unhex(h));

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
function vectorNonces(out: (typeof r1.outputs)[number]): SigningNonces {
  const sk = keyOf(out.identifier).signingShare;
  const hiding = generateNonce(sk, () => unhex(out.hiding_nonce_randomness), suite);
  const binding = generateNonce(sk, () => unhex(out.binding_nonce_randomness), suite);
  return new SigningNonces(out.identifier, hiding, binding, suite.group);
}

describe('RFC 9591 Appendix E.1, FROST(Ed25519, SHA-512), value by value', () => {
  it('the participant list is the one signed with below', () => {
    expect(r1.outputs.map((o) => o.identifier)).toEqual(inputs.participant_list);
  });

  it('key generation: group public key and every participant share', () => {
    expect(hex(encodePoint(pub.groupPublicKey))).toBe(inputs.group_public_key);
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
    const factors = computeBindingFactors(pub.groupPublicKey, set, msg, suite);
    for (const out of r1.outputs) {
      const input = concatBytes(
        encodePoint(pub.groupPublicKey),
        suite.hashes.H4(msg),
        suite.hashes.H5(encodeCommitmentList(set)),
        encodeScalar(BigInt(out.identifier)),
      );
      expect(hex(input)).toBe(out.binding_factor_input);
      expect(hex(encodeScalar(factors.get(out.identifier)!))).toBe(out.binding_factor);
    }
  });

  it('round two shares, group commitment and the final signature', () => {
    const nonces = r1.outputs.map(vectorNonces);
    const set = nonces.map((n) => n.commitment);
    const shares = r1.outputs.map((o, i) => signShare(suite, keyOf(o.identifier), nonces[i]!, set, msg));
    r2.outputs.forEach((expected, i) => {
      expect(shares[i]!.identifier).toBe(expected.identifier);
      expect(hex(encodeScalar(shares[i]!.z))).toBe(expected.sig_share);
      expect(verifyShare(suite, pub, set, msg, shares[i]!)).toBe(true);
    });
    const ctx = deriveSigningContext(suite, pub.groupPublicKey, 2, set, msg);
    expect(hex(encodePoint(ctx.groupCommitment))).toBe(final_output.sig.slice(0, 64));
    expect(hex(aggregate(suite, pub, set, msg, shares))).toBe(final_output.sig);
  });

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
