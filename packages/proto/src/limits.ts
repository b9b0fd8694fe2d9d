/**
 * Sizes both ends of the gRPC contracts agree on, so that a client never sends what a peer would
 * cut off and a peer never answers more than a client reads.
 */

/**
 * The largest gRPC message a peer accepts or a client reads: a Cosign carries a sign request of
 * at most a header (MAX_PAYLOAD_BYTES) plus its signing set; anything larger is
 * RESOURCE_EXHAUSTED before parsing.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/**
 * The largest header or payload a Sign request may carry: what the TAs take (the TA's
 * TRIAD_MAX_PAYLOAD; `@triad/tee`'s `Limits.MAX_PAYLOAD` is this constant).
 */
export const MAX_PAYLOAD_BYTES = 65536;

/** Any bytes field without a bound of its own (a reader's default). */
export const MAX_FIELD_BYTES = 1 << 20;
