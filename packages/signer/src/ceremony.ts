/**
 * The DKG and the share refresh across the cluster (DESIGN.md section 3), led by one peer.
 *
 * The leader runs each round on every participant's TA (its own directly, the others' through the
 * `Cosigner` RPCs DkgRound1/RefreshRound1, DkgRound2, DkgRound3) and relays between rounds exactly
 * what `TaGroup.dkg` relays in process: every round-one package to every other participant, every
 * sealed share to its receiver. It learns only public data: round-one packages are public, shares
 * are sealed TA to TA and pass through opaque, and what comes back is the public key package.
 *
 * The TAs enforce the protocol (proofs of knowledge, the echoed transcript, Feldman checks). The
 * leader checks only what it needs to relay (each answer is from whom it should be and covers whom
 * it should) and that everyone ended with the same key, so a failure can name its stage and peer.
 * A failed ceremony is simply abandoned: a TA wipes its unfinished session when a round fails and
 * when the next ceremony starts (optee-ta/ta/core/dkg.c), so a retry starts again from round one.
 */
import { status } from '@grpc/grpc-js';
import type { ChannelCredentials, Client, ServiceError, UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  decodeDkgRound1Package,
  decodePublicKeyPackage,
  decodeRefreshRound1Package,
  encodeDkgRound1Package,
  encodePublicKeyPackage,
  encodeRefreshRound1Package,
} from '@triad/frost';
import type { DkgRound1Package, PublicKeyPackage, RefreshRound1Package } from '@triad/frost';
import { loadServices } from '@triad/proto';
import { Limits, TaError, TriadResult } from '@triad/tee';
import type { DkgParticipant, DkgStart, SealedShare, TaErrorCode, TrustedApp } from '@triad/tee';
import { bytes, CULPRIT_METADATA, flag, invalid, keyType, list, record, uint, unary } from './rpc.js';

export type CeremonyKind = 'dkg' | 'refresh';
export type CeremonyStage = 'round1' | 'round2' | 'round3';

/** `done` of `total` participants have finished `stage`; each stage starts with `done: 0`. */
export interface CeremonyProgress {
  readonly stage: CeremonyStage;
  readonly done: number;
  readonly total: number;
}

/** One participant's failure in a stage. */
export interface CeremonyFailure {
  readonly peerId: string;
  readonly participant: number;
  /** Usually a TaError: the TA's refusal, TRANSPORT, or PROTOCOL (an answer the leader rejected). */
  readonly error: Error;
}

/**
 * A ceremony that did not produce a key. Names the stage ('setup': the leader refused to start),
 * the first failing participant (in identifier order), its TaError code and, for DKG_BLAME, the
 * participant its TA blames. `failures` has every participant that failed the stage: with a
 * blame, the honest TAs all name the same culprit.
 */
export class CeremonyError extends Error {
  readonly peerId: string | undefined;
  readonly participant: number | undefined;
  readonly code: TaErrorCode | undefined;
  readonly culprit: number | undefined;

  constructor(
    readonly ceremony: CeremonyKind,
    readonly stage: CeremonyStage | 'setup',
    readonly failures: readonly CeremonyFailure[],
    reason?: string,
  ) {
    const first = failures[0];
    const others = failures.slice(1).map((f) => f.peerId);
    super(
      `${ceremony} ${stage} failed` +
        (first ? ` at peer ${first.peerId} (participant ${first.participant}): ${first.error.message}` : '') +
        (reason ? `: ${reason}` : '') +
        (others.length ? ` (also failed at ${others.join(', ')})` : ''),
    );
    this.name = 'CeremonyError';
    this.peerId = first?.peerId;
    this.participant = first?.participant;
    this.code = first?.error instanceof TaError ? first.error.code : undefined;
    this.culprit = first?.error instanceof TaError ? first.error.culprit : undefined;
  }
}

/** Round one of a DKG as the leader asks for it; each peer adds its own participant id. */
export type DkgRound1Args = Omit<DkgStart, 'ownId'>;

/**
 * One participant of a ceremony as the leader drives it: the ceremony half of `TrustedApp`,
 * whatever carries it (gRPC to a peer, or the leader's own TA).
 */
