/**
 * What every gRPC service of the peer shares: handler wrapping (validation errors and TA failures
 * become status codes, nothing crashes the peer) and the strict field readers of `@triad/proto`
 * (INVALID_ARGUMENT with the field named).
 */
import { Metadata, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import { fieldReaders, publicKeyLengthOfType } from '@triad/proto';
import { TaError } from '@triad/tee';
import type { KeyId } from '@triad/tee';

/**
 * Trailing metadata with the participant a TA's DKG_BLAME names, so the leader gets the culprit as
 * a number, not from a message.
 */
export const CULPRIT_METADATA = 'triad-dkg-culprit';

/** A gRPC error with a status code, as grpc-js sends it back to the caller. */
export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export function invalid(message: string): never {
  throw new RpcError(status.INVALID_ARGUMENT, message);
}

type Handler = (request: Record<string, unknown>) => Promise<unknown>;

/**
 * Wraps a handler: RpcError keeps its code, a TA that cannot be reached is UNAVAILABLE, a TA
 * refusal FAILED_PRECONDITION with its code first in the details (and a DKG culprit in the
 * metadata), anything else INTERNAL.
 */
export function unary(handler: Handler) {
  return (
    call: ServerUnaryCall<Record<string, unknown>, unknown>,
    callback: (e: Partial<ServiceError> | null, r?: unknown) => void,
  ) => {
    handler(call.request).then(
      (r) => callback(null, r),
      (e: unknown) => {
        if (e instanceof RpcError) return callback({ code: e.code, details: e.message });
        if (e instanceof TaError && (e.code === 'TRANSPORT' || e.code === 'PROTOCOL')) {
          return callback({ code: status.UNAVAILABLE, details: `this peer's TA: ${e.message}` });
        }
        if (e instanceof TaError) {
          const metadata = new Metadata();
          if (e.culprit !== undefined) metadata.set(CULPRIT_METADATA, String(e.culprit));
          return callback({ code: status.FAILED_PRECONDITION, details: e.message, metadata });
        }
        callback({ code: status.INTERNAL, details: 'internal error' });
      },
    );
  };
}

/** The strict field readers of `@triad/proto`, failing with INVALID_ARGUMENT. */
export const { bytes, keyType, uint, flag, list, record, string } = fieldReaders(invalid);

/**
 * A key named by its type (`keyType`) and its group public key (`publicKey`): 32 bytes, or 33 for
 * an ecdsa type (publicKeyLengthOfType).
 */
export const keyId = (req: Record<string, unknown>): KeyId => {
  const type = keyType(req);
  const length = publicKeyLengthOfType(type);
  return { keyType: type, publicKey: bytes(req, 'publicKey', length, length) };
};
