/**
 * A peer leading a ceremony on an operator's request (`triadctl dkg`, `Operator.RunDkg`): the
 * checks before anything reaches a TA, then `runDkg` / `runRefresh` (ceremony.ts) over every
 * enrolled peer.
 *
 * Before round one: one ceremony at a time on this peer; a DKG never for a key type the cluster
 * already holds (the TAs would refuse too, but only after a round); every peer attested, so each
 * participant's identity key is the one its attested evidence showed (the TAs seal round-two
 * shares to those keys, so a host cannot slip its own key in); every peer reachable.
 */
import { randomBytes } from 'node:crypto';
import type { PublicKeyPackage } from '@triad/frost';
import type { TrustedApp } from '@triad/tee';
import { runDkg, runRefresh } from './ceremony.js';
import type { CeremonyLink, CeremonyProgress } from './ceremony.js';

/** Why a ceremony did not start (the operator API maps each to a gRPC status). */
export type LeaderRefusal = 'BUSY' | 'ALREADY_EXISTS' | 'NOT_FOUND' | 'UNAVAILABLE' | 'INVALID';

export class LeaderError extends Error {
  constructor(
    readonly reason: LeaderRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'LeaderError';
  }
}

/** Another peer as a ceremony participant. */
export interface LeaderPeer {
  readonly peerId: string;
  readonly link: CeremonyLink & { ready(timeoutMs?: number): Promise<void> };
}

export interface CeremonyLeaderOptions {
  readonly ta: TrustedApp;
  readonly peerId: string;
  readonly participantId: number;
  readonly peers: readonly LeaderPeer[];
  /** A peer's TA identity key as its current attestation showed it; undefined if not attested. */
  readonly attestedIdentity: (peerId: string) => Uint8Array | undefined;
  /** Called after a ceremony changed this peer's keys. */
  readonly onKeysChanged?: () => Promise<void>;
}

export interface DkgRequest {
  readonly keyType: string;
  readonly nonSlashable: boolean;
  readonly threshold: number;
}

/** How long each peer gets to show its channel is up before a ceremony starts without it. */
const READY_MS = 3000;

export class CeremonyLeader {
  private running: string | undefined;

  constructor(private readonly o: CeremonyLeaderOptions) {}

  /** The ceremony running on this peer, if any ("dkg babe"). */
  get busy(): string | undefined {
    return this.running;
  }

  async dkg(req: DkgRequest, onProgress?: (p: CeremonyProgress) => void): Promise<PublicKeyPackage> {
    return this.exclusive(`dkg ${req.keyType}`, async () => {
      const total = this.o.peers.length + 1;
      if (!Number.isInteger(req.threshold) || req.threshold < 2 || req.threshold > total)
        throw new LeaderError('INVALID', `threshold must be 2..${total}`);
      const info = await this.o.ta.getInfo();
      if (info.keys.some((k) => k.keyType === req.keyType))
        throw new LeaderError('ALREADY_EXISTS', `the cluster already holds a ${req.keyType} key`);
      const participants = [
        { id: this.o.participantId, identityPublicKey: info.identityPublicKey },
        ...(await this.reachablePeers()).map((p) => ({
          id: p.link.participantId,
          identityPublicKey: this.o.attestedIdentity(p.peerId)!,
        })),
      ];
      const pub = await runDkg({
        self: { id: this.o.participantId, ta: this.o.ta, peerId: this.o.peerId },
        peers: this.o.peers.map((p) => p.link),
        keyType: req.keyType,
        context: freshContext(),
        participants,
        threshold: req.threshold,
        nonSlashable: req.nonSlashable,
        onProgress,
      });
      await this.o.onKeysChanged?.();
      return pub;
    });
  }

  async refresh(keyType: string, onProgress?: (p: CeremonyProgress) => void): Promise<PublicKeyPackage> {
    return this.exclusive(`refresh ${keyType}`, async () => {
      const info = await this.o.ta.getInfo();
      if (!info.keys.some((k) => k.keyType === keyType))
        throw new LeaderError('NOT_FOUND', `the cluster holds no ${keyType} key`);
      await this.reachablePeers();
      const pub = await runRefresh({
        self: { id: this.o.participantId, ta: this.o.ta, peerId: this.o.peerId },
        peers: this.o.peers.map((p) => p.link),
        keyType,
        context: freshContext(),
        onProgress,
      });
      await this.o.onKeysChanged?.();
      return pub;
    });
  }

  private async exclusive<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.running) throw new LeaderError('BUSY', `a ceremony is running on this peer (${this.running})`);
    this.running = what;
    try {
      return await run();
    } finally {
      this.running = undefined;
    }
  }

  /** Every peer, once each is attested and its channel is up; else UNAVAILABLE naming them all. */
  private async reachablePeers(): Promise<readonly LeaderPeer[]> {
    const problems: string[] = [];
    await Promise.all(
      this.o.peers.map(async (p) => {
        if (!this.o.attestedIdentity(p.peerId)) return problems.push(`peer ${p.peerId} is not attested`);
        try {
          await p.link.ready(READY_MS);
        } catch (e) {
          problems.push(`peer ${p.peerId} is not reachable (${e instanceof Error ? e.message : e})`);
        }
      }),
    );
    if (problems.length) throw new LeaderError('UNAVAILABLE', problems.sort().join('; '));
    return this.o.peers;
  }
}

/** A ceremony's session id: every proof of knowledge is bound to it, so none can be replayed. */
const freshContext = (): Uint8Array => new Uint8Array(randomBytes(32));
