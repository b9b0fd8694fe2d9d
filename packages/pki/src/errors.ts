/**
 * Every failure in this package is a PkiError with a machine-readable code, so `triadctl certs`
 * can say what to fix and the peer can tell "this caller is not one of ours" (IDENTITY) from a
 * broken installation (FILES, CA).
 */
export type PkiErrorCode =
  | 'INPUT' // an argument fails validation (name characters, hosts, validity range, duplicates)
  | 'CA' // the CA given for issuing is not a usable P-256 CA (not a CA, key does not match, expired)
  | 'IDENTITY' // a presented certificate does not name a Triad peer or client
  | 'FILES'; // the PKI directory holds files that cannot be kept as they are (half pairs, mismatches)

export class PkiError extends Error {
  readonly code: PkiErrorCode;

  constructor(code: PkiErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'PkiError';
    this.code = code;
  }
}
