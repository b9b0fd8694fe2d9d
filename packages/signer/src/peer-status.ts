/**
 * What a peer says about itself: the StatusResponse (status.proto) that `triadctl status` shows,
 * and the gossip it publishes over the mesh. Pure: the peer hands in what it knows.
 */
import { LockState } from '@triad/tee';
import type { TaInfo } from '@triad/tee';
import type { PeerAttestation } from './attestation.js';
import type { MeshPeerView, PeerGossip } from './mesh.js';

export const LOCK_NAMES = {
  [LockState.Unlocked]: 'unlocked',
  [LockState.Locked]: 'locked',
  [LockState.RolledBack]: 'rolled-back',
} as const;

export interface PeerStatusInput {
  readonly peerId: string;
  readonly version: string;
  /** The enrolled TA measurement (hex). */
  readonly measurement: string;
  /** The TA's GET_INFO answer; undefined when the TA did not answer. */
  readonly info: TaInfo | undefined;
  readonly canSign: boolean;
  /** Every other peer, in configured order, with what this peer knows of it. */
  readonly peers: readonly {
    readonly peerId: string;
    readonly attestation: PeerAttestation;
    readonly mesh: MeshPeerView | undefined;
  }[];
}

/** The StatusResponse message, as plain fields. */
export function statusResponse(s: PeerStatusInput): Record<string, unknown> {
  const info = s.info;
  const ta = info
    ? {
        reachable: true,
        lockState: LOCK_NAMES[info.lockState],
        counter: String(info.counter),
        participantId: info.ownId,
        identityPublicKey: Buffer.from(info.identityPublicKey),
        measurement: s.measurement,
        keys: info.keys.map((k) => ({
          keyType: k.keyType,
          publicKey: Buffer.from(k.groupPublicKey),
          nonSlashable: k.nonSlashable,
          ...(k.highWaterMark === undefined ? {} : { lastSlot: String(k.highWaterMark) }),
          status: k.status,
          created: String(k.created),
        })),
      }
    : { reachable: false, measurement: s.measurement };
  return {
    peerId: s.peerId,
    version: s.version,
    ta,
    canSign: s.canSign,
    threshold: info?.keys[0]?.threshold ?? 0,
    peers: s.peers.map(({ peerId, attestation: a, mesh: m }) => ({
      peerId,
      attestation: a.state,
      refusal: a.state === 'refused' ? a.reason : '',
      refusalMessage: a.state === 'refused' ? a.message : '',
      connected: m?.connected ?? false,
      roundTripMs: m?.rttMs ?? 0,
      canSign: m?.gossip?.canSign ?? false,
      lockState: m?.gossip?.lockState ?? 'unknown',
      counter: m?.gossip?.counter ?? '0',
    })),
  };
}

/** What this peer gossips about itself over the mesh. */
export function selfGossip(
  peerId: string,
  info: TaInfo | undefined,
  canSign: boolean,
  keyTypes: readonly string[],
): PeerGossip {
  return {
    peerId,
    canSign,
    lockState: info ? LOCK_NAMES[info.lockState] : 'unknown',
    counter: String(info?.counter ?? 0n),
    keyTypes: [...keyTypes],
    sentAt: Date.now(),
  };
}
