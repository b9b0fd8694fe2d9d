/**
 * Real OP-TEE (`@triad/testkit/optee`): Triad TAs in QEMU guests running Debian's OP-TEE
 * (optee-ta/qemu), for `npm run test:optee`.
 */
export { OpteeCluster } from './optee-cluster.js';
export { OpteeGuest, opteeQemuDir } from './optee-guest.js';
