/**
 * @triad/client — the validator side of Triad: SignerClient (signer-client.ts), one client for the
 * cluster's peers with failover and hedging (failover.ts), strict reading of their answers
 * (responses.ts) and checked inputs (validate.ts, tls.ts); and the keystore bridge
 * (keystore-bridge.ts, json-rpc.ts; the `triad-keystore-bridge` bin, bridge-config.ts), the
 * Substrate keystore calls as JSON-RPC on localhost for a node built with a custom Keystore.
 */
export { SignerClientError } from './errors.js';
export type { SignerClientErrorCode, UrlFailure } from './errors.js';
export { CHANNEL_OPTIONS, DEFAULT_MAX_HEDGE_MS, MAX_TIMEOUT_MS, SignerClient } from './signer-client.js';
export type { PeerHealth, SignerClientOptions, SignKey, SignRequest } from './signer-client.js';
export { MAX_CORE, vrfMessage } from './vrf-requests.js';
export type { AssignmentVrfFields, BabeVrfFields, VrfRequestKind } from './vrf-requests.js';
export { DEADLINE_GRACE_MS, failover } from './failover.js';
export type { Answered, Attempt, AttemptResult, FailoverPlan } from './failover.js';
export {
  ECDSA_PUBLIC_KEY_BYTES,
  ECDSA_SIGNATURE_BYTES,
  PUBLIC_KEY_BYTES,
  REFUSAL_REASONS,
  SIGNATURE_BYTES,
  VRF_PRE_OUTPUT_BYTES,
  VRF_PROOF_BYTES,
} from './responses.js';
export type {
  PublicKeyInfo,
  RefusalReason,
  RefusalResult,
  SignatureResult,
  SignResult,
  VrfResult,
  VrfSignatureResult,
} from './responses.js';
export type { PemSource, TlsOptions } from './tls.js';
export { KEY_TYPE_PATTERN, MAX_PAYLOAD_BYTES, checkUrl } from './validate.js';
export {
  BRIDGE_ERRORS,
  DEFAULT_BRIDGE_HOST,
  DEFAULT_BRIDGE_PORT,
  DEFAULT_MAX_BATCH,
  DEFAULT_MAX_BODY_BYTES,
  MAX_HAS_KEYS,
  isLoopbackHost,
  keystoreMethods,
  startKeystoreBridge,
} from './keystore-bridge.js';
export type { BridgeSigner, KeystoreBridge, KeystoreBridgeOptions } from './keystore-bridge.js';
export {
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  JsonRpcError,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
  dispatch,
} from './json-rpc.js';
export type { JsonRpcResponse, MethodHandler } from './json-rpc.js';
export {
  BRIDGE_USAGE,
  BridgeUsageError,
  DEFAULT_BRIDGE_TIMEOUT_MS,
  parseBridgeArgs,
  parseListen,
} from './bridge-config.js';
export type { BridgeConfig } from './bridge-config.js';
