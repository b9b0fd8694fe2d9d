#!/usr/bin/env node
/**
 * `npm start` will run a local 3-peer cluster on emulated TEEs (issue 5). Until the signer peer and
 * the emulated TA exist it says what is there and what is not, and exits non-zero so no script
 * mistakes it for a running cluster.
 */
console.log(`Triad local cluster: not available yet.

Built so far:
  @triad/frost   threshold sr25519 (FROST + schnorrkel challenge), DKG, refresh   (npm test, npm run bench)
  optee-ta       the TA's Merlin/STROBE/Keccak in C, tested on x86_64, armhf, arm64

Not built yet: the TA's signing commands and emulated TEE (ta-host), the signer peer daemon,
the client and triadctl. See the issues list for the order of work.`);
process.exit(1);
