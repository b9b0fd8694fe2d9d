/**
 * @triad/testkit — what the tests, the fault suite, the benchmark and `npm start` share (private;
 * production code never imports it): clusters of emulated TAs (TaGroup, EmulatedCluster) and of
 * peer processes (LocalCluster) with their one bootstrap, BABE headers built by @polkadot/types,
 * and the chain's verifier.
 */
export { bootstrap, startCluster } from './bootstrap.js';
export type { BootstrapOptions, KeySpec, PublicKeys } from './bootstrap.js';
export * from './chain.js';
export * from './emulated.js';
export { LocalCluster } from './local-cluster.js';
export type { LocalClusterOptions, PeerLink, Reply } from './local-cluster.js';
export { freePort } from './ports.js';
