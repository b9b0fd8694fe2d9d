/**
 * The TAs alone (`@triad/testkit/emulated`): emulated devices, a TaGroup over any backend and the
 * enrollment data, for the TA-level tests, which start no peer (and so load no signer).
 */
export { EmulatedCluster } from './emulated-cluster.js';
export type { ClusterOptions } from './emulated-cluster.js';
export { deviceKeys, emulatedMeasurement } from './enrollment.js';
export { keyOf, TaGroup } from './ta-group.js';
export type { KeyRef } from './ta-group.js';