export interface CeremonyLink {
  /** For messages: who failed. */
  readonly peerId: string;
  /** The participant identifier of the peer's TA (fixed by the cluster's configuration). */
  readonly participantId: number;
  dkgRound1(args: DkgRound1Args): Promise<DkgRound1Package>;
  refreshRound1(keyType: string, context: Uint8Array): Promise<RefreshRound1Package>;
  dkgRound2(others: readonly DkgRound1Package[]): Promise<SealedShare[]>;
  refreshRound2(others: readonly RefreshRound1Package[]): Promise<SealedShare[]>;
  /** The shares dealt to this participant in; its new public key package out (DKG and refresh). */
  dkgRound3(received: readonly SealedShare[]): Promise<PublicKeyPackage>;
}

/** The leader: its participant id and its own TA. */
export interface CeremonySelf {
  readonly id: number;
  readonly ta: TrustedApp;
  /** For messages; 'self' when absent. */
  readonly peerId?: string;
}

interface CeremonyCommon {
  readonly self: CeremonySelf;
  /** Every other participant. */
  readonly peers: readonly CeremonyLink[];
  readonly keyType: string;
  /** The ceremony's session id (1..64 bytes), fresh for each ceremony: every proof is bound to it. */
  readonly context: Uint8Array;
  readonly onProgress?: (progress: CeremonyProgress) => void;
}

export interface DkgOptions extends CeremonyCommon {
  /** Every participant (the leader included) with its TA's identity key, as attestation showed it. */
  readonly participants: readonly DkgParticipant[];
  readonly threshold: number;
  readonly nonSlashable?: boolean;
}

export type RefreshOptions = CeremonyCommon;

/** A new key `keyType` at every participant; the public key package they all returned. */
export async function runDkg(o: DkgOptions): Promise<PublicKeyPackage> {
  const { parts, own } = participantsOf('dkg', o.self, o.peers);
  const ids = parts.map((p) => p.participantId);
  const listed = o.participants.map((p) => p.id);
  if (!sameIds(listed, ids)) {
    throw new CeremonyError('dkg', 'setup', [], `participants must be exactly ${ids.join(', ')}`);
  }
  if (!Number.isInteger(o.threshold) || o.threshold < 2 || o.threshold > parts.length) {
    throw new CeremonyError('dkg', 'setup', [], `threshold must be 2..${parts.length}`);
  }
  const args: DkgRound1Args = {
    keyType: o.keyType,
    nonSlashable: o.nonSlashable ?? false,
    threshold: o.threshold,
    participants: o.participants,
    context: o.context,
  };
  const round1 = await stage('dkg', 'round1', parts, o.onProgress, async (p) =>
    fromSender(p, await p.dkgRound1(args)),
  );
  return relay('dkg', parts, own, round1, o.onProgress, (p, others) => p.dkgRound2(others));
}

/**
 * New shares of the existing key `keyType` at every participant, same group key (the recovery path
 * after a board is replaced); the public key package they all returned.
 */
export async function runRefresh(o: RefreshOptions): Promise<PublicKeyPackage> {
  const { parts, own } = participantsOf('refresh', o.self, o.peers);
  let before: PublicKeyPackage;
  try {
    before = await o.self.ta.exportPublic(o.keyType);
  } catch (e) {
    throw new CeremonyError('refresh', 'setup', [failure(own, e)]);
  }
  // The TAs refresh among the key's own participants: the leader must have reached all of them.
  const holders = [...before.verifyingShares.keys()];
  const ids = parts.map((p) => p.participantId);
  if (!sameIds(holders, ids)) {
    throw new CeremonyError(
      'refresh',
      'setup',
      [],
      `the ${o.keyType} key's participants are ${holders.join(', ')}`,
    );
  }
  const round1 = await stage('refresh', 'round1', parts, o.onProgress, async (p) =>
    fromSender(p, await p.refreshRound1(o.keyType, o.context)),
  );
  const after = await relay('refresh', parts, own, round1, o.onProgress, (p, others) =>
    p.refreshRound2(others),
  );
  // The TAs only accept zero-constant polynomials; checked again because the key must not move.
  if (!after.groupPublicKey.equals(before.groupPublicKey)) {
    throw new CeremonyError('refresh', 'round3', [
      failure(own, new TaError('PROTOCOL', 'the group public key changed')),
    ]);
  }
  return after;
}

/**
 * Rounds two and three, the same for a DKG and a refresh once round one is in; the leader's own
 * TA's public key package, once every other participant's is the same.
 */
