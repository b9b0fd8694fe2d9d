/**
 * The messages of proto/triad/v1 as proto-loader delivers them with the options of
 * `loadServices()`: field names in camelCase, every scalar present (defaults: true), bytes as
 * Buffers, 64-bit integers as decimal strings, enums by name, a submessage that is not set as
 * null, and a oneof as its members plus a field naming the member that is set. What arrives from
 * the other side is still unchecked (a peer may run another version): read it with the field
 * readers (fields.ts) before trusting a type here. When sending, fields may be left out (they go
 * as their defaults): `Partial<...>`.
 */

// signer.proto: the validator API

export type GetPublicKeysRequest = Record<string, never>;

export interface PublicKey {
  keyType: string;
  publicKey: Buffer;
  nonSlashable: boolean;
  scheme: string;
  status: string;
  created: string;
  /** The operator's name for the key; empty when none. */
  label: string;
}

export interface GetPublicKeysResponse {
  keys: PublicKey[];
}

export interface BabeSeal {
  header: Buffer;
}

export interface Raw {
  payload: Buffer;
}

export interface BabeVrf {
  slot: string;
  epoch: string;
  randomness: Buffer;
}

export interface AssignmentVrf {
  story: Buffer;
  assignment?: 'moduloCompact' | 'delayCore';
  moduloCompact?: { cores: number[] };
  delayCore?: number;
}

export interface GrandpaVote {
  payload: Buffer;
}

export interface ParaStatement {
  payload: Buffer;
}

export interface BeefyCommitment {
  payload: Buffer;
}

/** The request kinds of a Sign, by their oneof member names. */
export type SignKind =
  | 'babeSeal'
  | 'raw'
  | 'babeVrf'
  | 'grandpaVote'
  | 'babeVrfPreOutput'
  | 'assignmentVrf'
  | 'paraStatement'
  | 'beefyCommitment';

export interface SignRequest {
  keyType: string;
  kind?: SignKind;
  babeSeal?: BabeSeal;
  raw?: Raw;
  babeVrf?: BabeVrf;
  grandpaVote?: GrandpaVote;
  babeVrfPreOutput?: BabeVrf;
  assignmentVrf?: AssignmentVrf;
  paraStatement?: ParaStatement;
  beefyCommitment?: BeefyCommitment;
  requestId: string;
  /**
   * The key among the active ones of keyType (32 bytes; 33 for an ecdsa key); empty: the one
   * active key of the type.
   */
  publicKey?: Buffer;
}

export interface Signature {
  signature: Buffer;
  publicKey: Buffer;
  coordinator: string;
  cosigner: string;
  /** VRF kinds: the 32-byte pre-output, and the 64-byte proof (empty for the pre-output alone). */
  preOutput: Buffer;
  proof: Buffer;
}

export type RefusalReasonName =
  'REFUSAL_REASON_UNSPECIFIED' | 'CONFLICT' | 'REGRESSION' | 'MALFORMED' | 'POLICY' | 'NO_KEY';

export interface Refusal {
  reason: RefusalReasonName;
  message: string;
  slot: string;
}

export interface SignResponse {
  result?: 'signature' | 'refusal';
  signature?: Signature;
  refusal?: Refusal;
}

export type HealthRequest = Record<string, never>;

export interface HealthResponse {
  canSign: boolean;
  peerId: string;
  attestedPeers: string[];
  version: string;
}

// status.proto: a peer's report, served to the operator and to the other peers

export type StatusRequest = Record<string, never>;

export interface KeyStatus {
  keyType: string;
  publicKey: Buffer;
  nonSlashable: boolean;
  /** Set only for key types with a slot rule (proto3 optional). */
  lastSlot?: string;
}

export interface TaStatus {
  reachable: boolean;
  lockState: string;
  counter: string;
  participantId: number;
  identityPublicKey: Buffer;
  measurement: string;
  keys: KeyStatus[];
}

export interface PeerLink {
  peerId: string;
  attestation: string;
  refusal: string;
  refusalMessage: string;
  connected: boolean;
  roundTripMs: number;
  canSign: boolean;
  lockState: string;
  counter: string;
}

export interface StatusResponse {
  peerId: string;
  version: string;
  ta: TaStatus | null;
  peers: PeerLink[];
  canSign: boolean;
  threshold: number;
}

// operator.proto: the operator's ceremonies

export interface RunDkgRequest {
  keyType: string;
  nonSlashable: boolean;
  threshold: number;
  /** The operator's name for the new key; empty or absent: none. */
  label?: string;
}

export interface RefreshSharesRequest {
  keyType: string;
  /** 32 bytes; empty or absent: the only active key of the type. */
  publicKey?: Uint8Array;
}

export interface CeremonyProgress {
  stage: string;
  done: number;
  total: number;
}

export interface CeremonyDone {
  keyType: string;
  publicKey: Buffer;
  threshold: number;
  peers: string[];
}

export interface CeremonyEvent {
  event?: 'progress' | 'done';
  progress?: CeremonyProgress;
  done?: CeremonyDone;
}

// cosigner.proto: peer to peer

export interface AttestRequest {
  nonce: Buffer;
  caller: string;
}

export interface AttestResponse {
  peerId: string;
  evidence: Buffer;
  taInfo: Buffer;
}

export interface CommitRequest {
  keyType: string;
  count: number;
  publicKey: Buffer;
}

export interface CommitResponse {
  commitments: Buffer[];
}

export interface CosignRequest {
  request: Buffer;
  counterUpdate: Buffer;
  requestId: string;
}

export interface Cosigned {
  share: Buffer;
  counterAck: Buffer;
}

export interface CosignRefusal {
  code: string;
  message: string;
}

export interface CosignResponse {
  result?: 'cosigned' | 'refusal';
  cosigned?: Cosigned;
  refusal?: CosignRefusal;
}

export interface EcdsaCosignRequest {
  request: Buffer;
  counterUpdate: Buffer;
  requestId: string;
}

export interface EcdsaCosigned {
  weightedShare: Buffer;
  counterAck: Buffer;
}

export interface EcdsaCosignResponse {
  result?: 'cosigned' | 'refusal';
  cosigned?: EcdsaCosigned;
  refusal?: CosignRefusal;
}

export interface CounterReportRequest {
  challenge: Buffer;
}

export interface CounterReportResponse {
  report: Buffer;
}

export interface DkgParticipant {
  id: number;
  identityPublicKey: Buffer;
}

export interface DkgRound1Request {
  keyType: string;
  nonSlashable: boolean;
  threshold: number;
  participants: DkgParticipant[];
  context: Buffer;
}

export interface DkgRound1Response {
  package: Buffer;
}

export interface RefreshRound1Request {
  keyType: string;
  context: Buffer;
  publicKey: Buffer;
}

export interface RefreshRound1Response {
  package: Buffer;
}

export interface DkgRound2Request {
  packages: Buffer[];
  refresh: boolean;
}

export interface SealedShare {
  sender: number;
  receiver: number;
  box: Buffer;
}

export interface DkgRound2Response {
  shares: SealedShare[];
}

export interface DkgRound3Request {
  shares: SealedShare[];
}

export interface DkgRound3Response {
  publicKeyPackage: Buffer;
}
