#!/usr/bin/env node
/**
 * `npm start` will run a local 3-peer cluster on emulated TEEs (issue 5). Until then it says what is
 * there and what is not, and exits non-zero so no script mistakes it for a running cluster.
 */
console.log(`Triad local cluster: not available yet.

Built so far:
  @triad/frost   threshold sr25519 (FROST + schnorrkel challenge), DKG, refresh
  optee-ta       the TA in C (signing, DKG, BABE rules, replicated counter, attestation) and
                 ta-host, its emulated TEE; tested on x86_64, ASan, armhf and arm64
  @triad/tee     the TrustedApp interface: emulated (ta-host) and optee (libteec) backends
  @triad/signer  the peer (triad-signer --config FILE): validator and peer gRPC over mTLS,
                 attestation, coordinator, DKG ceremony, audit log; tested as a 3-process cluster
  @triad/pki     the cluster's certificates

Try: npm test, npm run bench.
Not built yet: the validator client, triadctl, and this command's local cluster (it will
generate certificates and configs, run the DKG and start three peers on emulated TEEs).`);
process.exit(1);