async function relay<P extends { readonly identifier: number }>(
  ceremony: CeremonyKind,
  parts: readonly CeremonyLink[],
  own: CeremonyLink,
  round1: readonly P[],
  onProgress: CeremonyCommon['onProgress'],
  round2: (p: CeremonyLink, others: P[]) => Promise<SealedShare[]>,
): Promise<PublicKeyPackage> {
  const dealt = await stage(ceremony, 'round2', parts, onProgress, async (p) => {
    const shares = await round2(
      p,
      round1.filter((q) => q.identifier !== p.participantId),
    );
    // One share from p to each other participant, or the relaying below would drop or misroute one.
    const others = parts.filter((q) => q !== p).map((q) => q.participantId);
    const receivers = shares.map((s) => s.receiver);
    if (shares.some((s) => s.sender !== p.participantId) || !sameIds(receivers, others)) {
      throw new TaError('PROTOCOL', `round two must deal one share to each of ${others.join(', ')}`);
    }
    return shares;
  });
  const sealed = dealt.flat();
  const packages = await stage(ceremony, 'round3', parts, onProgress, (p) =>
    p.dkgRound3(sealed.filter((s) => s.receiver === p.participantId)),
  );
  // Every TA derived its package from the same relayed data: any difference is a broken TA or peer.
  const ours = packages[parts.indexOf(own)]!;
  const reference = Buffer.from(encodePublicKeyPackage(ours));
  const differ = parts.flatMap((p, i) =>
    reference.equals(encodePublicKeyPackage(packages[i]!))
      ? []
      : [failure(p, new TaError('PROTOCOL', "its public key package differs from the leader's"))],
  );
  if (differ.length)
    throw new CeremonyError(ceremony, 'round3', differ, 'the TAs disagree: do not use this key');
  return ours;
}

