/**
 * @triad/signer — the Triad signer peer (peer.ts, bin/triad-signer.ts): its gRPC contracts
 * (proto.ts), the coordinator's signing logic (coordinator.ts, commitment-pool.ts), the Cosigner,
 * validator Signer and Operator services (cosigner-service.ts, signer-service.ts,
 * operator-service.ts), mutual attestation (attestation.ts), the DKG ceremony and its leader
 * (ceremony.ts, ceremony-leader.ts), the libp2p mesh (mesh.ts), the audit log (audit-log.ts),
 * metrics (metrics.ts) and logs (log.ts); rpc.ts holds what the services share.
 */
export { loadServices, protoRoot, PROTO_FILES } from './proto.js';
export type { TriadServices } from './proto.js';
export { Coordinator, FINAL_REFUSALS, IDEMPOTENCY_KEEP, MAX_IN_FLIGHT, QuorumError } from './coordinator.js';
export type {
  CoordinatorEvents,
  CoordinatorOptions,
  CosignerLink,
  RefusalCode,
  SignOutcome,
  SignRequest,
} from './coordinator.js';
export { COMMITMENT_BATCH, CommitmentPool } from './commitment-pool.js';
export type { FetchCommitments } from './commitment-pool.js';
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
export { CeremonyLeader, LeaderError } from './ceremony-leader.js';
export type { CeremonyLeaderOptions, DkgRequest, LeaderPeer, LeaderRefusal } from './ceremony-leader.js';
export { operatorHandlers } from './operator-service.js';
export type { OperatorServiceOptions } from './operator-service.js';
export { decodeGossip, encodeGossip, Mesh, MESH_TOPIC, meshPeerId } from './mesh.js';
export type { MeshOptions, MeshPeerEntry, MeshPeerView, PeerGossip } from './mesh.js';
export { PeerMetrics } from './metrics.js';
export type { MetricsSource } from './metrics.js';
export { createLogger } from './log.js';
export { CULPRIT_METADATA } from './rpc.js';
export { ConfigError, loadConfig, parseConfig } from './config.js';
export type { DeviceKey, MeshEntry, PeerConfig, PeerEntry, TeeConfig } from './config.js';
export { MAX_MESSAGE_BYTES, SignerPeer, VERSION } from './peer.js';
