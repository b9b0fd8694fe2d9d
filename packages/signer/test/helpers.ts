/**
 * Test support shared by the signer's suites: cosigners reached in process, the coordinator's view
 * of the keys, and the runtime a mesh needs when a test starts one in process.
 */
import type { PublicKeyPackage } from '@triad/frost';
import type { KeyId, TrustedApp } from '@triad/tee';
import { keyOf } from '@triad/testkit';
import { installPromiseWithResolvers, keyName } from '../src/index.js';
import type { CosignerLink } from '../src/index.js';

/**
 * What the peer's bin installs before it starts a mesh (libp2p needs Promise.withResolvers, which
 * Node 20 lacks); a suite that runs libp2p in process calls it before its first node.
 */
export const installMeshRuntime = (): void => installPromiseWithResolvers();

/** A cosigner reached in process (the gRPC link does the same over the network). */
export const link = (peerId: string, ta: TrustedApp): CosignerLink => ({
  peerId,
  commit: (key, count) => ta.commitNonces(key, count),
  cosign: (request, update) => ta.signCosign(request, update),
  vrfCosign: (request, part, update) => ta.vrfCosign(request, part, update),
});

/**
 * The coordinator's view of the keys (`[keyType, package]` pairs, read when asked: a suite's
 * packages come from its beforeAll): each key's package, by its type and public key.
 */
export const publicKeysOf =
  (keys: () => readonly (readonly [string, PublicKeyPackage])[]) =>
  (key: KeyId): PublicKeyPackage | undefined =>
    keys().find(([keyType, pub]) => keyName(keyOf(keyType, pub)) === keyName(key))?.[1];