/** Runs one stage at every participant at once; the results in participant order, or every failure. */
async function stage<T>(
  ceremony: CeremonyKind,
  name: CeremonyStage,
  parts: readonly CeremonyLink[],
  onProgress: CeremonyCommon['onProgress'],
  run: (p: CeremonyLink) => Promise<T>,
): Promise<T[]> {
  let done = 0;
  onProgress?.({ stage: name, done, total: parts.length });
  // allSettled, not all: no call is left running behind the error, and every failure is reported.
  const settled = await Promise.allSettled(
    parts.map(async (p) => {
      const result = await run(p);
      onProgress?.({ stage: name, done: ++done, total: parts.length });
      return result;
    }),
  );
  const failures = parts.flatMap((p, i) => {
    const s = settled[i]!;
    return s.status === 'rejected' ? [failure(p, s.reason)] : [];
  });
  if (failures.length) throw new CeremonyError(ceremony, name, failures);
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** The leader's own TA and its peers, in identifier order; refuses a cluster that cannot be one. */
function participantsOf(
  ceremony: CeremonyKind,
  self: CeremonySelf,
  peers: readonly CeremonyLink[],
): { parts: CeremonyLink[]; own: CeremonyLink } {
  const { ta, id } = self;
  const own: CeremonyLink = {
    peerId: self.peerId ?? 'self',
    participantId: id,
    dkgRound1: (args) => ta.dkgRound1({ ...args, ownId: id }),
    refreshRound1: (keyType, context) => ta.refreshRound1(keyType, context),
    dkgRound2: (others) => ta.dkgRound2(others),
    refreshRound2: (others) => ta.refreshRound2(others),
    dkgRound3: (received) => ta.dkgRound3(received),
  };
  const parts = [own, ...peers].sort((a, b) => a.participantId - b.participantId);
  const ids = parts.map((p) => p.participantId);
  if (
    peers.length === 0 ||
    ids.some((i, k) => !Number.isInteger(i) || i < 1 || i > 0xffff || ids[k - 1] === i)
  ) {
    throw new CeremonyError(
      ceremony,
      'setup',
      [],
      `participant ids must be distinct, 1..65535: ${ids.join(', ')}`,
    );
  }
  return { parts, own };
}

/** A round-one package must come from the participant that was asked: it is relayed by its id. */
function fromSender<P extends { readonly identifier: number }>(p: CeremonyLink, pkg: P): P {
  if (pkg.identifier !== p.participantId) {
    throw new TaError(
      'PROTOCOL',
      `round-one package of participant ${pkg.identifier}, expected ${p.participantId}`,
    );
  }
  return pkg;
}

const sameIds = (a: readonly number[], b: readonly number[]): boolean => {
  const [x, y] = [[...a].sort((i, j) => i - j), [...b].sort((i, j) => i - j)];
  return x.length === y.length && x.every((v, k) => v === y[k]);
};

const failure = (p: CeremonyLink, e: unknown): CeremonyFailure => ({
  peerId: p.peerId,
  participant: p.participantId,
  error: e instanceof Error ? e : new Error(String(e)),
});

// --- the client: a peer's ceremony RPCs --------------------------------------------------------

/** The TaError codes a peer's FAILED_PRECONDITION can carry (TRANSPORT/PROTOCOL are UNAVAILABLE). */
const REFUSAL_CODES = new Set<string>([...Object.keys(TriadResult), 'DKG_BLAME', 'TEE']);

type CeremonyMethod = 'DkgRound1' | 'RefreshRound1' | 'DkgRound2' | 'DkgRound3';
type UnaryMethod = (
  req: unknown,
  opts: { deadline: Date },
  cb: (e: ServiceError | null, res: Record<string, unknown>) => void,
) => void;

/** The leader's link to another peer's ceremony RPCs. */
export class GrpcCeremonyLink implements CeremonyLink {
  private readonly client: Client & Record<CeremonyMethod, UnaryMethod>;

  constructor(
    readonly peerId: string,
    readonly participantId: number,
    address: string,
    credentials: ChannelCredentials,
    /** Per call. A round is a few scalar multiplications in the TA; this bounds a stuck peer. */
    private readonly timeoutMs = 10_000,
    options: Record<string, string | number> = {},
  ) {
    const { Cosigner } = loadServices();
    this.client = new Cosigner(address, credentials, options) as unknown as typeof this.client;
  }

  async dkgRound1(a: DkgRound1Args): Promise<DkgRound1Package> {
    const res = await this.call('DkgRound1', {
      keyType: a.keyType,
      nonSlashable: a.nonSlashable,
      threshold: a.threshold,
      participants: a.participants.map((p) => ({ id: p.id, identityPublicKey: p.identityPublicKey })),
      context: a.context,
    });
    return this.decode('DkgRound1', () => decodeDkgRound1Package(res.package as Uint8Array));
  }

  async refreshRound1(keyType: string, context: Uint8Array): Promise<RefreshRound1Package> {
    const res = await this.call('RefreshRound1', { keyType, context });
    return this.decode('RefreshRound1', () => decodeRefreshRound1Package(res.package as Uint8Array));
  }

  dkgRound2(others: readonly DkgRound1Package[]): Promise<SealedShare[]> {
    return this.round2(others.map(encodeDkgRound1Package), false);
  }

  refreshRound2(others: readonly RefreshRound1Package[]): Promise<SealedShare[]> {
    return this.round2(others.map(encodeRefreshRound1Package), true);
  }

  async dkgRound3(received: readonly SealedShare[]): Promise<PublicKeyPackage> {
    const shares = received.map((s) => ({ sender: s.sender, receiver: s.receiver, box: s.box }));
    const res = await this.call('DkgRound3', { shares });
    return this.decode('DkgRound3', () => decodePublicKeyPackage(res.publicKeyPackage as Uint8Array));
  }

  /**
   * Resolves once the channel to the peer is connected, else TRANSPORT after `timeoutMs`: a leader
   * checks its peers with it before a ceremony (a call fails at once while the channel is down).
   */
  ready(timeoutMs = this.timeoutMs): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.waitForReady(new Date(Date.now() + timeoutMs), (e) =>
        e ? reject(new TaError('TRANSPORT', `peer ${this.peerId}: ${e.message}`)) : resolve(),
      ),
    );
  }

  close(): void {
    this.client.close();
  }

  private async round2(packages: Uint8Array[], refresh: boolean): Promise<SealedShare[]> {
    const res = await this.call('DkgRound2', { packages, refresh });
    return this.decode('DkgRound2', () => sealedShares(res, 'shares'));
  }

  private call(method: CeremonyMethod, req: unknown): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) =>
      this.client[method](req, { deadline: new Date(Date.now() + this.timeoutMs) }, (e, res) =>
        e ? reject(remoteError(e, `peer ${this.peerId} ${method}`)) : resolve(res),
      ),
    );
  }

  /** An answer that does not parse is the peer breaking the contract. */
  private decode<T>(method: CeremonyMethod, parse: () => T): T {
    try {
      return parse();
    } catch (e) {
      throw new TaError('PROTOCOL', `peer ${this.peerId} ${method}: ${e instanceof Error ? e.message : e}`);
    }
  }
}

/**
 * A peer's error as the TaError its TA (or the network) gave: a FAILED_PRECONDITION "CODE: ..." is
 * the peer TA's refusal with that code; INVALID_ARGUMENT is our request being malformed; anything
 * else means the peer could not take part (TRANSPORT).
 */
