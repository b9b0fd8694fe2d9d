/**
 * Encodings of the TA's requests and answers (layouts atop optee-ta/ta/core/sign.c, unlock.c, keys.c and dkg.c).
 * Signing commitments, shares, round-one packages and public key packages are @triad/frost's own
 * encodings, so what the TA emits goes straight into the coordinator's FROST code.
 */
import {
  ByteReader,
  ByteWriter,
  decodeDkgRound1Package,
  decodePublicKeyPackage,
  decodeRefreshRound1Package,
  decodeSignatureShare,
  encodeSigningSet,
  FrostError,
} from '@triad/frost';
import type {
  Ciphersuite,
  DkgRound1Package,
  PublicKeyPackage,
  RefreshRound1Package,
  SignatureShare,
  SigningCommitment,
} from '@triad/frost';
import { isKeyType, publicKeyLength, publicKeyLengthOfType, schemeOfKeyType } from '@triad/proto';
import type { KeyScheme } from '@triad/proto';
import { TaError } from './errors.js';
import {
  COUNTER_ACK_BYTES,
  COUNTER_REPORT_BYTES,
  COUNTER_UPDATE_BYTES,
  INFO_FLAG_ED25519,
  KEY_FLAG_NON_SLASHABLE,
  KeyStatus,
  Kind,
  Limits,
  Tag,
} from './protocol.js';
import type { LockState } from './protocol.js';

/** A session key type: four ASCII characters, e.g. "babe", "audi". */
export type KeyType = string;

/**
 * A key's name: its type and its group public key (32 bytes; 33, SEC1 compressed, for an ecdsa
 * type: publicKeyLengthOfType); a TA may hold several of a type.
 */
export interface KeyId {
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
}

export type KeyStatusName = 'active' | 'retired';

export interface TaKeyInfo {
  readonly keyType: KeyType;
  readonly nonSlashable: boolean;
  /** The scheme the TA made the key with (ed25519: a flag bit in GET_INFO; ecdsa: its type). */
  readonly scheme: KeyScheme;
  /** A retired key is a tombstone: its share is wiped, it answers NO_KEY. */
  readonly status: KeyStatusName;
  /** The TA's counter when the key was made (0 for a key made before sealed format 3). */
  readonly created: bigint;
  readonly ownId: number;
  readonly threshold: number;
  readonly participants: number;
  readonly groupPublicKey: Uint8Array;
  /** The highest slot this TA has signed for the key, if any. */
  readonly highWaterMark: bigint | undefined;
}

export interface TaInfo {
  readonly version: number;
  readonly identityPublicKey: Uint8Array;
  /** The TA's replicated counter (DESIGN.md section 7). */
  readonly counter: bigint;
  readonly lockState: LockState;
  /** This TA's participant identifier; 0 before its first DKG. */
  readonly ownId: number;
  readonly keys: TaKeyInfo[];
}

export interface DkgParticipant {
  readonly id: number;
  /** The participant TA's identity key (from its attested info). */
  readonly identityPublicKey: Uint8Array;
}

export interface DkgStart {
  readonly keyType: KeyType;
  readonly nonSlashable: boolean;
  readonly ownId: number;
  readonly threshold: number;
  /** Every participant, ourselves included. */
  readonly participants: readonly DkgParticipant[];
  /** The ceremony's session id: binds every proof to this ceremony. */
  readonly context: Uint8Array;
}

/** A round-two share, encrypted TA to TA: the host relays it and cannot read it. */
export interface SealedShare {
  readonly sender: number;
  readonly receiver: number;
  readonly box: Uint8Array;
}

export type RequestKind =
  'babe-seal' | 'raw' | 'ownership-proof' | 'grandpa-vote' | 'para-statement' | 'beefy-commitment';

export interface SignPartialRequest {
  readonly kind: RequestKind;
  readonly key: KeyId;
  /**
   * babe-seal: the SCALE pre-seal header; grandpa-vote: the 53-byte localized payload;
   * para-statement: the statement's bytes as the node signs them; raw: the bytes to sign.
   */
  readonly payload: Uint8Array;
  /** Exactly `threshold` commitments, in identifier order, one of them this TA's. */
  readonly signingSet: readonly SigningCommitment[];
}

const ascii = new TextEncoder();

export function encodeKeyType(keyType: KeyType): Uint8Array {
  const b = ascii.encode(keyType);
  if (b.length !== 4 || !isKeyType(keyType)) {
    throw new TaError(
      'MALFORMED',
      `key type must be four lowercase ASCII letters or digits, got "${keyType}"`,
    );
  }
  return b;
}

