/** Test support shared by the signer's suites: cosigners reached in process. */
import type { TrustedApp } from '@triad/tee';
import type { CosignerLink } from '../src/index.js';

/** A cosigner reached in process (the gRPC link does the same over the network). */
export const link = (peerId: string, ta: TrustedApp): CosignerLink => ({
  peerId,
  commit: (keyType, count) => ta.commitNonces(keyType, count),
  cosign: (request, update) => ta.signCosign(request, update),
});
