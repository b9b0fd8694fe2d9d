/**
 * Test support shared by the signer's suites: BABE headers, cosigners reached in process, and the
 * runtime a mesh needs when a test starts one in process.
 */
import { TypeRegistry } from '@polkadot/types';
import type { TrustedApp } from '@triad/tee';
import { installPromiseWithResolvers } from '../src/index.js';
import type { CosignerLink } from '../src/index.js';

/**
 * What the peer's bin installs before it starts a mesh (libp2p needs Promise.withResolvers, which
 * Node 20 lacks); a suite that runs libp2p in process calls it before its first node.
 */
export const installMeshRuntime = (): void => installPromiseWithResolvers();

const registry = new TypeRegistry();

/** A pre-seal BABE header (SecondaryPlain) for `slot`, encoded by @polkadot/types; `fork` makes a conflicting one. */
export function header(slot: number, fork = 0): Uint8Array {
  const pre = registry.createType('RawBabePreDigest', {
    SecondaryPlain: { authorityIndex: 1, slotNumber: slot },
  });
  return registry
    .createType('Header', {
      parentHash: new Uint8Array(32).fill(1 + fork),
      number: 100 + slot,
      stateRoot: new Uint8Array(32).fill(2),
      extrinsicsRoot: new Uint8Array(32).fill(3),
      digest: { logs: [{ PreRuntime: ['BABE', '0x' + Buffer.from(pre.toU8a()).toString('hex')] }] },
    })
    .toU8a();
}

/** A cosigner reached in process (the gRPC link does the same over the network). */
export const link = (peerId: string, ta: TrustedApp): CosignerLink => ({
  peerId,
  commit: (keyType, count) => ta.commitNonces(keyType, count),
  cosign: (request, update) => ta.signCosign(request, update),
});
