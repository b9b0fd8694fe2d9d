/**
 * What every gRPC service of the peer shares: handler wrapping (validation errors and TA failures
 * become status codes, nothing crashes the peer) and strict field readers (INVALID_ARGUMENT with
 * the field named).
 */
import { Metadata, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import { TaError } from '@triad/tee';
import { PeerLimits } from './limits.js';

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

export const bytes = (
  req: Record<string, unknown>,
  field: string,
  min = 1,
  max: number = PeerLimits.MAX_FIELD_BYTES,
  name = field,
): Uint8Array => {
  const v = req[field];
  if (!(v instanceof Uint8Array) || v.length < min || v.length > max) {
    invalid(`${name}: expected ${min}..${max} bytes`);
  }
  return v;
};

export const keyType = (req: Record<string, unknown>): string => {
  const v = req.keyType;
  if (typeof v !== 'string' || !/^[a-z0-9]{4}$/.test(v)) invalid('keyType: four lowercase letters or digits');
  return v;
};

export const uint = (
  req: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
  name = field,
): number => {
  const v = req[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) invalid(`${name}: ${min}..${max}`);
  return v;
};

export const flag = (req: Record<string, unknown>, field: string): boolean => {
  const v = req[field];
  if (typeof v !== 'boolean') invalid(`${field}: expected a boolean`);
  return v;
};

export const list = (req: Record<string, unknown>, field: string, min: number, max: number): unknown[] => {
  const v = req[field];
  if (!Array.isArray(v) || v.length < min || v.length > max)
    invalid(`${field}: expected ${min}..${max} entries`);
  return v;
};

export const record = (v: unknown, name: string): Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) invalid(`${name}: expected a message`);
  return v as Record<string, unknown>;
};