const decodeKeyType = (b: Uint8Array): KeyType => String.fromCharCode(...b);

/** key_type[4] group_pk[32, or 33 for an ecdsa type]: how every command names a key. */
export function encodeKeyId(key: KeyId): Uint8Array {
  const type = encodeKeyType(key.keyType);
  const length = publicKeyLengthOfType(key.keyType);
  if (key.publicKey.length !== length)
    throw new TaError(
      'MALFORMED',
      `a ${key.keyType} key's public key is ${length} bytes, got ${key.publicKey.length}`,
    );
  return new ByteWriter().raw(type).raw(key.publicKey).bytes();
}

/**
 * A key's scheme as GET_INFO tells it: ed25519 by its flag, ecdsa by its type (the TA makes every
 * key of an ecdsa type with that scheme and sets no flag for it: GET_INFO's flags byte has no room
 * for a scheme), sr25519 otherwise.
 */
const schemeOfInfo = (keyType: KeyType, flags: number): KeyScheme =>
  (flags & INFO_FLAG_ED25519) !== 0 ? 'ed25519' : schemeOfKeyType(keyType) === 'ecdsa' ? 'ecdsa' : 'sr25519';

/** Parses the TA's answer; a parse failure is a PROTOCOL error (the TA broke its contract). */
export function parseAnswer<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof FrostError) throw new TaError('PROTOCOL', `${what}: ${e.message}`);
    throw e;
  }
}

export function decodeInfo(bytes: Uint8Array): TaInfo {
  return parseAnswer('info', () => {
    const r = new ByteReader(bytes, 'info');
    r.tag(Tag.Info);
    const version = r.u16();
    const identityPublicKey = r.take(32).slice();
    const counter = r.u64();
    const lockState = r.u8() as LockState;
    const ownId = r.u16();
    const count = r.u8();
    const keys = Array.from({ length: count }, () => {
      const keyType = decodeKeyType(r.take(4));
      const flags = r.u8();
      const scheme = schemeOfInfo(keyType, flags);
      const status = r.u8();
      const ownId = r.u16();
      const threshold = r.u16();
      const participants = r.u16();
      // the key's point size, which its scheme tells (33 bytes for ecdsa)
      const groupPublicKey = r.take(publicKeyLength(scheme)).slice();
      const created = r.u64();
      if (status !== KeyStatus.Active && status !== KeyStatus.Retired)
        throw new TaError('PROTOCOL', `info: key status ${status} unknown`);
      const hwmSet = r.u8() === 1;
      const slot = r.u64();
      return {
        keyType,
        nonSlashable: (flags & KEY_FLAG_NON_SLASHABLE) !== 0,
        scheme,
        status: status === KeyStatus.Active ? ('active' as const) : ('retired' as const),
        created,
        ownId,
        threshold,
        participants,
        groupPublicKey,
        highWaterMark: hwmSet ? slot : undefined,
      };
    });
    r.end();
    return { version, identityPublicKey, counter, lockState, ownId, keys };
  });
}

export function encodeCommitNonces(key: KeyId, count: number): Uint8Array {
  if (!Number.isInteger(count) || count < 1 || count > Limits.MAX_COMMIT_BATCH) {
    throw new TaError('MALFORMED', `commit batch must be 1..${Limits.MAX_COMMIT_BATCH}, got ${count}`);
  }
  return new ByteWriter().u8(Tag.CommitNoncesRequest).raw(encodeKeyId(key)).u8(count).bytes();
}

/** Commitments for a key of `suite`'s group (suiteOfKeyType). */
export function decodeCommitmentBatch(bytes: Uint8Array, suite: Ciphersuite): SigningCommitment[] {
  return parseAnswer('commitment batch', () => {
    const r = new ByteReader(bytes, 'commitment batch', suite.group);
    r.tag(Tag.CommitmentBatch);
    const n = r.u16();
    const out = Array.from({ length: n }, () => ({
      identifier: r.identifier(),
      hiding: r.point(),
      binding: r.point(),
    }));
    r.end();
    return out;
  });
}

/** The TA's number of each signature kind (TRIAD_KIND_*). */
export const kindNumber: Record<RequestKind, number> = {
  'babe-seal': Kind.BabeSeal,
  raw: Kind.Raw,
  'ownership-proof': Kind.OwnershipProof,
  'grandpa-vote': Kind.GrandpaVote,
  'para-statement': Kind.ParaStatement,
  'beefy-commitment': Kind.BeefyCommitment,
};

