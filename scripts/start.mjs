#!/usr/bin/env node
/**
 * `npm start` will run a local 3-peer cluster on emulated TEEs (issue 5). Until the signer peer and
 * the emulated TA exist it says what is there and what is not, and exits non-zero so no script
 * mistakes it for a running cluster.
 */
console.log(`Triad local cluster: not available yet.

Built so far:
  @triad/frost   threshold sr25519 (FROST + schnorrkel challenge), DKG, refresh
  optee-ta       the TA in C (signing, DKG, BABE rules, replicated counter, attestation) and
                 ta-host, its emulated TEE; tested on x86_64, ASan, armhf and arm64
  @triad/tee     the TrustedApp interface: emulated (ta-host) and optee (libteec) backends

Try: npm test, npm run bench.
Not built yet: the signer peer daemon, the client and triadctl (npm start will run them).`);
process.exit(1);
