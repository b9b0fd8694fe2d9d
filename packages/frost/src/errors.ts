/**
 * Every failure in this package is a FrostError with a machine-readable code, so callers (the
 * signer peer, the TA conformance tests) can branch on the reason instead of parsing messages.
 * `culprit` names the participant to blame where one exists (a bad share, a bad proof).
 */
export type FrostErrorCode =
  | 'LENGTH' // wrong byte length for a fixed-size or length-prefixed encoding
  | 'TAG' // the leading type tag is not the one the decoder expects
  | 'INVALID_POINT' // not a canonical encoding of a point of the group (ristretto255 or edwards25519)
  | 'IDENTITY_POINT' // a point that must not be the identity is the identity
  | 'SMALL_ORDER_POINT' // edwards25519: a point of order 2, 4 or 8
  | 'TORSION_COMPONENT' // edwards25519: a point outside the prime-order subgroup
  | 'NON_CANONICAL_SCALAR' // scalar encoding >= group order
  | 'INVALID_IDENTIFIER' // identifier 0 or out of range
  | 'DUPLICATE_IDENTIFIER'
  | 'UNSORTED_IDENTIFIERS'
  | 'INVALID_PARAMETERS' // threshold / participant counts out of range
  | 'WRONG_SIGNER_COUNT' // signing set does not have exactly `threshold` members
  | 'MISSING_COMMITMENT' // the signer's own commitment is not in the signing set
  | 'COMMITMENT_MISMATCH' // the signing set carries a commitment that is not ours for our id
  | 'NONCE_REUSED' // a one-time nonce was offered a second time
  | 'INVALID_SHARE' // a signature share or a DKG/refresh secret share fails its check
  | 'INVALID_PROOF' // a DKG proof of knowledge fails
  | 'INVALID_SIGNATURE' // the aggregate does not verify (never released)
  | 'MISSING_PACKAGE' // a DKG/refresh round lacks a participant's package
  | 'TRANSCRIPT_MISMATCH'; // round-1 packages changed between rounds

export class FrostError extends Error {
  readonly code: FrostErrorCode;
  readonly culprit: number | undefined;

  constructor(code: FrostErrorCode, message: string, culprit?: number) {
    super(`${code}: ${message}`);
    this.name = 'FrostError';
    this.code = code;
    this.culprit = culprit;
  }
}
