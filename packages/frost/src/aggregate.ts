/**
 * The coordinator's side (RFC 9591 5.3 and 5.4): sum the shares and verify the final signature
 * before anyone sees it. Share-by-share checks run only when the aggregate fails, to name the
 * culprit: an aggregate that verifies proves every honest signer's share was consistent, and one
 * that does not is always traced to a share (frost-core does the same "cheater detection").
 */
import type { ChallengeSuite } from './challenge.js';
import { verifySignature } from './challenge.js';
import { FrostError } from './errors.js';
import { encodePoint } from './group.js';
import type { PublicKeyPackage } from './keys.js';
import type { SignatureShare } from './round2.js';
import type { SigningCommitment, SigningContext } from './signing-set.js';
import { deriveSigningContext, lagrangeCoefficient } from './signing-set.js';

function shareIsValid(
  suite: ChallengeSuite,
  ctx: SigningContext,
  pub: PublicKeyPackage,
  commitments: readonly SigningCommitment[],
  share: SignatureShare,
): boolean {
  const commitment = commitments.find((c) => c.identifier === share.identifier);
  const verifyingShare = pub.verifyingShares.get(share.identifier);
  if (!commitment || !verifyingShare) return false;
  const { group } = suite;
  const rho = ctx.bindingFactors.get(share.identifier)!;
  const lambda = lagrangeCoefficient(ctx.identifiers, share.identifier, suite);
  // z_i·B - rho_i·E_i - (c·lambda_i)·Y_i == D_i
  const lhs = group.linearCombination(
    [group.base, commitment.binding, verifyingShare],
    [share.z, -rho, -ctx.challenge * lambda],
  );
  return lhs.equals(commitment.hiding);
}

/** True when `share` is a valid signature share for this set and message. */
export function verifyShare(
  suite: ChallengeSuite,
  pub: PublicKeyPackage,
  commitments: readonly SigningCommitment[],
  msg: Uint8Array,
  share: SignatureShare,
): boolean {
  const ctx = deriveSigningContext(suite, pub.groupPublicKey, pub.threshold, commitments, msg);
  return shareIsValid(suite, ctx, pub, commitments, share);
}

/** A final-signature check: true when `signature` is valid for `msg` under `publicKey`. */
export type SignatureCheck = (signature: Uint8Array, msg: Uint8Array, publicKey: Uint8Array) => boolean;

export interface AggregateOptions {
  /**
   * The signing context, derived ahead (`deriveSigningContext` with the same arguments): a
   * coordinator can derive it while it waits for the cosigner's share.
   */
  readonly context?: SigningContext;
  /**
   * The final check (default: this package's `verifySignature`). A coordinator may use the
   * chain's own verifier here, so what it releases is judged by other code than made it.
   */
  readonly verify?: SignatureCheck;
}

/**
 * The fast path for a coordinator whose own signer reports the group commitment R it used (the
 * TA's sign-finish does): the signature is R || sum(z), checked by `verify`. No point arithmetic,
 * so no trust in R either: undefined when the check fails, and then `aggregate`, which derives R
 * itself, decides and names the culprit.
 */
export function aggregateWithCommitment(
  suite: ChallengeSuite,
  pub: PublicKeyPackage,
  encodedR: Uint8Array,
  msg: Uint8Array,
  shares: readonly SignatureShare[],
  verify: SignatureCheck,
): Uint8Array | undefined {
  if (encodedR.length !== suite.group.elementLength) return undefined;
  const z = shares.reduce((acc, s) => suite.group.scalars.mod(acc + s.z), 0n);
  const signature = suite.encodeSignatureBytes(encodedR, z);
  return verify(signature, msg, encodePoint(pub.groupPublicKey)) ? signature : undefined;
}

/**
 * Aggregates one share per member of the signing set into a signature. A bad share raises
 * INVALID_SHARE naming its sender, so the coordinator can blame it and retry with another peer.
 */
export function aggregate(
  suite: ChallengeSuite,
  pub: PublicKeyPackage,
  commitments: readonly SigningCommitment[],
  msg: Uint8Array,
  shares: readonly SignatureShare[],
  options: AggregateOptions = {},
): Uint8Array {
  const ctx =
    options.context ?? deriveSigningContext(suite, pub.groupPublicKey, pub.threshold, commitments, msg);
  const byId = new Map(shares.map((s) => [s.identifier, s] as const));
  if (byId.size !== shares.length) throw new FrostError('DUPLICATE_IDENTIFIER', 'two shares from one signer');
  for (const id of ctx.identifiers) {
    if (!byId.has(id)) throw new FrostError('MISSING_PACKAGE', `no signature share from ${id}`, id);
  }
  if (byId.size !== ctx.identifiers.length) {
    throw new FrostError('WRONG_SIGNER_COUNT', 'shares from signers outside the signing set');
  }
  const z = ctx.identifiers.reduce((acc, id) => suite.group.scalars.mod(acc + byId.get(id)!.z), 0n);
  const signature = suite.encodeSignature(ctx.groupCommitment, z);
  const verify = options.verify ?? ((sig, m, pk) => verifySignature(suite, sig, m, pk));
  if (verify(signature, msg, encodePoint(pub.groupPublicKey))) return signature;

  for (const id of ctx.identifiers) {
    if (!shareIsValid(suite, ctx, pub, commitments, byId.get(id)!)) {
      throw new FrostError('INVALID_SHARE', `signature share from ${id} does not verify`, id);
    }
  }
  // Every share checks out yet the sum does not: the public package does not fit the key.
  throw new FrostError('INVALID_SIGNATURE', 'aggregate signature does not verify');
}
