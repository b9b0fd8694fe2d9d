/**
 * @triad/signer — the Triad signer peer (peer.ts wires it, bin/triad-signer.ts runs it):
 * - its gRPC contracts are `@triad/proto`'s; the peer's own limits (limits.ts);
 * - signing: the coordinator (coordinator.ts, commitment-pool.ts), which cosigner to ask first
 *   (cosigner-ranking.ts), a Sign's outcome as answer, metrics and audit record (sign-outcome.ts);
 * - the services: validator Signer (signer-service.ts), Operator (operator-service.ts), peer
 *   Cosigner (cosigner-service.ts, ceremony-handlers.ts, Attest in attestation.ts); rpc.ts holds
 *   what they share;
 * - the other peers: one channel each (peer-client.ts) carrying attestation (attestation.ts),
 *   cosigning (cosigner-link.ts), unlocking (unlock.ts) and ceremony rounds (ceremony-link.ts);
 * - ceremonies: what one is (ceremony.ts), the leader's relay (ceremony-relay.ts), who may start or
 *   join (ceremony-admission.ts), the leader (ceremony-leader.ts);
 * - what a peer says of itself (peer-status.ts), the libp2p mesh (mesh.ts, with promise-polyfill.ts for its runtime), the audit log
 *   (audit-log.ts), metrics (metrics.ts), logs (log.ts), configuration (config.ts).
 */
export {
  Coordinator,
  FINAL_REFUSALS,
  IDEMPOTENCY_KEEP,
  MAX_IN_FLIGHT,
  QuorumError,
  signedMessage,
} from './coordinator.js';
export type {
  CoordinatorEvents,
  CoordinatorOptions,
  CosignerLink,
  EcdsaSignRequest,
  RefusalCode,
  SignOutcome,
  SignRequest,
} from './coordinator.js';
export { ecdsaPrehash, ecdsaRecoversTo, ecdsaRecoversToWasm } from './ecdsa-check.js';
export { COMMITMENT_BATCH, CommitmentPool } from './commitment-pool.js';
export type { FetchCommitments } from './commitment-pool.js';
export { KeyRing, keyName } from './key-ring.js';
export type { HeldKey, KeyChoice } from './key-ring.js';
export { cosignerHandlers } from './cosigner-service.js';
export { GrpcCosignerLink } from './cosigner-link.js';
export { isUsableCosigner, rankCosigners } from './cosigner-ranking.js';
export type { CosignerHealth } from './cosigner-ranking.js';
export { PeerClient } from './peer-client.js';
export { selfGossip, statusResponse } from './peer-status.js';
export type { PeerStatusInput } from './peer-status.js';
export type { CosignerMethod, PeerClientOptions } from './peer-client.js';
export { grpcCounterReport, TaUnlocker } from './unlock.js';
export type { CounterReportCall, UnlockPeer } from './unlock.js';
export { PeerLimits } from './limits.js';
export { installPromiseWithResolvers } from './promise-polyfill.js';
export { signerHandlers } from './signer-service.js';
export type { Identify, SignerServiceOptions } from './signer-service.js';
export { auditRecordOf, decisionOf, failureStatus, signResponse, SignRecorder } from './sign-outcome.js';
export type { SignEvent } from './sign-outcome.js';
export { AUDIT_DECISIONS, AUDIT_KINDS, AuditLog, AuditLogError, DEFAULT_RANGE_LIMIT } from './audit-log.js';
export { isLabel, KeyLabels, LABEL_PATTERN } from './key-labels.js';
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
export { CeremonyError } from './ceremony.js';
export { ceremonyHandlers } from './ceremony-handlers.js';
export { GrpcCeremonyLink } from './ceremony-link.js';
export { runDkg, runRefresh } from './ceremony-relay.js';
export { admitDkg, admitJoin, admitPeers, admitRefresh, LeaderError } from './ceremony-admission.js';
export type { LeaderPeer, LeaderRefusal } from './ceremony-admission.js';
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
export { CeremonyLeader } from './ceremony-leader.js';
export type { CeremonyLeaderOptions, DkgRequest } from './ceremony-leader.js';
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
export { SignerPeer, VERSION } from './peer.js';