function remoteError(e: ServiceError, where: string): TaError {
  const refusal = /^([A-Z_]+): ([\s\S]*)$/.exec(e.details ?? '');
  if (e.code === status.FAILED_PRECONDITION && refusal && REFUSAL_CODES.has(refusal[1]!)) {
    const culprit = Number(e.metadata?.get(CULPRIT_METADATA)[0]);
    return new TaError(refusal[1] as TaErrorCode, `${where}: ${refusal[2]}`, {
      culprit: Number.isInteger(culprit) && culprit > 0 ? culprit : undefined,
    });
  }
  if (e.code === status.INVALID_ARGUMENT) return new TaError('MALFORMED', `${where}: ${e.details}`);
  return new TaError('TRANSPORT', `${where}: ${e.details || e.message}`);
}

// --- the server: this peer's ceremony RPCs -----------------------------------------------------

/**
 * The handlers of `Cosigner` that serve the ceremonies: DkgRound1, RefreshRound1, DkgRound2,
 * DkgRound3, over this peer's TA, whose participant id is `ownId` (from the cluster configuration:
 * a TA has none before its first DKG). TA refusals are FAILED_PRECONDITION "CODE: ..." (with the
 * culprit of a DKG_BLAME in `CULPRIT_METADATA`), malformed fields INVALID_ARGUMENT, a TA that cannot
 * be reached UNAVAILABLE.
 */
export function ceremonyHandlers(ta: TrustedApp, ownId: number): UntypedServiceImplementation {
  return {
    DkgRound1: unary(async (req) => {
      const kt = keyType(req);
      const participants = list(req, 'participants', 2, Limits.MAX_PARTICIPANTS).map((v, i) => {
        const p = record(v, `participants[${i}]`);
        return {
          id: uint(p, 'id', 1, 0xffff, `participants[${i}].id`),
          identityPublicKey: bytes(p, 'identityPublicKey', 32, 32, `participants[${i}].identityPublicKey`),
        };
      });
      const ids = new Set(participants.map((p) => p.id));
      if (ids.size !== participants.length) invalid('participants: duplicate id');
      if (!ids.has(ownId)) invalid(`participants: this peer (participant ${ownId}) is not among them`);
      const pkg = await ta.dkgRound1({
        keyType: kt,
        nonSlashable: flag(req, 'nonSlashable'),
        ownId,
        threshold: uint(req, 'threshold', 2, participants.length),
        participants,
        context: bytes(req, 'context', 1, Limits.MAX_CONTEXT),
      });
      return { package: Buffer.from(encodeDkgRound1Package(pkg)) };
    }),
    RefreshRound1: unary(async (req) => {
      const pkg = await ta.refreshRound1(keyType(req), bytes(req, 'context', 1, Limits.MAX_CONTEXT));
      return { package: Buffer.from(encodeRefreshRound1Package(pkg)) };
    }),
    DkgRound2: unary(async (req) => {
      const refresh = flag(req, 'refresh');
      const packages = list(req, 'packages', 1, Limits.MAX_PARTICIPANTS - 1);
      // Decoded here so that garbage is the caller's INVALID_ARGUMENT; the TA checks the rest.
      const decode = <T>(parse: (b: Uint8Array) => T): T[] =>
        packages.map((b, i) => {
          try {
            if (!(b instanceof Uint8Array)) throw new Error('expected bytes');
            return parse(b);
          } catch (e) {
            return invalid(`packages[${i}]: ${e instanceof Error ? e.message : e}`);
          }
        });
      const shares = refresh
        ? await ta.refreshRound2(decode(decodeRefreshRound1Package))
        : await ta.dkgRound2(decode(decodeDkgRound1Package));
      return { shares: shares.map((s) => ({ ...s, box: Buffer.from(s.box) })) };
    }),
    DkgRound3: unary(async (req) => {
      const pub = await ta.dkgRound3(sealedShares(req, 'shares'));
      return { publicKeyPackage: Buffer.from(encodePublicKeyPackage(pub)) };
    }),
  };
}

/** Repeated SealedShare (a DkgRound3 request, or a DkgRound2 answer on the client side). */
function sealedShares(req: Record<string, unknown>, field: string): SealedShare[] {
  return list(req, field, 1, Limits.MAX_PARTICIPANTS - 1).map((v, i) => {
    const s = record(v, `${field}[${i}]`);
    return {
      sender: uint(s, 'sender', 1, 0xffff, `${field}[${i}].sender`),
      receiver: uint(s, 'receiver', 1, 0xffff, `${field}[${i}].receiver`),
      box: new Uint8Array(bytes(s, 'box', 1, 1024, `${field}[${i}].box`)),
    };
  });
}
