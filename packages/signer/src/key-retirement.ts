/**
 * Retiring a key (DESIGN.md 11, `triadctl retire-key`): every TA of the cluster wipes the key's
 * share, after which the key answers NO_KEY everywhere. Led by the peer the operator asked.
 *
 * Two phases, so that a refusal leaves every share in place: first every peer (the leader too)
 * says whether it would retire the key now; it refuses while the key is in use, i.e. while it
 * coordinated a signature with the key within the quiet period (every signature has a
 * coordinator, so some peer sees any recent use). Only when all agree does each TA retire it.
 * Retiring is idempotent: a TA that already retired the key says so, and a retirement cut short
 * (a peer lost in phase two) is finished by running it again.
 */
import { TaError } from '@triad/tee';
import type { KeyId, TrustedApp } from '@triad/tee';
import { status } from '@grpc/grpc-js';
import type { PeerClient } from './peer-client.js';
import { keyName } from './key-ring.js';
import { flag, keyId, RpcError, unary } from './rpc.js';

/** When this peer last coordinated a signature with each key. */
export class KeyUsage {
  private readonly last = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A signature with `key` was made here (as coordinator). */
  signed(key: KeyId): void {
    this.last.set(keyName(key), this.now());
  }

  /** Whether `key` signed here within the last `ms` milliseconds. */
  usedWithin(key: KeyId, ms: number): boolean {
    const at = this.last.get(keyName(key));
    return at !== undefined && this.now() - at < ms;
  }
}

/** Why a peer will not retire a key: it does not hold it, or it is in use. */
export class RetireRefusal extends Error {
  override readonly name = 'RetireRefusal';
  constructor(
    readonly reason: 'NOT_FOUND' | 'IN_USE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * This peer's side: with `checkOnly`, whether it would retire `key` now; else its TA retires it
 * (done when the TA already had). Throws RetireRefusal, or the TA's error.
 */
export async function retireHere(
  ta: TrustedApp,
  usage: KeyUsage,
  quietMs: number,
  key: KeyId,
  checkOnly: boolean,
): Promise<void> {
  const held = (await ta.getInfo()).keys.find(
    (k) => k.keyType === key.keyType && Buffer.from(k.groupPublicKey).equals(key.publicKey),
  );
  if (!held) throw new RetireRefusal('NOT_FOUND', `no ${keyName(key)} key in this peer's TA`);
  if (held.status === 'retired') return;
  if (usage.usedWithin(key, quietMs))
    throw new RetireRefusal(
      'IN_USE',
      `${keyName(key)} signed here within the last ${Math.round(quietMs / 1000)} s: still in use`,
    );
  if (checkOnly) return;
  try {
    await ta.retireKey(key);
  } catch (e) {
    // a retirement that raced ours
    const now = (await ta.getInfo()).keys.find(
      (k) => k.keyType === key.keyType && Buffer.from(k.groupPublicKey).equals(key.publicKey),
    );
    if (!(e instanceof TaError && e.code === 'NO_KEY' && now?.status === 'retired')) throw e;
  }
}

/** One participant of a retirement, as the leader reaches it (gRPC, or the leader's own TA). */
export interface RetirementPeer {
  readonly peerId: string;
  retire(key: KeyId, checkOnly: boolean): Promise<void>;
}

/** A retirement that did not finish: who refused or failed, and who had already retired the key. */
export class RetirementError extends Error {
  override readonly name = 'RetirementError';
  constructor(
    message: string,
    /** 'check': a peer refused or could not be asked, nothing was retired; 'retire': cut short. */
    readonly phase: 'check' | 'retire',
    readonly failures: readonly { peerId: string; error: unknown }[],
    readonly retired: readonly string[],
  ) {
    super(message);
  }
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs `step` at every peer at once; the failures, by peer. */
async function atEvery(peers: readonly RetirementPeer[], step: (p: RetirementPeer) => Promise<void>) {
  const settled = await Promise.allSettled(peers.map(step));
  return settled.flatMap((r, i) =>
    r.status === 'rejected' ? [{ peerId: peers[i]!.peerId, error: r.reason }] : [],
  );
}

/** Retires `key` at every peer (the leader among them); the peers that did. */
export async function retireEverywhere(key: KeyId, peers: readonly RetirementPeer[]): Promise<string[]> {
  const refused = await atEvery(peers, (p) => p.retire(key, true));
  if (refused.length)
    throw new RetirementError(
      `${keyName(key)} not retired: ${refused.map((f) => `peer ${f.peerId}: ${describe(f.error)}`).join('; ')}`,
      'check',
      refused,
      [],
    );
  const failed = await atEvery(peers, (p) => p.retire(key, false));
  const retired = peers.map((p) => p.peerId).filter((id) => !failed.some((f) => f.peerId === id));
  if (failed.length)
    throw new RetirementError(
      `${keyName(key)} retired at ${retired.join(', ') || 'no peer'} only ` +
        `(${failed.map((f) => `peer ${f.peerId}: ${describe(f.error)}`).join('; ')}): run it again`,
      'retire',
      failed,
      retired,
    );
  return retired;
}

/** The Cosigner RetireKey handler: this peer's side of a retirement another peer leads. */
export function retireKeyHandler(ta: TrustedApp, usage: KeyUsage, quietMs: number) {
  return unary(async (req) => {
    try {
      await retireHere(ta, usage, quietMs, keyId(req), flag(req, 'checkOnly'));
    } catch (e) {
      if (e instanceof RetireRefusal)
        throw new RpcError(e.reason === 'IN_USE' ? status.FAILED_PRECONDITION : status.NOT_FOUND, e.message);
      throw e;
    }
    return {};
  });
}

/** Another peer as a participant of a retirement this peer leads. */
export const grpcRetirementPeer = (client: PeerClient, timeoutMs: number): RetirementPeer => ({
  peerId: client.peerId,
  retire: async (key, checkOnly) => {
    await client
      .call(
        'RetireKey',
        { keyType: key.keyType, publicKey: Buffer.from(key.publicKey), checkOnly },
        timeoutMs,
      )
      .catch((e: { details?: string; message: string }) => {
        throw new Error(e.details || e.message);
      });
  },
});
