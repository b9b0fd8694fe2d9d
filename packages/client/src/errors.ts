/**
 * Every failure of a SignerClient call is a SignerClientError with a machine-readable code. A
 * Refusal is not an error: it is an answer (the TAs' considered one) and comes back as a result.
 */
export type SignerClientErrorCode =
  | 'UNAVAILABLE' // every URL was tried and none could answer; `failures` says why, per URL
  | 'DEADLINE' // the call's budget (timeoutMs) ran out before any peer answered
  | 'PERMISSION_DENIED' // a peer said this client may not do this (never retried at another peer)
  | 'INVALID_ARGUMENT' // the request is malformed: found by the client itself, or by a peer (`url` set)
  | 'BAD_RESPONSE' // a peer answered something this client cannot read (never retried elsewhere)
  | 'CLOSED'; // the client was closed (before or during the call)

/** Why one URL did not answer. */
export interface UrlFailure {
  readonly url: string;
  readonly reason: string;
}

export class SignerClientError extends Error {
  readonly code: SignerClientErrorCode;
  /** Per URL, why it did not answer (UNAVAILABLE and DEADLINE; empty otherwise). */
  readonly failures: readonly UrlFailure[];
  /** The peer whose answer this error is (PERMISSION_DENIED, INVALID_ARGUMENT, BAD_RESPONSE). */
  readonly url: string | undefined;

  constructor(
    code: SignerClientErrorCode,
    message: string,
    extra: { failures?: readonly UrlFailure[]; url?: string } = {},
  ) {
    const failures = extra.failures ?? [];
    const detail = failures.length ? `: ${failures.map((f) => `${f.url} (${f.reason})`).join('; ')}` : '';
    super(`${code}: ${message}${detail}`);
    this.name = 'SignerClientError';
    this.code = code;
    this.failures = failures;
    this.url = extra.url;
  }
}

/** A local validation failure: the request never left this process. */
export const invalid = (message: string) => new SignerClientError('INVALID_ARGUMENT', message);
