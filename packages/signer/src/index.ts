/**
 * @triad/signer — the Triad signer peer. So far: its gRPC contracts (proto.ts), the coordinator's
 * signing logic (coordinator.ts), the Cosigner and validator Signer services (cosigner-service.ts,
 * signer-service.ts), mutual attestation (attestation.ts), the DKG ceremony (ceremony.ts) and the
 * audit log (audit-log.ts); rpc.ts holds what the services share.
 */
export { loadServices, protoRoot, PROTO_FILES } from './proto.js';
export type { TriadServices } from './proto.js';
export { Coordinator, FINAL_REFUSALS, QuorumError } from './coordinator.js';
export type {
  CoordinatorEvents,
  CosignerLink,
  RefusalCode,
  SignOutcome,
  SignRequest,
} from './coordinator.js';
export { cosignerHandlers, GrpcCosignerLink } from './cosigner-service.js';
export { signerHandlers } from './signer-service.js';
export type { Identify, SignEvent, SignerServiceOptions } from './signer-service.js';
export { AUDIT_DECISIONS, AUDIT_KINDS, AuditLog, AuditLogError, DEFAULT_RANGE_LIMIT } from './audit-log.js';
export type {
  AuditDecision,
  AuditEntry,
  AuditKind,
  AuditLogErrorCode,
  AuditRead,
  AuditRecord,
  AuditRecordInput,
  RangeOptions,
  SkippedEntry,
} from './audit-log.js';
export {
  attestHandler,
  gate,
  grpcAttestCall,
  NONCE_BYTES,
  PeerAttestor,
  peerCallerOf,
} from './attestation.js';
export type {
  AttestAnswer,
  AttestationRefusal,
  AttestCall,
  CallerOf,
  PeerAttestation,
  PeerStatus,
} from './attestation.js';
export { CeremonyError, ceremonyHandlers, GrpcCeremonyLink, runDkg, runRefresh } from './ceremony.js';
export type {
  CeremonyFailure,
  CeremonyKind,
  CeremonyLink,
  CeremonyProgress,
  CeremonySelf,
  CeremonyStage,
  DkgOptions,
  DkgRound1Args,
  RefreshOptions,
} from './ceremony.js';
export { CULPRIT_METADATA } from './rpc.js';
export { ConfigError, loadConfig, parseConfig } from './config.js';
export type { DeviceKey, PeerConfig, PeerEntry, TeeConfig } from './config.js';
export { SignerPeer, VERSION } from './peer.js';
