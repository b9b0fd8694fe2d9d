/**
 * @triad/tee — the Triad TA behind one `TrustedApp` interface. Backends: `emulated` (ta-host over a
 * unix socket; dev, tests, CI) and `optee` (libteec on the boards).
 */
export { TaError, errorForResult } from './errors.js';
export type { TaErrorCode } from './errors.js';
export * from './protocol.js';
export type {
  DkgParticipant,
  DkgStart,
  Evidence,
  FinishResult,
  KeyId,
  KeyStatusName,
  KeyType,
  RequestKind,
  SealedShare,
  SignPartialRequest,
  TaInfo,
  TaKeyInfo,
  UnlockResult,
} from './messages.js';
export { decodeEvidence, decodeInfo, encodeKeyId, encodeKeyType, encodeSignRequest } from './messages.js';
export type {
  VrfCosigned,
  VrfKind,
  VrfPreOutputRequest,
  VrfPrepared,
  VrfProofRequest,
  VrfRequest,
  VrfResult,
} from './vrf-messages.js';
export {
  decodeVrfCosignResult,
  decodeVrfPrepared,
  decodeVrfResult,
  encodeVrfCosignRequest,
  encodeVrfFinishRequest,
  encodeVrfRequest,
  vrfRequestHasProof,
} from './vrf-messages.js';
export { AttestationError, deviceIdOf, rsaPublicKey, verifyEvidence } from './attestation.js';
export type { AttestationFailure, EnrolledDevice } from './attestation.js';
export type { EcdsaCosigned, EcdsaRequestKind, EcdsaSignRequest } from './ecdsa-messages.js';
export {
  decodeEcdsaCosigned,
  decodeEcdsaCosignResult,
  decodeEcdsaSignature,
  ECDSA_SIGNATURE_BYTES,
  encodeEcdsaFinishRequest,
  encodeEcdsaSignRequest,
  WEIGHTED_SHARE_BYTES,
} from './ecdsa-messages.js';
export { TaClient } from './trusted-app.js';
export { signingSuiteOfKeyType, suiteOfKeyType } from './key-suite.js';
export type { PreparedSignature, TeeTransport, TrustedApp } from './trusted-app.js';
export { TaHostConnection, TaHostProcess, defaultTaHostBinary, openEmulatedTa } from './emulated.js';
export type { TaHostAddress, TaHostOptions } from './emulated.js';
export { OpteeTransport, TeecOrigin, defaultTeecAddon, loadTeecAddon, openOpteeTa } from './optee.js';
export type { OpteeOptions, TeecAddon, TeecHandle } from './optee.js';