export function encodeSignRequest(req: SignPartialRequest): Uint8Array {
  if (req.payload.length > Limits.MAX_PAYLOAD)
    throw new TaError('MALFORMED', 'payload larger than the TA accepts');
  return new ByteWriter()
    .u8(Tag.SignRequest)
    .u8(kindNumber[req.kind])
    .raw(encodeKeyId(req.key))
    .u32(req.payload.length)
    .raw(req.payload)
    .raw(encodeSigningSet(req.signingSet))
    .bytes();
}

export function encodeDkgStart(s: DkgStart): Uint8Array {
  if (s.context.length < 1 || s.context.length > Limits.MAX_CONTEXT) {
    throw new TaError('MALFORMED', `DKG context must be 1..${Limits.MAX_CONTEXT} bytes`);
  }
  const sorted = [...s.participants].sort((a, b) => a.id - b.id);
  const w = new ByteWriter()
    .u8(Tag.DkgStart)
    .raw(encodeKeyType(s.keyType))
    .u8(s.nonSlashable ? KEY_FLAG_NON_SLASHABLE : 0)
    .u16(s.ownId)
    .u16(s.threshold)
    .u16(sorted.length)
    .u16(s.context.length)
    .raw(s.context);
  for (const p of sorted) w.u16(p.id).raw(p.identityPublicKey);
  return w.bytes();
}

export const decodeRound1Package = (bytes: Uint8Array, suite: Ciphersuite): DkgRound1Package =>
  parseAnswer('dkg round-1 package', () => decodeDkgRound1Package(bytes, suite));

export function encodeRound1Bundle(packages: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter().u8(Tag.DkgRound1Bundle).u16(packages.length);
  for (const p of packages) w.u32(p.length).raw(p);
  return w.bytes();
}

export function encodeRound2Bundle(shares: readonly SealedShare[]): Uint8Array {
  const w = new ByteWriter().u8(Tag.DkgRound2Bundle).u16(shares.length);
  for (const s of shares) w.u16(s.sender).u16(s.receiver).u32(s.box.length).raw(s.box);
  return w.bytes();
}

export function decodeRound2Bundle(bytes: Uint8Array): SealedShare[] {
  return parseAnswer('dkg round-2 bundle', () => {
    const r = new ByteReader(bytes, 'dkg round-2 bundle');
    r.tag(Tag.DkgRound2Bundle);
    const n = r.u16();
    const out = Array.from({ length: n }, () => {
      const sender = r.identifier();
      const receiver = r.identifier();
      return { sender, receiver, box: r.take(r.u32()).slice() };
    });
    r.end();
    return out;
  });
}

export const decodePublicPackage = (bytes: Uint8Array, suite: Ciphersuite): PublicKeyPackage =>
  parseAnswer('public key package', () => decodePublicKeyPackage(bytes, suite));

export function encodeKeyIdRequest(key: KeyId): Uint8Array {
  return new ByteWriter().u8(Tag.KeyId).raw(encodeKeyId(key)).bytes();
}

/*
 * The signing round trip with the replicated counter. The coordinator encodes the request once;
 * the same bytes go to the cosigner (the counter messages are bound to their digest). Counter
 * messages are opaque to the host: it relays them, it cannot forge them.
 */

export function decodeCounterUpdates(bytes: Uint8Array): Uint8Array[] {
  return parseAnswer('counter updates', () => {
    const r = new ByteReader(bytes, 'counter updates');
    r.tag(Tag.CounterUpdates);
    const n = r.u8();
    const out = Array.from({ length: n }, () => r.take(COUNTER_UPDATE_BYTES).slice());
    r.end();
    return out;
  });
}

const wrapRequest = (tag: number, request: Uint8Array, message: Uint8Array): Uint8Array =>
  new ByteWriter().u8(tag).u32(request.length).raw(request).raw(message).bytes();

export const encodeCosignRequest = (request: Uint8Array, update: Uint8Array): Uint8Array =>
  wrapRequest(Tag.CosignRequest, request, update);

export const encodeFinishRequest = (request: Uint8Array, ack: Uint8Array): Uint8Array =>
  wrapRequest(Tag.FinishRequest, request, ack);

/**
 * SIGN_FINISH's answer: the coordinator TA's own share and the group commitment R it derived and
 * signed for (public: the first half of the final signature).
 */
export interface FinishResult {
  readonly share: SignatureShare;
  /**
   * R as the TA encoded it (32 bytes, compressed ristretto255), not decoded here: decoding costs
   * what this answer saves. `R || (z_own + z_cosigner)` with schnorrkel's marker is the signature;
   * a final verification catches an R that is not the one the shares were made for.
   */
  readonly groupCommitment: Uint8Array;
}

