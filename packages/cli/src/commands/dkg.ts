/**
 * `triadctl dkg`: asks the first URL's peer to lead a DKG (Operator.RunDkg) and shows its progress
 * as the rounds complete; the outcome is the cluster's new public key.
 */
import { operatorStream } from '../operator.js';
import type { Target } from '../target.js';

export interface DkgOutcome {
  readonly keyType: string;
  readonly publicKey: string;
  readonly threshold: number;
  readonly peers: readonly string[];
}

export function runDkg(
  target: Target,
  req: { keyType: string; nonSlashable: boolean; threshold: number },
  timeoutMs: number,
  onProgress: (p: { stage: string; done: number; total: number }) => void,
): Promise<DkgOutcome> {
  return operatorStream(
    target,
    'RunDkg',
    req,
    timeoutMs,
    (p) => onProgress(p as { stage: string; done: number; total: number }),
    (done) => ({
      keyType: done.keyType as string,
      publicKey: `0x${Buffer.from(done.publicKey as Uint8Array).toString('hex')}`,
      threshold: done.threshold as number,
      peers: done.peers as string[],
    }),
  );
}
