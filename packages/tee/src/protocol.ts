/**
 * The TA's contract, mirrored from optee-ta/ta/include/triad_ta.h (a test reads that header and
 * checks every number here against it).
 */
import { MAX_PAYLOAD_BYTES } from '@triad/proto';

export const TA_UUID = '6d7f09ac-f212-42f6-bbe0-f9ea745f5c37';
export const TA_VERSION = 1;

export const Command = {
  GetInfo: 0,
  CommitNonces: 1,
  SignPrepare: 2,
  DkgRound1: 3,
  DkgRound2: 4,
  DkgRound3: 5,
  ExportPublic: 6,
  SignCosign: 7,
  SignFinish: 8,
  CounterChallenge: 9,
  CounterReport: 10,
  CounterUnlock: 11,
  Attest: 12,
  RefreshRound1: 13,
  RetireKey: 14,
  /** The threshold VRF's round trip (optee-ta/ta/core/vrf_sign.c), beside the signature's. */
  VrfPrepare: 15,
  VrfCosign: 16,
  VrfFinish: 17,
  /**
   * An ecdsa (beef) signature's round trip (optee-ta/ta/core/ecdsa_sign.c), the same three steps:
   * the coordinator's TA prepares (rules, mark, counter), the cosigner's TA answers its weighted
   * share sealed to the coordinator's TA with its ack, and the coordinator's TA combines, checks
   * the key against the group key, signs the prehash and wipes the key.
   */
  EcdsaPrepare: 18,
  EcdsaCosign: 19,
  EcdsaFinish: 20,
} as const;
export type Command = (typeof Command)[keyof typeof Command];

/** TEE_Result values of the TA's own refusals (GP leaves this range to TAs). */
export const TriadResult = {
  MALFORMED: 0x7a1d0001,
  CONFLICT: 0x7a1d0002,
  REGRESSION: 0x7a1d0003,
  POLICY: 0x7a1d0004,
  LOCKED: 0x7a1d0005,
  ROLLED_BACK: 0x7a1d0006,
  NONCE_UNKNOWN: 0x7a1d0007,
  NO_KEY: 0x7a1d0008,
  BAD_STATE: 0x7a1d000a,
  STORAGE: 0x7a1d000c,
  PEER_AUTH: 0x7a1d000d,
  /** Every key slot is taken (active and retired keys count): no further DKG. */
  KEYS_FULL: 0x7a1d000e,
} as const;
/**
 * TRIAD_ERR_DKG_BLAME(id): 0x7a1d0100 | id. Also VRF_FINISH's answer when the cosigner's VRF share
 * fails its check: `id` is the cosigner to blame.
 */
export const DKG_BLAME_BASE = 0x7a1d0100;

export const Tag = {
  SigningCommitment: 0x01,
  SigningSet: 0x02,
  SignatureShare: 0x03,
  DkgRound1Package: 0x04,
  SecretSharePackage: 0x05,
  RefreshRound1Package: 0x06,
  PublicKeyPackage: 0x07,
  Info: 0x20,
  CommitNoncesRequest: 0x21,
  CommitmentBatch: 0x22,
  SignRequest: 0x23,
  DkgStart: 0x24,
  DkgRound1Bundle: 0x25,
  DkgRound2Bundle: 0x26,
  CounterUpdates: 0x28,
  CosignRequest: 0x29,
  CosignResult: 0x2a,
  FinishRequest: 0x2b,
  CounterChallenge: 0x2c,
  CounterReport: 0x2d,
  UnlockRequest: 0x2e,
  UnlockResult: 0x2f,
  AttestRequest: 0x30,
  Evidence: 0x31,
  RefreshStart: 0x32,
  /** SIGN_FINISH's answer: the coordinator's signature share, then the group commitment R. */
  FinishResult: 0x33,
  /** A key's name: key_type[4] group_pk[32] (EXPORT_PUBLIC, RETIRE_KEY). */
  KeyId: 0x34,
  VrfRequest: 0x35,
  VrfPrepared: 0x36,
  VrfCosignRequest: 0x37,
  VrfCosignResult: 0x38,
  VrfFinishRequest: 0x39,
  VrfResult: 0x3a,
  /** ECDSA_COSIGN's answer: the WeightedShare, then the counter ack. */
  EcdsaCosignResult: 0x3b,
  /** ECDSA_FINISH's input: len:u32 SIGN_REQUEST, the ack, the WeightedShare as received. */
  EcdsaFinishRequest: 0x3c,
  /** ECDSA_FINISH's answer: r(32) || s(32) || recovery id. */
  EcdsaSignature: 0x3d,
  /** A cosigner's weighted share sealed to the coordinator's TA: from:u16 nonce[12] box[48]. */
  EcdsaWeightedShare: 0x3e,
} as const;

/** GET_INFO's lock state: a TA of a cluster starts locked until its peers vouch for its counter. */
export const LockState = { Unlocked: 0, Locked: 1, RolledBack: 2 } as const;
export type LockState = (typeof LockState)[keyof typeof LockState];

/** Sizes of the TA-to-TA counter messages (optee-ta/ta/core/counter_msg.h). */
export const COUNTER_UPDATE_BYTES = 76;
export const COUNTER_ACK_BYTES = 84;
export const COUNTER_REPORT_BYTES = 76;

export const Kind = {
  BabeSeal: 1,
  Raw: 2,
  OwnershipProof: 3,
  BabeVrf: 4,
  BabeVrfPreOutput: 5,
  AssignmentVrf: 6,
  GrandpaVote: 7,
  ParaStatement: 8,
  /** A BEEFY commitment (SCALE Commitment): beef keys only, signed as keccak-256 of the bytes. */
  BeefyCommitment: 9,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export const KEY_FLAG_NON_SLASHABLE = 0x01;
/** GET_INFO only: the key is ed25519 (FROST(Ed25519)); without it sr25519. */
export const INFO_FLAG_ED25519 = 0x80;

/** GET_INFO's key status: a retired key keeps its slot, type and public key, not its share. */
export const KeyStatus = { Active: 0, Retired: 1 } as const;

export const Limits = {
  MAX_PARTICIPANTS: 8,
  MAX_KEYS: 64,
  NONCE_POOL_SIZE: 256,
  MAX_COMMIT_BATCH: 32,
  MAX_PAYLOAD: MAX_PAYLOAD_BYTES, // the Sign API's limit too: one number, in @triad/proto
  MAX_CONTEXT: 64,
  MAX_PENDING: 16,
  /** Every answer of the TA fits in this many bytes (triad_ta.c asks for it up front). */
  MAX_OUTPUT: 4096,
} as const;

export const MAX_OUTPUT = Limits.MAX_OUTPUT;

/** GP TEE_Result codes the host meets besides the TA's own. */
export const TeeResult = {
  SUCCESS: 0x00000000,
  ERROR_GENERIC: 0xffff0000,
  ERROR_BAD_PARAMETERS: 0xffff0006,
  ERROR_NOT_SUPPORTED: 0xffff000a,
  ERROR_SHORT_BUFFER: 0xffff0010,
  ERROR_COMMUNICATION: 0xffff000e,
  ERROR_TARGET_DEAD: 0xffff3024,
} as const;

/** GP TEE_PARAM_TYPE_* values used on the wire to ta-host / libteec. */
export const ParamType = { NONE: 0, MEMREF_INPUT: 5, MEMREF_OUTPUT: 6 } as const;