export function decodeFinishResult(bytes: Uint8Array): FinishResult {
  return parseAnswer('finish result', () => {
    const r = new ByteReader(bytes, 'finish result');
    r.tag(Tag.FinishResult);
    const share = decodeSignatureShare(r.take(35).slice());
    const groupCommitment = r.take(32).slice();
    r.end();
    return { share, groupCommitment };
  });
}

export function decodeCosignResult(bytes: Uint8Array): { share: SignatureShare; ack: Uint8Array } {
  return parseAnswer('cosign result', () => {
    const r = new ByteReader(bytes, 'cosign result');
    r.tag(Tag.CosignResult);
    const share = decodeSignatureShare(r.take(35).slice());
    const ack = r.take(COUNTER_ACK_BYTES).slice();
    r.end();
    return { share, ack };
  });
}

export function decodeChallenge(bytes: Uint8Array): { from: number; challenge: Uint8Array } {
  return parseAnswer('counter challenge', () => {
    const r = new ByteReader(bytes, 'counter challenge');
    r.tag(Tag.CounterChallenge);
    const from = r.identifier();
    r.take(32);
    r.end();
    return { from, challenge: bytes.slice() };
  });
}

export function decodeReport(bytes: Uint8Array): Uint8Array {
  return parseAnswer('counter report', () => {
    const r = new ByteReader(bytes, 'counter report');
    r.tag(Tag.CounterReport);
    const report = r.take(COUNTER_REPORT_BYTES).slice();
    r.end();
    return report;
  });
}

export function encodeUnlockRequest(reports: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter().u8(Tag.UnlockRequest).u8(reports.length);
  for (const report of reports) w.raw(report);
  return w.bytes();
}

export interface UnlockResult {
  readonly lockState: LockState;
  readonly counter: bigint;
  readonly highestReported: bigint;
}

export function decodeUnlockResult(bytes: Uint8Array): UnlockResult {
  return parseAnswer('unlock result', () => {
    const r = new ByteReader(bytes, 'unlock result');
    r.tag(Tag.UnlockResult);
    const out = { lockState: r.u8() as LockState, counter: r.u64(), highestReported: r.u64() };
    r.end();
    return out;
  });
}

/** What a TA says about itself, signed by its device's attestation key (optee-ta/ta/attest.c). */
export interface Evidence {
  readonly version: number;
  readonly identityPublicKey: Uint8Array;
  readonly nonce: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly measurement: Uint8Array;
  /** The device key as the TA reads it (for enrollment; verify with the enrolled key). */
  readonly deviceKey: { readonly e: Uint8Array; readonly n: Uint8Array };
  readonly signature: Uint8Array;
  /** The evidence exactly as the TA returned it. */
  readonly bytes: Uint8Array;
}

export function encodeAttestRequest(nonce: Uint8Array): Uint8Array {
  if (nonce.length !== 32) throw new TaError('MALFORMED', 'attestation nonce must be 32 bytes');
  return new ByteWriter().u8(Tag.AttestRequest).raw(nonce).bytes();
}

export function decodeEvidence(bytes: Uint8Array): Evidence {
  return parseAnswer('evidence', () => {
    const r = new ByteReader(bytes, 'evidence');
    r.tag(Tag.Evidence);
    const version = r.u16();
    const identityPublicKey = r.take(32).slice();
    const nonce = r.take(32).slice();
    const deviceId = r.take(32).slice();
    const measurement = r.take(32).slice();
    const e = r.take(r.u16()).slice();
    const n = r.take(r.u16()).slice();
    const signature = r.take(r.u16()).slice();
    r.end();
    return {
      version,
      identityPublicKey,
      nonce,
      deviceId,
      measurement,
      deviceKey: { e, n },
      signature,
      bytes: bytes.slice(),
    };
  });
}

/** Share refresh, round one: the key and the session id (context) of this refresh. */
export function encodeRefreshStart(key: KeyId, context: Uint8Array): Uint8Array {
  if (context.length < 1 || context.length > Limits.MAX_CONTEXT) {
    throw new TaError('MALFORMED', `refresh context must be 1..${Limits.MAX_CONTEXT} bytes`);
  }
  return new ByteWriter().u8(Tag.RefreshStart).raw(encodeKeyId(key)).u16(context.length).raw(context).bytes();
}

export const decodeRefreshPackage = (bytes: Uint8Array, suite: Ciphersuite): RefreshRound1Package =>
  parseAnswer('refresh round-1 package', () => decodeRefreshRound1Package(bytes, suite));
