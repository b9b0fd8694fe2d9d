/**
 * The leader's link to another peer's ceremony RPCs (DkgRound1/RefreshRound1, DkgRound2,
 * DkgRound3 of `Cosigner`) over that peer's `PeerClient`: a `CeremonyLink` whose failures are
 * the TaErrors the peer's TA (or the network) gave.
 */
import { status } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import {
  decodeDkgRound1Package,
  decodePublicKeyPackage,
  decodeRefreshRound1Package,
  encodeDkgRound1Package,
  encodeRefreshRound1Package,
  schnorrkel,
} from '@triad/frost';
import type { Ciphersuite, DkgRound1Package, PublicKeyPackage, RefreshRound1Package } from '@triad/frost';
import { suiteOfKeyType, TaError, TriadResult } from '@triad/tee';
import type { KeyId, SealedShare, TaErrorCode } from '@triad/tee';
import { sealedShares } from './ceremony.js';
import type { CeremonyLink, DkgRound1Args } from './ceremony.js';
import { PeerLimits } from './limits.js';
import type { PeerClient } from './peer-client.js';
import { CULPRIT_METADATA } from './rpc.js';

/** The TaError codes a peer's FAILED_PRECONDITION can carry (TRANSPORT/PROTOCOL are UNAVAILABLE). */
const REFUSAL_CODES = new Set<string>([...Object.keys(TriadResult), 'DKG_BLAME', 'TEE']);

type CeremonyMethod = 'DkgRound1' | 'RefreshRound1' | 'DkgRound2' | 'DkgRound3';

export class GrpcCeremonyLink implements CeremonyLink {
  readonly peerId: string;
  /** The group of the ceremony under way (round one sets it): the packages that come back are in it. */
  private suite: Ciphersuite = schnorrkel;

  constructor(
    private readonly client: PeerClient,
    /** The participant identifier of the peer's TA (fixed by the cluster's configuration). */
    readonly participantId: number,
    /** Per call. A round is a few scalar multiplications in the TA; this bounds a stuck peer. */
    private readonly timeoutMs: number = PeerLimits.CEREMONY_TIMEOUT_MS,
  ) {
    this.peerId = client.peerId;
  }

  async dkgRound1(a: DkgRound1Args): Promise<DkgRound1Package> {
    const res = await this.call('DkgRound1', {
      keyType: a.keyType,
      nonSlashable: a.nonSlashable,
      threshold: a.threshold,
      participants: a.participants.map((p) => ({ id: p.id, identityPublicKey: p.identityPublicKey })),
      context: a.context,
      label: a.label ?? '',
    });
    this.suite = suiteOfKeyType(a.keyType);
    return this.decode('DkgRound1', () => decodeDkgRound1Package(res.package as Uint8Array, this.suite));
  }

  async refreshRound1(key: KeyId, context: Uint8Array): Promise<RefreshRound1Package> {
    const res = await this.call('RefreshRound1', { keyType: key.keyType, publicKey: key.publicKey, context });
    this.suite = suiteOfKeyType(key.keyType);
    return this.decode('RefreshRound1', () =>
      decodeRefreshRound1Package(res.package as Uint8Array, this.suite),
    );
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
    return this.decode('DkgRound3', () =>
      decodePublicKeyPackage(res.publicKeyPackage as Uint8Array, this.suite),
    );
  }

  /**
   * Resolves once the channel to the peer is connected, else TRANSPORT after `timeoutMs`: a leader
   * checks its peers with it before a ceremony (a call fails at once while the channel is down).
   */
  ready(timeoutMs = this.timeoutMs): Promise<void> {
    return this.client.ready(timeoutMs).catch((e: Error) => {
      throw new TaError('TRANSPORT', `peer ${this.peerId}: ${e.message}`);
    });
  }

  private async round2(packages: Uint8Array[], refresh: boolean): Promise<SealedShare[]> {
    const res = await this.call('DkgRound2', { packages, refresh });
    return this.decode('DkgRound2', () => sealedShares(res, 'shares'));
  }

  private call(method: CeremonyMethod, req: unknown): Promise<Record<string, unknown>> {
    return this.client.call(method, req, this.timeoutMs).catch((e: ServiceError) => {
      throw remoteError(e, `peer ${this.peerId} ${method}`);
    });
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
