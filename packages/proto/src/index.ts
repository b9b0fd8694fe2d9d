/**
 * @triad/proto — Triad's gRPC contracts as code, for every package that speaks them (the client,
 * the CLI, the peer): loading proto/triad/v1 (services.ts), the message sizes both ends agree on
 * (limits.ts), the key-type rule (key-type.ts) and each type's scheme (key-scheme.ts), GRANDPA's
 * vote payload (grandpa-vote.ts), the para key's statements (para-statement.ts), BEEFY's commitments
 * (beefy-commitment.ts), strict field readers (fields.ts), the messages'
 * TypeScript shapes (messages.ts) and the TLS name a peer is checked against (tls.ts). A leaf:
 * it depends on grpc-js and proto-loader only, so a validator's process loads nothing else.
 */
export { loadServices, protoRoot, PROTO_FILES } from './services.js';
export type { TriadServices } from './services.js';
export { MAX_FIELD_BYTES, MAX_MESSAGE_BYTES, MAX_PAYLOAD_BYTES } from './limits.js';
export { isKeyType, KEY_TYPE_PATTERN } from './key-type.js';
export { publicKeyLength, publicKeyLengthOfType, schemeOfKeyType } from './key-scheme.js';
export type { KeyScheme } from './key-scheme.js';
export { decodeGrandpaVote, encodeGrandpaVote, GRANDPA_STAGES, GRANDPA_VOTE_BYTES } from './grandpa-vote.js';
export type { GrandpaStage, GrandpaVote as GrandpaVoteFields } from './grandpa-vote.js';
export {
  candidatesOf,
  decodeParaStatement,
  MAX_APPROVAL_CANDIDATES,
  MAX_BITFIELD_BITS,
  PARA_CONTEXT_BYTES,
  sideOf,
} from './para-statement.js';
export type { ParaSide, ParaStatement } from './para-statement.js';
export {
  BEEFY_MAX_COMMITMENT_BYTES,
  BEEFY_MAX_ENTRIES,
  BEEFY_MAX_VALUE_BYTES,
  BEEFY_MMR_ROOT_ID,
  BeefyCommitmentError,
  decodeBeefyCommitment,
  mmrRootOf,
} from './beefy-commitment.js';
export type { BeefyCommitment, BeefyPayloadEntry } from './beefy-commitment.js';
export { fieldReaders, isMessage } from './fields.js';
export type { Fail, FieldReaders, Fields } from './fields.js';
export { defaultServerName, LOOPBACK_SERVER_NAME, targetHost, tlsChannelOptions } from './tls.js';
export type * from './messages.js';
