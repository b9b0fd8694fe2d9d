/**
 * Round two (RFC 9591 5.2): z_i = d_i + e_i·rho_i + lambda_i·s_i·c.
 * Before anything is computed the signer checks the signing set and that its own commitment in it
 * is the one its nonces open; the nonces are consumed even when a later check fails, so a refused
 * request can never be retried with the same nonces.
 */
import type { ChallengeSuite } from './challenge.js';
import { FrostError } from './errors.js';
import type { KeyPackage } from './keys.js';
import type { SigningNonces } from './round1.js';
import type { SigningCommitment } from './signing-set.js';
import { deriveSigningContext, lagrangeCoefficient } from './signing-set.js';

export interface SignatureShare {
  readonly identifier: number;
  readonly z: bigint;
}

export function signShare(
  suite: ChallengeSuite,
  key: KeyPackage,
  nonces: SigningNonces,
  commitments: readonly SigningCommitment[],
  msg: Uint8Array,
): SignatureShare {
  const { hiding, binding } = nonces.consume();
  const own = commitments.find((c) => c.identifier === key.identifier);
  if (!own)
    throw new FrostError('MISSING_COMMITMENT', `own commitment of ${key.identifier} is not in the set`);
  if (!own.hiding.equals(nonces.commitment.hiding) || !own.binding.equals(nonces.commitment.binding)) {
    throw new FrostError(
      'COMMITMENT_MISMATCH',
      `the set carries a commitment for ${key.identifier} that is not ours`,
    );
  }
  const ctx = deriveSigningContext(suite, key.groupPublicKey, key.threshold, commitments, msg);
  const rho = ctx.bindingFactors.get(key.identifier)!;
  const lambda = lagrangeCoefficient(ctx.identifiers, key.identifier, suite);
  return {
    identifier: key.identifier,
    z: suite.group.scalars.mod(hiding + binding * rho + lambda * key.signingShare * ctx.challenge),
  };
}
