/**
 * Unlocking this peer's TA (DESIGN.md section 7). A TA starts locked, at every start and after
 * every restart; it unlocks on authenticated counter reports from every current peer (a quorum is
 * not enough: the peer that never saw the last increment could vouch for a rolled-back state).
 * So: once every peer is attested, our TA issues a challenge, each peer's TA reports the counter
 * it last saw from ours over that challenge, and our TA decides. Peers serve reports while locked,
 * so three peers restarting together unlock one another.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { LockState, TaError } from '@triad/tee';
import type { TaInfo, TrustedApp } from '@triad/tee';
import { PeerLimits } from './limits.js';
import type { PeerClient } from './peer-client.js';

/** Asks one peer's TA for its report of our counter over `challenge`. */
export type CounterReportCall = (challenge: Uint8Array) => Promise<Uint8Array>;

/** A CounterReportCall over a peer's `Cosigner` service; TRANSPORT when it does not answer. */
export function grpcCounterReport(
  client: PeerClient,
  timeoutMs: number = PeerLimits.COUNTER_REPORT_TIMEOUT_MS,
): CounterReportCall {
  return (challenge) =>
    client.call('CounterReport', { challenge }, timeoutMs).then(
      (r) => new Uint8Array(r.report as Uint8Array),
      (e: ServiceError) => {
        throw new TaError('TRANSPORT', `peer ${client.peerId}: ${e.details}`);
      },
    );
}

export interface UnlockPeer {
  readonly peerId: string;
  readonly counterReport: CounterReportCall;
}

export class TaUnlocker {
  constructor(
    private readonly ta: TrustedApp,
    /** Every current peer: each must report. */
    private readonly peers: readonly UnlockPeer[],
    private readonly isAttested: (peerId: string) => boolean,
  ) {}

  /**
   * Unlocks the TA if `info` shows it locked and every peer is attested (an unattested peer's
   * report would not be asked for: its TA's identity is not known yet); the TA's info after the
   * unlock, or undefined when it was not due. Rejects when a peer or the TA fails (ROLLED_BACK
   * among them): the next attempt starts again with a fresh challenge.
   */
  async unlockIfDue(info: TaInfo): Promise<TaInfo | undefined> {
    if (info.lockState !== LockState.Locked || !this.peers.every((p) => this.isAttested(p.peerId)))
      return undefined;
    const challenge = await this.ta.counterChallenge();
    const reports = await Promise.all(this.peers.map((p) => p.counterReport(challenge)));
    await this.ta.counterUnlock(reports);
    return this.ta.getInfo();
  }
}
