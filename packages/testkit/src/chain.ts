/**
 * The chain's side alone (`@triad/testkit/chain`): the headers, votes, statements and commitments a
 * node submits and the verifier that judges what comes back, for unit tests that start no cluster
 * (and so load no signer).
 */
export { babeHeader } from './babe-header.js';
export type { BabeHeaderOptions } from './babe-header.js';
export { grandpaVotePayload } from './grandpa-vote.js';
export type { GrandpaVoteOptions, GrandpaVoteStage } from './grandpa-vote.js';
export {
  approvalPayload,
  backingPayload,
  bitfieldPayload,
  disputePayload,
  pvfPrecheckPayload,
} from './para-statement.js';
export type { SigningContextOptions } from './para-statement.js';
export { beefyCommitmentPayload } from './beefy-commitment.js';
export type { BeefyCommitmentOptions } from './beefy-commitment.js';
export {
  chainAccepts,
  chainAcceptsEd25519,
  chainAcceptsSeal,
  chainVerifierReady,
  sealedHash,
} from './chain-verifier.js';
export type { ChainKey } from './chain-verifier.js';
