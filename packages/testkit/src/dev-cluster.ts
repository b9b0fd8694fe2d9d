/**
 * What `npm start` (scripts/start.mjs) loads: a LocalCluster and its bootstrap, without the
 * test-only helpers (headers, the chain verifier). Production bins never load the testkit.
 */
export { bootstrap } from './bootstrap.js';
export type { BootstrapOptions, KeySpec, PublicKeys } from './bootstrap.js';
export { LocalCluster } from './local-cluster.js';
