/**
 * A peer leading a ceremony on an operator's request (`triadctl dkg`, `Operator.RunDkg`): one
 * ceremony at a time on this peer, the admission checks (ceremony-admission.ts), then `runDkg` /
 * `runRefresh` (ceremony-relay.ts) over every enrolled peer.
 */
import { randomBytes } from 'node:crypto';
import { encodePoint } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import type { TrustedApp } from '@triad/tee';
import type { CeremonyProgress } from './ceremony.js';
import { admitDkg, admitPeers, admitRefresh, LeaderError } from './ceremony-admission.js';
import type { LeaderPeer } from './ceremony-admission.js';
import { runDkg, runRefresh } from './ceremony-relay.js';
import type { KeyLabels } from './key-labels.js';
import { PeerLimits } from './limits.js';

export interface CeremonyLeaderOptions {
  readonly ta: TrustedApp;
  readonly peerId: string;
  readonly participantId: number;
  readonly peers: readonly LeaderPeer[];
  /** A peer's TA identity key as its current attestation showed it; undefined if not attested. */
  readonly attestedIdentity: (peerId: string) => Uint8Array | undefined;
  /** Called after a ceremony changed this peer's keys. */
  readonly onKeysChanged?: () => Promise<void>;
  /** Where a new key's label is kept at this peer (the others keep it from their round one). */
  readonly labels?: Pick<KeyLabels, 'set'>;
}

export interface DkgRequest {
  readonly keyType: string;
  readonly nonSlashable: boolean;
  readonly threshold: number;
  /** The operator's name for the new key (key-labels.ts). */
  readonly label?: string;
}

export class CeremonyLeader {
  private running: string | undefined;

  constructor(private readonly o: CeremonyLeaderOptions) {}

  /** The ceremony running on this peer, if any ("dkg babe"). */
  get busy(): string | undefined {
    return this.running;
  }

  async dkg(req: DkgRequest, onProgress?: (p: CeremonyProgress) => void): Promise<PublicKeyPackage> {
    return this.exclusive(`dkg ${req.keyType}`, async () => {
      const info = await admitDkg(this.o.ta, req.keyType, req.threshold, this.o.peers.length + 1);
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
        label: req.label,
        onProgress,
      });
      if (req.label)
        await this.o.labels?.set(
          { keyType: req.keyType, publicKey: encodePoint(pub.groupPublicKey) },
          req.label,
        );
      await this.o.onKeysChanged?.();
      return pub;
    });
  }

  /** Refreshes the shares of a key: the one named by `publicKey`, or the type's only active one. */
  async refresh(
    keyType: string,
    publicKey: Uint8Array | undefined,
    onProgress?: (p: CeremonyProgress) => void,
  ): Promise<PublicKeyPackage> {
    return this.exclusive(`refresh ${keyType}`, async () => {
      const key = await admitRefresh(this.o.ta, keyType, publicKey);
      await this.reachablePeers();
      const pub = await runRefresh({
        self: { id: this.o.participantId, ta: this.o.ta, peerId: this.o.peerId },
        peers: this.o.peers.map((p) => p.link),
        key,
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

  private reachablePeers(): Promise<readonly LeaderPeer[]> {
    return admitPeers(this.o.peers, this.o.attestedIdentity, PeerLimits.CEREMONY_READY_MS);
  }
}

/** A ceremony's session id: every proof of knowledge is bound to it, so none can be replayed. */
const freshContext = (): Uint8Array => new Uint8Array(randomBytes(32));
