/**
 * `triadctl dkg` and `triadctl refresh`: ask the first URL's peer to lead a ceremony
 * (Operator.RunDkg, Operator.RefreshShares) and show its progress as the rounds complete; the
 * outcome is the key and who holds it.
 */
import { operatorStream } from '../operator.js';
import type { Target } from '../target.js';

export interface DkgOutcome {
  readonly keyType: string;
  readonly publicKey: string;
  readonly threshold: number;
  readonly peers: readonly string[];
}

/** A ceremony's `done` event (CeremonyDone in operator.proto). */
const ceremonyOutcome = (done: Record<string, unknown>): DkgOutcome => ({
  keyType: done.keyType as string,
  publicKey: `0x${Buffer.from(done.publicKey as Uint8Array).toString('hex')}`,
  threshold: done.threshold as number,
  peers: done.peers as string[],
});

export function runDkg(
  target: Target,
  req: { keyType: string; nonSlashable: boolean; threshold: number; label?: string },
  timeoutMs: number,
  onProgress: (p: { stage: string; done: number; total: number }) => void,
): Promise<DkgOutcome> {
  return operatorStream(
    target,
    'RunDkg',
    req,
    timeoutMs,
    (p) => onProgress(p as { stage: string; done: number; total: number }),
    ceremonyOutcome,
  );
}

/**
 * `triadctl refresh`: asks the first URL's peer to lead a share refresh (Operator.RefreshShares):
 * the same key, new shares in every TA. `publicKey` names the key when the cluster holds several of
 * the type.
 */
export function runRefresh(
  target: Target,
  req: { keyType: string; publicKey?: Uint8Array },
  timeoutMs: number,
  onProgress: (p: { stage: string; done: number; total: number }) => void,
): Promise<DkgOutcome> {
  return operatorStream(
    target,
    'RefreshShares',
    req,
    timeoutMs,
    (p) => onProgress(p as { stage: string; done: number; total: number }),
    ceremonyOutcome,
  );
}
