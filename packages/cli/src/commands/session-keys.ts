/**
 * `triadctl rotate-keys` and `triadctl retire-key`: a validator's session key lifecycle, led by the
 * first URL's peer (Operator.RotateKeys, Operator.RetireKey).
 */
import { decodeAddress } from '@polkadot/util-crypto';
import { operatorClient, operatorStream } from '../operator.js';
import type { Target } from '../target.js';
import { UsageError } from '../usage.js';

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

/** The stash account the proof binds the keys to: SS58 (any network) or 0x and 32 bytes of hex. */
export function parseOwner(value: string | undefined): Uint8Array {
  if (!value) throw new UsageError('--owner: the stash account (SS58 or 0x + 32 bytes of hex)');
  if (/^0x[0-9a-fA-F]*$/.test(value)) {
    if (value.length !== 66) throw new UsageError('--owner: 0x and exactly 32 bytes of hex');
    return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
  }
  try {
    const id = decodeAddress(value);
    if (id.length !== 32) throw new Error('not a 32-byte account');
    return id;
  } catch (e) {
    throw new UsageError(`--owner: not an SS58 account id (${(e as Error).message})`);
  }
}

export interface Rotation {
  /** `SessionKeys` for `session.setKeys`: the new public keys in the chain's order. */
  readonly keys: string;
  /** The ownership proof: each key's signature of b"POP_" ++ owner, in the same order. */
  readonly proof: string;
  readonly set: readonly { keyType: string; publicKey: string }[];
  /** Session key types this rotation did not make (not asked for, or not holdable). */
  readonly missing: readonly string[];
}

export function rotateKeys(
  target: Target,
  req: { owner: Uint8Array; keyTypes: readonly string[]; label?: string },
  timeoutMs: number,
  onProgress: (p: { keyType: string; stage: string; done: number; total: number }) => void,
): Promise<Rotation> {
  return operatorStream(
    target,
    'RotateKeys',
    req,
    timeoutMs,
    (p) => onProgress(p as { keyType: string; stage: string; done: number; total: number }),
    (done) => ({
      keys: hex(done.keys as Uint8Array),
      proof: hex(done.proof as Uint8Array),
      set: (done.set as { keyType: string; publicKey: Uint8Array }[]).map((k) => ({
        keyType: k.keyType,
        publicKey: hex(k.publicKey),
      })),
      missing: done.missing as string[],
    }),
  );
}

export const formatRotation = (r: Rotation): string =>
  [
    `keys: ${r.keys}`,
    `proof: ${r.proof}`,
    ...r.set.map((k) => `  ${k.keyType}  ${k.publicKey}`),
    ...(r.missing.length
      ? [`missing: ${r.missing.join(', ')} (not made by this rotation: keys and proof lack them)`]
      : []),
  ].join('\n');

export async function retireKey(
  target: Target,
  key: { keyType: string; publicKey: Uint8Array },
  timeoutMs: number,
): Promise<{ peers: string[] }> {
  const client = operatorClient<{
    RetireKey: (
      r: unknown,
      o: { deadline: Date },
      cb: (e: { details?: string; message: string } | null, r: { peers: string[] }) => void,
    ) => void;
    close(): void;
  }>(target.urls[0]!, target);
  try {
    return await new Promise((resolve, reject) =>
      client.RetireKey(key, { deadline: new Date(Date.now() + timeoutMs) }, (e, r) =>
        e ? reject(new Error(e.details || e.message)) : resolve({ peers: r.peers }),
      ),
    );
  } finally {
    client.close();
  }
}
