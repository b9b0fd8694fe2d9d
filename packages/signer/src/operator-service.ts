/**
 * The operator's `Operator` service (proto/triad/v1/operator.proto): status and ceremonies for
 * `triadctl`. Callers are identified by their mTLS client certificate and must be listed as
 * operators in the peer's configuration (implicit deny): a validator's certificate signs, it does
 * not start ceremonies.
 */
import { status } from '@grpc/grpc-js';
import type {
  ServerUnaryCall,
  ServerWritableStream,
  ServiceError,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { encodePoint } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { CeremonyError } from './ceremony.js';
import type { CeremonyProgress } from './ceremony.js';
import { LeaderError } from './ceremony-admission.js';
import type { LeaderRefusal } from './ceremony-admission.js';
import type { CeremonyLeader } from './ceremony-leader.js';
import { keyType, RpcError } from './rpc.js';
import type { Identify } from './signer-service.js';

export interface OperatorServiceOptions {
  /** Client names (certificate "client:<name>") allowed to call this service. */
  readonly operators: ReadonlySet<string>;
  readonly identify: Identify;
  /** The StatusResponse message (status.proto), as plain fields. */
  readonly status: () => Promise<Record<string, unknown>>;
  readonly leader: CeremonyLeader;
  readonly peerIds: () => readonly string[];
}

const LEADER_STATUS: Record<LeaderRefusal, status> = {
  BUSY: status.ABORTED,
  FULL: status.RESOURCE_EXHAUSTED,
  NOT_FOUND: status.NOT_FOUND,
  UNAVAILABLE: status.UNAVAILABLE,
  INVALID: status.INVALID_ARGUMENT,
};

/** A failure as the status the operator sees: a refusal to start, a ceremony that failed, or ours. */
function statusOf(e: unknown): Partial<ServiceError> {
  if (e instanceof RpcError) return { code: e.code, details: e.message };
  if (e instanceof LeaderError) return { code: LEADER_STATUS[e.reason], details: e.message };
  if (e instanceof CeremonyError) {
    // A peer that could not be reached is worth retrying; a TA's refusal is not, as it stands.
    const unreachable = e.failures.every((f) => (f.error as { code?: string }).code === 'TRANSPORT');
    return { code: unreachable ? status.UNAVAILABLE : status.FAILED_PRECONDITION, details: e.message };
  }
  return { code: status.INTERNAL, details: 'internal error' };
}

export function operatorHandlers(o: OperatorServiceOptions): UntypedServiceImplementation {
  const authorize = (call: ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>) => {
    const who = o.identify(call as ServerUnaryCall<unknown, unknown>);
    if (!who || who.kind !== 'client' || !o.operators.has(who.name))
      throw new RpcError(status.PERMISSION_DENIED, 'an operator client certificate is required');
  };

  /** Streams progress, then the outcome; a failure ends the stream with its status. */
  const ceremony =
    (run: (req: Record<string, unknown>, onProgress: (p: CeremonyProgress) => void) => Promise<Done>) =>
    (call: ServerWritableStream<Record<string, unknown>, unknown>) => {
      (async () => {
        authorize(call);
        const { keyType: kt, pub } = await run(call.request, (p) => {
          if (!call.cancelled) call.write({ progress: p });
        });
        call.write({
          done: {
            keyType: kt,
            publicKey: Buffer.from(encodePoint(pub.groupPublicKey)),
            threshold: pub.threshold,
            peers: o.peerIds(),
          },
        });
        call.end();
      })().catch((e: unknown) => call.emit('error', statusOf(e)));
    };

  return {
    Status: (
      call: ServerUnaryCall<unknown, unknown>,
      reply: (e: Partial<ServiceError> | null, r?: unknown) => void,
    ) => {
      (async () => {
        authorize(call);
        return o.status();
      })().then(
        (r) => reply(null, r),
        (e: unknown) => reply(statusOf(e)),
      );
    },
    RunDkg: ceremony(async (req, onProgress) => {
      const kt = keyType(req);
      const threshold = req.threshold === 0 || req.threshold === undefined ? 2 : req.threshold;
      const pub = await o.leader.dkg(
        { keyType: kt, nonSlashable: req.nonSlashable === true, threshold: threshold as number },
        onProgress,
      );
      return { keyType: kt, pub };
    }),
    RefreshShares: ceremony(async (req, onProgress) => {
      const kt = keyType(req);
      return { keyType: kt, pub: await o.leader.refresh(kt, onProgress) };
    }),
  };
}

interface Done {
  readonly keyType: string;
  readonly pub: PublicKeyPackage;
}
