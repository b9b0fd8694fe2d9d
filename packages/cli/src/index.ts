/** @triad/cli — `triadctl` (bin/triadctl.ts) and the pieces it is made of, for tools and tests. */
export { clusterStatus, formatStatus, statusJson } from './commands/status.js';
export type { ClusterStatus, PeerReport } from './commands/status.js';
export { formatKeys, listKeys, sign } from './commands/keys.js';
export type { KeyRow, SignOutput } from './commands/keys.js';
export { runDkg, runRefresh } from './commands/dkg.js';
export type { DkgOutcome } from './commands/dkg.js';
export { enroll, makeCerts, meshKey } from './commands/certs.js';
export type { Enrollment } from './commands/certs.js';
export { resolveTarget } from './target.js';
export type { Target, TargetFlags } from './target.js';
export { table } from './table.js';
export { EXIT, USAGE, UsageError } from './usage.js';
