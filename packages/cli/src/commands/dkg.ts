/**
 * `triadctl dkg`: asks the first URL's peer to lead a DKG (Operator.RunDkg) and shows its progress
 * as the rounds complete; the outcome is the cluster's new public key.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { operatorClient } from '../operator.js';
import type { Target } from '../target.js';

export interface DkgOutcome {
  readonly keyType: string;
  readonly publicKey: string;
  readonly threshold: number;
  readonly peers: readonly string[];
}

export async function runDkg(
  target: Target,
  req: { keyType: string; nonSlashable: boolean; threshold: number },
  timeoutMs: number,
  onProgress: (p: { stage: string; done: number; total: number }) => void,
): Promise<DkgOutcome> {
  const client = operatorClient<{
    RunDkg: (r: unknown, o: { deadline: Date }) => NodeJS.EventEmitter;
    close(): void;
  }>(target.urls[0]!, target);
  try {
    return await new Promise<DkgOutcome>((resolve, reject) => {
      let outcome: DkgOutcome | undefined;
      const stream = client.RunDkg(req, { deadline: new Date(Date.now() + timeoutMs) });
      stream.on(
        'data',
        (e: {
          progress?: { stage: string; done: number; total: number };
          done?: Record<string, unknown>;
        }) => {
          if (e.progress) onProgress(e.progress);
          if (e.done)
            outcome = {
              keyType: e.done.keyType as string,
              publicKey: `0x${Buffer.from(e.done.publicKey as Uint8Array).toString('hex')}`,
              threshold: e.done.threshold as number,
              peers: e.done.peers as string[],
            };
        },
      );
      stream.on('error', (e: ServiceError) => reject(new Error(e.details || e.message)));
      stream.on('end', () =>
        outcome ? resolve(outcome) : reject(new Error('the peer ended without a key')),
      );
    });
  } finally {
    client.close();
  }
}
