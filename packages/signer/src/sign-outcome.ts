/**
 * A Sign request's outcome, in every form it leaves the peer: the gRPC answer the validator gets,
 * the metrics, the log line and the audit record. One place, so that they cannot disagree about
 * what happened (a signature, a refusal with its reason, or an error with its cause).
 */
import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { AUDIT_KINDS } from './audit-log.js';
import type { AuditDecision, AuditKind, AuditLog, AuditRecordInput } from './audit-log.js';
import { QuorumError } from './coordinator.js';
import type { SignOutcome } from './coordinator.js';
import type { Logger } from './log.js';
import type { PeerMetrics } from './metrics.js';
import { RpcError } from './rpc.js';

/** One answered Sign, for the audit log and metrics. */
export interface SignEvent {
  readonly client: string;
  readonly keyType: string;
  /** The key asked for or chosen, lowercase hex; empty when none was named yet. */
  readonly publicKey: string;
  readonly kind: string;
  /** blake2-256 of the payload (the header, for babe-seal), hex; empty when none came. */
  readonly payloadHash: string;
  readonly outcome: SignOutcome | Error;
  readonly ms: number;
}

/** What was decided, and why when not signed (a refusal's code, or the error's cause). */
export function decisionOf(outcome: SignOutcome | Error): { decision: AuditDecision; reason: string } {
  if (outcome instanceof Error) {
    const reason =
      outcome instanceof QuorumError
        ? 'QUORUM'
        : outcome instanceof RpcError
          ? status[outcome.code]
          : 'INTERNAL';
    return { decision: 'failed', reason };
  }
  return outcome.kind === 'signature'
    ? { decision: 'signed', reason: '' }
    : { decision: 'refused', reason: outcome.code };
}

/**
 * A failure as the gRPC status the caller gets: an RpcError keeps its code, a quorum that could not
 * be formed is UNAVAILABLE (the client may try another peer), anything else INTERNAL.
 */
export function failureStatus(e: unknown): Partial<ServiceError> {
  if (e instanceof RpcError) return { code: e.code, details: e.message };
  if (e instanceof QuorumError) return { code: status.UNAVAILABLE, details: `quorum: ${e.message}` };
  return { code: status.INTERNAL, details: 'internal error' };
}

/** The SignResponse (signer.proto) for what the TAs decided. */
export function signResponse(
  outcome: SignOutcome,
  /** This peer, and the key's group public key (read only for a signature: a refusal may have no key). */
  signer: {
    readonly coordinator: string;
    readonly publicKey: () => Uint8Array;
    /** A VRF kind: the outcome's bytes are a VrfSignature (96) or the pre-output alone (32). */
    readonly vrf?: boolean;
  },
): Record<string, unknown> {
  if (outcome.kind === 'refusal')
    return { refusal: { reason: outcome.code, message: outcome.message, slot: '0' } };
  const bytes = Buffer.from(outcome.signature);
  const preOnly = signer.vrf && bytes.length === 32;
  return {
    signature: {
      signature: preOnly ? Buffer.alloc(0) : bytes,
      ...(signer.vrf && { preOutput: bytes.subarray(0, 32), proof: bytes.subarray(32) }),
      publicKey: Buffer.from(signer.publicKey()),
      coordinator: signer.coordinator,
      cosigner: outcome.cosigner,
    },
  };
}

/** The audit record of an answered Sign; none without a valid kind and a payload. */
export function auditRecordOf(e: SignEvent): AuditRecordInput | undefined {
  if (!AUDIT_KINDS.includes(e.kind as AuditKind) || !e.payloadHash) return undefined;
  const o = e.outcome;
  const { decision, reason } = decisionOf(o);
  const outcome =
    o instanceof Error || o.kind === 'refusal'
      ? { decision, reason }
      : { decision, signature: Buffer.from(o.signature).toString('hex'), cosigner: o.cosigner };
  return {
    client: e.client,
    kind: e.kind as AuditKind,
    keyType: e.keyType,
    ...(e.publicKey && { publicKey: e.publicKey }),
    payloadHash: e.payloadHash,
    latencyMs: e.ms,
    ...outcome,
  };
}

/** Records each answered Sign: metrics, a log line, and its audit record (written in the background). */
export class SignRecorder {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly metrics: Pick<PeerMetrics, 'signings' | 'signSeconds' | 'auditFailures'>,
    private readonly log: Logger,
    private readonly audit: Pick<AuditLog, 'append'>,
  ) {}

  record(e: SignEvent): void {
    const { decision, reason } = decisionOf(e.outcome);
    const kind = e.kind || 'unknown';
    this.metrics.signings.inc({ kind, key_type: e.keyType || 'unknown', decision, reason });
    this.metrics.signSeconds.observe({ kind, decision }, e.ms / 1000);
    const ms = Math.round(e.ms * 100) / 100;
    const fields = {
      client: e.client,
      kind,
      keyType: e.keyType,
      publicKey: e.publicKey || undefined,
      payload: e.payloadHash,
      ms,
    };
    if (decision === 'signed') this.log.debug(fields, 'signed');
    else
      this.log.warn(
        { ...fields, reason, detail: e.outcome instanceof Error ? e.outcome.message : undefined },
        decision,
      );
    const record = auditRecordOf(e);
    if (!record) return;
    const write = this.audit
      .append(record)
      .then(
        () => undefined,
        // A failing audit write must not turn an answer already sent into a failure; say so loudly.
        (err: unknown) => {
          this.metrics.auditFailures.inc();
          this.log.error({ err: String(err) }, 'audit record not written');
        },
      )
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Resolves once every audit record started so far is written (or has failed). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }
}
