/**
 * What a DKG and a share refresh are across the cluster (DESIGN.md section 3): their stages and
 * progress, how a participant is reached (`CeremonyLink`), how a failure is named
 * (`CeremonyError`), and the sealed shares as they travel between peers.
 *
 * The rest is in rooms of its own: the leader's relay of the rounds (ceremony-relay.ts), who may
 * start or join one (ceremony-admission.ts), the leader on an operator's request
 * (ceremony-leader.ts), a peer's rounds as RPCs (ceremony-link.ts, ceremony-handlers.ts).
 */
import type { DkgRound1Package, PublicKeyPackage, RefreshRound1Package } from '@triad/frost';
import { Limits, TaError } from '@triad/tee';
import type { DkgParticipant, DkgStart, KeyId, SealedShare, TaErrorCode, TrustedApp } from '@triad/tee';
import { PeerLimits } from './limits.js';
import { bytes, list, record, uint } from './rpc.js';

export type CeremonyKind = 'dkg' | 'refresh';
export type CeremonyStage = 'round1' | 'round2' | 'round3';

/** `done` of `total` participants have finished `stage`; each stage starts with `done: 0`. */
export interface CeremonyProgress {
  readonly stage: CeremonyStage;
  readonly done: number;
  readonly total: number;
}

/** One participant's failure in a stage. */
export interface CeremonyFailure {
  readonly peerId: string;
  readonly participant: number;
  /** Usually a TaError: the TA's refusal, TRANSPORT, or PROTOCOL (an answer the leader rejected). */
  readonly error: Error;
}

/**
 * A ceremony that did not produce a key. Names the stage ('setup': the leader refused to start),
 * the first failing participant (in identifier order), its TaError code and, for DKG_BLAME, the
 * participant its TA blames. `failures` has every participant that failed the stage: with a
 * blame, the honest TAs all name the same culprit.
 */
export class CeremonyError extends Error {
  readonly peerId: string | undefined;
  readonly participant: number | undefined;
  readonly code: TaErrorCode | undefined;
  readonly culprit: number | undefined;

  constructor(
    readonly ceremony: CeremonyKind,
    readonly stage: CeremonyStage | 'setup',
    readonly failures: readonly CeremonyFailure[],
    reason?: string,
  ) {
    const first = failures[0];
    const others = failures.slice(1).map((f) => f.peerId);
    super(
      `${ceremony} ${stage} failed` +
        (first ? ` at peer ${first.peerId} (participant ${first.participant}): ${first.error.message}` : '') +
        (reason ? `: ${reason}` : '') +
        (others.length ? ` (also failed at ${others.join(', ')})` : ''),
    );
    this.name = 'CeremonyError';
    this.peerId = first?.peerId;
    this.participant = first?.participant;
    this.code = first?.error instanceof TaError ? first.error.code : undefined;
    this.culprit = first?.error instanceof TaError ? first.error.culprit : undefined;
  }
}

/**
 * Round one of a DKG as the leader asks for it; each peer adds its own participant id. The label
 * is for the peers (key-labels.ts): no TA sees it.
 */
export type DkgRound1Args = Omit<DkgStart, 'ownId'> & { readonly label?: string };

/**
 * One participant of a ceremony as the leader drives it: the ceremony half of `TrustedApp`,
 * whatever carries it (gRPC to a peer, or the leader's own TA).
 */
export interface CeremonyLink {
  /** For messages: who failed. */
  readonly peerId: string;
  /** The participant identifier of the peer's TA (fixed by the cluster's configuration). */
  readonly participantId: number;
  dkgRound1(args: DkgRound1Args): Promise<DkgRound1Package>;
  refreshRound1(key: KeyId, context: Uint8Array): Promise<RefreshRound1Package>;
  dkgRound2(others: readonly DkgRound1Package[]): Promise<SealedShare[]>;
  refreshRound2(others: readonly RefreshRound1Package[]): Promise<SealedShare[]>;
  /** The shares dealt to this participant in; its new public key package out (DKG and refresh). */
  dkgRound3(received: readonly SealedShare[]): Promise<PublicKeyPackage>;
}

/** The leader: its participant id and its own TA. */
export interface CeremonySelf {
  readonly id: number;
  readonly ta: TrustedApp;
  /** For messages; 'self' when absent. */
  readonly peerId?: string;
}

export interface CeremonyCommon {
  readonly self: CeremonySelf;
  /** Every other participant. */
  readonly peers: readonly CeremonyLink[];
  /** The ceremony's session id (1..64 bytes), fresh for each ceremony: every proof is bound to it. */
  readonly context: Uint8Array;
  readonly onProgress?: (progress: CeremonyProgress) => void;
}

export interface DkgOptions extends CeremonyCommon {
  /** The new key's type (a TA may already hold keys of it: this makes another). */
  readonly keyType: string;
  /** Every participant (the leader included) with its TA's identity key, as attestation showed it. */
  readonly participants: readonly DkgParticipant[];
  readonly threshold: number;
  readonly nonSlashable?: boolean;
  /** The operator's name for the new key, passed to every other peer. */
  readonly label?: string;
}

export interface RefreshOptions extends CeremonyCommon {
  /** The key whose shares are refreshed. */
  readonly key: KeyId;
}

/** Repeated SealedShare (a DkgRound3 request, or a DkgRound2 answer on the client side). */
export function sealedShares(req: Record<string, unknown>, field: string): SealedShare[] {
  return list(req, field, 1, Limits.MAX_PARTICIPANTS - 1).map((v, i) => {
    const s = record(v, `${field}[${i}]`);
    return {
      sender: uint(s, 'sender', 1, PeerLimits.MAX_PARTICIPANT_ID, `${field}[${i}].sender`),
      receiver: uint(s, 'receiver', 1, PeerLimits.MAX_PARTICIPANT_ID, `${field}[${i}].receiver`),
      box: new Uint8Array(bytes(s, 'box', 1, PeerLimits.MAX_SEALED_SHARE, `${field}[${i}].box`)),
    };
  });
}
