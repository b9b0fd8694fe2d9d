/**
 * Test support: the emulated cluster (src/dev-cluster.ts) and BABE pre-seal headers encoded by
 * @polkadot/types.
 */
import { TypeRegistry } from '@polkadot/types';

export { EmulatedCluster } from '../src/dev-cluster.js';
export type { ClusterOptions } from '../src/dev-cluster.js';

const registry = new TypeRegistry();

export interface HeaderOptions {
  readonly slot: number | bigint;
  readonly parent?: number;
  readonly number?: number;
  readonly variant?: 'Primary' | 'SecondaryPlain' | 'SecondaryVRF';
  readonly extraLogs?: object[];
}

/** A pre-seal BABE header as a validator's node would submit it. */
export function babeHeader(o: HeaderOptions): Uint8Array {
  const variant = o.variant ?? 'SecondaryPlain';
  const value: Record<string, unknown> = { authorityIndex: 3, slotNumber: o.slot };
  if (variant !== 'SecondaryPlain') {
    value.vrfOutput = new Uint8Array(32).fill(7);
    value.vrfProof = new Uint8Array(64).fill(9);
  }
  // Bytes given as hex are taken as the content; a Uint8Array would be read as already length-prefixed.
  const preDigest =
    '0x' + Buffer.from(registry.createType('RawBabePreDigest', { [variant]: value }).toU8a()).toString('hex');
  return registry
    .createType('Header', {
      parentHash: new Uint8Array(32).fill(o.parent ?? 1),
      number: o.number ?? 1000,
      stateRoot: new Uint8Array(32).fill(2),
      extrinsicsRoot: new Uint8Array(32).fill(3),
      digest: { logs: [{ PreRuntime: ['BABE', preDigest] }, ...(o.extraLogs ?? [])] },
    })
    .toU8a();
}
