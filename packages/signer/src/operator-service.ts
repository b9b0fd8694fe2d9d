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
import { publicKeyLengthOfType } from '@triad/proto';
import type { PublicKeyPackage } from '@triad/frost';
import type { KeyId } from '@triad/tee';
import { CeremonyError } from './ceremony.js';
import { LeaderError } from './ceremony-admission.js';
import type { LeaderRefusal } from './ceremony-admission.js';
import type { CeremonyLeader } from './ceremony-leader.js';
import { isLabel } from './key-labels.js';
import { RetirementError } from './key-retirement.js';
import { bytes, keyId, keyType, list, RpcError, string } from './rpc.js';
import { encodeRotation, madeNonSlashable, rotationPlan, SESSION_KEY_TYPES } from './session-keys.js';
import type { RotatedKey, SessionKeyType } from './session-keys.js';
import type { Identify } from './signer-service.js';

export interface OperatorServiceOptions {
  /** Client names (certificate "client:<name>") allowed to call this service. */
  readonly operators: ReadonlySet<string>;
  readonly identify: Identify;
  /** The StatusResponse message (status.proto), as plain fields. */
  readonly status: () => Promise<Record<string, unknown>>;
  readonly leader: CeremonyLeader;
  readonly peerIds: () => readonly string[];
  /** A new key's ownership proof: its signature of b"POP_" ++ owner, made by the cluster. */
  readonly proveOwnership: (key: KeyId, owner: Uint8Array) => Promise<Uint8Array>;
  /** Retires a key in every TA (key-retirement.ts); the peers that retired it. */
  readonly retire: (key: KeyId) => Promise<string[]>;
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
  if (e instanceof RetirementError)
    // a refusal stands until the key is quiet; a retirement cut short is finished by asking again
    return {
      code: e.phase === 'check' ? status.FAILED_PRECONDITION : status.UNAVAILABLE,
      details: e.message,
    };
  return { code: status.INTERNAL, details: 'internal error' };
}

/** A request's optional label: absent or empty is none; anything else must be a label. */
function labelOf(req: Record<string, unknown>): string | undefined {
  const v = req.label;
  if (v === undefined || v === '') return undefined;
  if (!isLabel(v)) throw new RpcError(status.INVALID_ARGUMENT, 'label: 1..64 letters, digits or " _.:/@+-"');
  return v;
}

export function operatorHandlers(o: OperatorServiceOptions): UntypedServiceImplementation {
  const authorize = (call: ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>) => {
    const who = o.identify(call as ServerUnaryCall<unknown, unknown>);
    if (!who || who.kind !== 'client' || !o.operators.has(who.name))
      throw new RpcError(status.PERMISSION_DENIED, 'an operator client certificate is required');
  };

  /** Streams progress, then the outcome (`done`); a failure ends the stream with its status. */
  const streamed =
    (
      run: (req: Record<string, unknown>, progress: (p: object) => void) => Promise<Record<string, unknown>>,
    ) =>
    (call: ServerWritableStream<Record<string, unknown>, unknown>) => {
      (async () => {
        authorize(call);
        const done = await run(call.request, (p) => {
          if (!call.cancelled) call.write({ progress: p });
        });
        call.write({ done });
        call.end();
      })().catch((e: unknown) => call.emit('error', statusOf(e)));
    };
  /** A DKG's or refresh's outcome: the key and who holds it. */
  const ceremonyDone = (kt: string, pub: PublicKeyPackage) => ({
    keyType: kt,
    publicKey: Buffer.from(encodePoint(pub.groupPublicKey)),
    threshold: pub.threshold,
    peers: o.peerIds(),
  });

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
    RunDkg: streamed(async (req, onProgress) => {
      const kt = keyType(req);
      const threshold = req.threshold === 0 || req.threshold === undefined ? 2 : req.threshold;
      const pub = await o.leader.dkg(
        {
          keyType: kt,
          nonSlashable: req.nonSlashable === true,
          threshold: threshold as number,
          label: labelOf(req),
        },
        onProgress,
      );
      return ceremonyDone(kt, pub);
    }),
    RefreshShares: streamed(async (req, onProgress) => {
      const kt = keyType(req);
      const keyLength = publicKeyLengthOfType(kt);
      const named = req.publicKey === undefined ? undefined : bytes(req, 'publicKey', 0, keyLength);
      if (named?.length && named.length !== keyLength)
        throw new RpcError(status.INVALID_ARGUMENT, `publicKey: ${keyLength} bytes (a ${kt} key), or none`);
      const publicKey = named?.length ? named : undefined;
      return ceremonyDone(kt, await o.leader.refresh(kt, publicKey, onProgress));
    }),
    RotateKeys: streamed(async (req, progress) => {
      const owner = bytes(req, 'owner', 32, 32);
      const label = labelOf(req);
      const asked = list(req, 'keyTypes', 0, SESSION_KEY_TYPES.length).map((t, i) =>
        string(t, `keyTypes[${i}]`),
      );
      let plan;
      try {
        plan = rotationPlan(asked);
      } catch (e) {
        throw new RpcError(status.INVALID_ARGUMENT, (e as Error).message);
      }
      const made: { keyType: SessionKeyType; publicKey: Uint8Array }[] = [];
      for (const kt of plan.make) {
        const pub = await o.leader.dkg(
          { keyType: kt, nonSlashable: madeNonSlashable(kt), threshold: 2, label },
          (p) => progress({ keyType: kt, stage: `dkg:${p.stage}`, done: p.done, total: p.total }),
        );
        made.push({ keyType: kt, publicKey: encodePoint(pub.groupPublicKey) });
      }
      const set: RotatedKey[] = [];
      for (const [i, key] of made.entries()) {
        set.push({ ...key, proof: await o.proveOwnership(key, owner) });
        progress({ keyType: key.keyType, stage: 'proof', done: i + 1, total: made.length });
      }
      const { keys, proof } = encodeRotation(set);
      return {
        keys: Buffer.from(keys),
        proof: Buffer.from(proof),
        set: set.map((k) => ({
          keyType: k.keyType,
          publicKey: Buffer.from(k.publicKey),
          proof: Buffer.from(k.proof),
        })),
        missing: plan.missing,
      };
    }),
    RetireKey: (
      call: ServerUnaryCall<Record<string, unknown>, unknown>,
      reply: (e: Partial<ServiceError> | null, r?: unknown) => void,
    ) => {
      (async () => {
        authorize(call);
        return { peers: await o.retire(keyId(call.request)) };
      })().then(
        (r) => reply(null, r),
        (e: unknown) => reply(statusOf(e)),
      );
    },
  };
}
