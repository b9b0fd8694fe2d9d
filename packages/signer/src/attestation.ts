/**
 * Mutual attestation between peers, and the gate on the `Cosigner` service (DESIGN.md section 8;
 * proto/triad/v1/cosigner.proto).
 *
 * A peer cooperates only with peers whose TA it has attested: it sends a fresh nonce to the peer's
 * Attest RPC and accepts the answer only if the enrolled device key signed evidence over that
 * nonce, the TA's identity key and the enrolled TA measurement (`verifyEvidence`). Peers attest
 * each other on (re)connect; until a caller is attested, the service answers everything but Attest
 * with FAILED_PRECONDITION. Every outcome is remembered per peer, with the reason of a refusal, for
 * `triadctl status`.
 *
 * - `attestHandler`: the server side of Attest (this peer's TA's evidence over the caller's nonce).
 * - `PeerAttestor`: the client side (attest a peer, remember the outcome), over any `AttestCall`;
 *   `grpcAttestCall` is the one over the peers' `PeerClient`s.
 * - `gate`: wraps the service's handlers so that only attested peers reach them.
 */
import { Metadata, status } from '@grpc/grpc-js';
import type {
  handleUnaryCall,
  sendUnaryData,
  ServerUnaryCall,
  ServiceError,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { identityOfCall } from '@triad/pki';
import { AttestationError, decodeEvidence, TaError, verifyEvidence } from '@triad/tee';
import type { AttestationFailure, EnrolledDevice, Evidence, TrustedApp } from '@triad/tee';
import { randomBytes } from 'node:crypto';
import { PeerLimits } from './limits.js';
import type { PeerClient } from './peer-client.js';
import { bytes, unary } from './rpc.js';

/** Attestation nonces are 32 bytes (the TA refuses anything else). */
export const NONCE_BYTES = 32;

/** Why a peer was refused: a failed evidence check, or no evidence at all (UNREACHABLE). */
export type AttestationRefusal = AttestationFailure | 'UNREACHABLE';

/** What this peer knows of another peer's TA (`triadctl status`). */
export type PeerAttestation =
  | { readonly state: 'unknown' }
  | { readonly state: 'attested'; readonly identityPublicKey: Uint8Array; readonly at: Date }
  | {
      readonly state: 'refused';
      readonly reason: AttestationRefusal;
      readonly message: string;
      readonly at: Date;
    };

export type PeerStatus = { readonly peerId: string } & PeerAttestation;

/** A peer's answer to Attest: who answered, and its TA's EVIDENCE message as the TA returned it. */
export interface AttestAnswer {
  readonly peerId: string;
  readonly evidence: Uint8Array;
}

/** Asks peer `peerId` for its TA's evidence over `nonce`; rejects when there is no answer. */
export type AttestCall = (peerId: string, nonce: Uint8Array) => Promise<AttestAnswer>;

/** Who is calling, as a peer id; undefined when the caller is not a peer of this cluster. */
export type CallerOf = (call: ServerUnaryCall<unknown, unknown>) => string | undefined;

type Callback = sendUnaryData<unknown>;

/**
 * The server side of Attest: this peer's TA's evidence over the caller's nonce. The nonce must be
 * 32 bytes (INVALID_ARGUMENT otherwise, before the TA is asked); a TA that cannot be reached is
 * UNAVAILABLE, like the other Cosigner handlers.
 *
 * `taInfo` is sent empty: the proto wants the TA's GET_INFO answer as the TA returned it, and
 * `TrustedApp` only gives it decoded (`getInfo`); nothing on the verifying side reads it.
 */
export function attestHandler(ta: TrustedApp, selfPeerId: string): handleUnaryCall<unknown, unknown> {
  return unary(async (req) => {
    const nonce = bytes(req, 'nonce', NONCE_BYTES, NONCE_BYTES);
    const ev = await ta.attest(nonce);
    return { peerId: selfPeerId, evidence: Buffer.from(ev.bytes), taInfo: Buffer.alloc(0) };
  }) as handleUnaryCall<unknown, unknown>;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The client side: attests the enrolled peers and remembers, per peer, the last outcome. Only
 * enrolled peers can be attested; a refusal (of any kind, UNREACHABLE included) replaces an earlier
 * attestation, so a peer that fails on reconnect is no longer trusted.
 */
export class PeerAttestor {
  private readonly outcomes = new Map<string, PeerAttestation>();
  /** The latest attempt per peer: an attempt that was overtaken does not overwrite a newer one. */
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly enrolled: ReadonlyMap<string, EnrolledDevice>,
    private readonly call: AttestCall,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Attests `peerId` with a fresh nonce and records the outcome. Never rejects. */
  async attest(peerId: string): Promise<PeerAttestation> {
    const device = this.enrolled.get(peerId);
    if (!device) {
      // Not recorded: status() lists the enrolled peers, and this one is not one of them.
      return {
        state: 'refused',
        reason: 'DEVICE',
        message: `no device enrolled for peer ${peerId}`,
        at: this.now(),
      };
    }
    const attempt = (this.attempts.get(peerId) ?? 0) + 1;
    this.attempts.set(peerId, attempt);
    const outcome = await this.check(peerId, device);
    if (this.attempts.get(peerId) === attempt) this.outcomes.set(peerId, outcome);
    return outcome;
  }

  private async check(peerId: string, device: EnrolledDevice): Promise<PeerAttestation> {
    const refused = (reason: AttestationRefusal, message: string): PeerAttestation => ({
      state: 'refused',
      reason,
      message,
      at: this.now(),
    });
    const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
    let answer: AttestAnswer;
    try {
      answer = await this.call(peerId, nonce);
    } catch (e) {
      return refused('UNREACHABLE', messageOf(e));
    }
    // Whoever answered for another peer id is not the device enrolled for this one.
    if (answer.peerId !== peerId)
      return refused('DEVICE', `asked peer ${peerId}, peer ${answer.peerId} answered`);
    let evidence: Evidence;
    try {
      evidence = decodeEvidence(answer.evidence);
    } catch (e) {
      // Bytes that are not evidence at all carry no signature of the enrolled key.
      return refused('SIGNATURE', `the evidence does not parse: ${messageOf(e)}`);
    }
    try {
      const identityPublicKey = verifyEvidence(evidence, nonce, device);
      return { state: 'attested', identityPublicKey, at: this.now() };
    } catch (e) {
      if (e instanceof AttestationError) return refused(e.reason, e.message);
      // e.g. an enrolled key that is not an RSA key: nothing verifies against it.
      return refused('SIGNATURE', messageOf(e));
    }
  }

  /** Forgets `peerId`'s outcome (back to 'unknown'): its connection dropped, it must attest again. */
  forget(peerId: string): void {
    this.outcomes.delete(peerId);
    // An attempt still under way belongs to the old connection: its outcome is not recorded.
    this.attempts.set(peerId, (this.attempts.get(peerId) ?? 0) + 1);
  }

  state(peerId: string): PeerAttestation {
    return this.outcomes.get(peerId) ?? { state: 'unknown' };
  }

  isAttested(peerId: string): boolean {
    return this.outcomes.get(peerId)?.state === 'attested';
  }

  /** Every enrolled peer, in enrollment order, with what is known of it. */
  status(): PeerStatus[] {
    return [...this.enrolled.keys()].map((peerId) => ({ peerId, ...this.state(peerId) }));
  }
}

/**
 * An `AttestCall` over the peers' `PeerClient`s (one per peer, owned by the caller). `caller` is
 * this peer's id, sent for the peer's logs only: the peer knows who calls from the mTLS certificate.
 */
export function grpcAttestCall(
  clientOf: (peerId: string) => PeerClient | undefined,
  caller: string,
  timeoutMs: number = PeerLimits.ATTEST_TIMEOUT_MS,
  /** Extra call metadata. Tests identify themselves this way; peers by their mTLS certificate. */
  metadata: () => Metadata = () => new Metadata(),
): AttestCall {
  return async (peerId, nonce) => {
    const client = clientOf(peerId);
    if (!client) throw new TaError('TRANSPORT', `no link to peer ${peerId}`);
    const res = await client
      .call('Attest', { nonce: Buffer.from(nonce), caller }, timeoutMs, metadata())
      .catch((e: ServiceError) => {
        throw new TaError('TRANSPORT', `peer ${peerId} Attest: ${e.details || e.message}`);
      });
    const evidence = res.evidence instanceof Uint8Array ? new Uint8Array(res.evidence) : new Uint8Array();
    return { peerId: typeof res.peerId === 'string' ? res.peerId : '', evidence };
  };
}

/**
 * The caller's peer id from its mTLS certificate (`identityOfCall`): only a certificate naming a
 * peer (CN peer:<id>) counts; a validator client, no certificate, or an unverified one is no peer.
 */
export const peerCallerOf: CallerOf = (call) => {
  try {
    const identity = identityOfCall(call);
    return identity.kind === 'peer' ? identity.name : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Wraps the `Cosigner` handlers (all unary) so that every method first identifies the caller
 * (`callerOf`): PERMISSION_DENIED for a caller that is not a peer, Attest included (a validator
 * client has no business making the TA sign evidence with the device key); every method but Attest
 * is then served only to attested peers, FAILED_PRECONDITION otherwise (Attest is how a peer gets
 * attested). Nothing here throws out of a handler.
 */
export function gate(
  handlers: UntypedServiceImplementation,
  isAttested: (peerId: string) => boolean,
  callerOf: CallerOf = peerCallerOf,
  /** A peer we have not attested called us: it is up, so this is the moment to attest it. */
  onUnattested: (peerId: string) => void = () => undefined,
): UntypedServiceImplementation {
  const gated: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers)) {
    const unary = handler as handleUnaryCall<unknown, unknown>;
    gated[method] = ((call: ServerUnaryCall<unknown, unknown>, callback: Callback) => {
      // The callback must run exactly once, whichever of the handler and this wrapper fails.
      let answered = false;
      const once: Callback = (...args) => {
        if (answered) return;
        answered = true;
        callback(...args);
      };
      try {
        const peer = callerOf(call);
        if (peer === undefined) {
          return once({
            code: status.PERMISSION_DENIED,
            details: 'the caller is not a peer of this cluster',
          });
        }
        if (method !== 'Attest' && !isAttested(peer)) {
          onUnattested(peer);
          return once({ code: status.FAILED_PRECONDITION, details: `peer ${peer} has not been attested` });
        }
        unary(call, once);
      } catch {
        once({ code: status.INTERNAL, details: 'internal error' });
      }
    }) as handleUnaryCall<unknown, unknown>;
  }
  return gated;
}
