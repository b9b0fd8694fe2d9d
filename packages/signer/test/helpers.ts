/**
 * Test support shared by the signer's suites: cosigners reached in process, and the runtime a
 * mesh needs when a test starts one in process.
 */
import type { TrustedApp } from '@triad/tee';
import { installPromiseWithResolvers } from '../src/index.js';
import type { CosignerLink } from '../src/index.js';

/**
 * What the peer's bin installs before it starts a mesh (libp2p needs Promise.withResolvers, which
 * Node 20 lacks); a suite that runs libp2p in process calls it before its first node.
 */
export const installMeshRuntime = (): void => installPromiseWithResolvers();

/** A cosigner reached in process (the gRPC link does the same over the network). */
export const link = (peerId: string, ta: TrustedApp): CosignerLink => ({
  peerId,
  commit: (keyType, count) => ta.commitNonces(keyType, count),
  cosign: (request, update) => ta.signCosign(request, update),
});
