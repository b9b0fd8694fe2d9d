/**
 * Who may start a ceremony, and who may join one: the checks made before anything reaches a TA.
 *
 * Starting (the leader, on an operator's request): a DKG only while the TA has a free key slot (a
 * DKG for a type the cluster holds makes another key of it), a refresh only of a key it holds (the
 * TAs would refuse too, but only after a round); every
 * peer attested, so each participant's identity key is the one its attested evidence showed (the
 * TAs seal round-two shares to those keys, so a host cannot slip its own key in); every peer
 * reachable. One ceremony at a time per leader is the leader's own rule (ceremony-leader.ts).
 *
 * Joining (a peer asked for round one): only attested peers reach the ceremony RPCs at all (the
 * `Cosigner` gate, attestation.ts); the participants must be distinct and include this peer.
 */
import { Limits } from '@triad/tee';
import type { KeyId, TaInfo, TrustedApp } from '@triad/tee';
import type { CeremonyLink } from './ceremony.js';
import { invalid } from './rpc.js';

/** Why a ceremony did not start (the operator API maps each to a gRPC status). */
export type LeaderRefusal = 'BUSY' | 'FULL' | 'NOT_FOUND' | 'UNAVAILABLE' | 'INVALID';

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

/** A new key of `keyType` for `total` participants with `threshold`; the leader's TA's info. */
export async function admitDkg(
  ta: TrustedApp,
  keyType: string,
  threshold: number,
  total: number,
): Promise<TaInfo> {
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > total)
    throw new LeaderError('INVALID', `threshold must be 2..${total}`);
  const info = await ta.getInfo();
  // Retired keys keep their slots (tombstones): the TA would answer KEYS_FULL after round one.
  if (info.keys.length >= Limits.MAX_KEYS)
    throw new LeaderError(
      'FULL',
      `every key slot is taken (${Limits.MAX_KEYS}): no ${keyType} key can be made`,
    );
  return info;
}

/** New shares of the cluster's active `keyType` key (there must be exactly one); that key. */
export async function admitRefresh(ta: TrustedApp, keyType: string, publicKey?: Uint8Array): Promise<KeyId> {
  const info = await ta.getInfo();
  const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
  const active = info.keys.filter(
    (k) =>
      k.keyType === keyType &&
      k.status === 'active' &&
      (publicKey === undefined || Buffer.from(k.groupPublicKey).equals(publicKey)),
  );
  if (active.length === 0)
    throw new LeaderError(
      'NOT_FOUND',
      publicKey === undefined
        ? `the cluster holds no active ${keyType} key`
        : `the cluster holds no active ${keyType} key ${hex(publicKey)}`,
    );
  if (active.length > 1)
    throw new LeaderError(
      'INVALID',
      `several ${keyType} keys (${active.map((k) => hex(k.groupPublicKey)).join(', ')}): name one by public_key`,
    );
  return { keyType, publicKey: active[0]!.groupPublicKey };
}

/**
 * Every peer, once each is attested and its channel is up (each gets `readyMs`); else UNAVAILABLE
 * naming them all.
 */
export async function admitPeers(
  peers: readonly LeaderPeer[],
  attestedIdentity: (peerId: string) => Uint8Array | undefined,
  readyMs: number,
): Promise<readonly LeaderPeer[]> {
  const problems: string[] = [];
  await Promise.all(
    peers.map(async (p) => {
      if (!attestedIdentity(p.peerId)) return problems.push(`peer ${p.peerId} is not attested`);
      try {
        await p.link.ready(readyMs);
      } catch (e) {
        problems.push(`peer ${p.peerId} is not reachable (${e instanceof Error ? e.message : e})`);
      }
    }),
  );
  if (problems.length) throw new LeaderError('UNAVAILABLE', problems.sort().join('; '));
  return peers;
}

/** A DKG this peer (participant `ownId`) is asked to join: INVALID_ARGUMENT unless it may. */
export function admitJoin(participants: readonly { readonly id: number }[], ownId: number): void {
  const ids = new Set(participants.map((p) => p.id));
  if (ids.size !== participants.length) invalid('participants: duplicate id');
  if (!ids.has(ownId)) invalid(`participants: this peer (participant ${ownId}) is not among them`);
}
