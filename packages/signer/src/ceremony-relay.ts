/**
 * The leader's relay of a DKG or a share refresh (DESIGN.md section 3).
 *
 * The leader runs each round on every participant's TA (its own directly, the others' through
 * their `CeremonyLink`) and relays between rounds (`TaGroup.dkg` runs this very code in process):
 * every round-one package to every other participant, every sealed share to its receiver. It
 * learns only public data: round-one packages are public, shares are sealed TA to TA and pass
 * through opaque, and what comes back is the public key package.
 *
 * The TAs enforce the protocol (proofs of knowledge, the echoed transcript, Feldman checks). The
 * leader checks only what it needs to relay (each answer is from whom it should be and covers whom
 * it should) and that everyone ended with the same key, so a failure can name its stage and peer.
 * A failed ceremony is simply abandoned: a TA wipes its unfinished session when a round fails and
 * when the next ceremony starts (optee-ta/ta/core/dkg.c), so a retry starts again from round one.
 */
import { encodePublicKeyPackage } from '@triad/frost';
import type { PublicKeyPackage } from '@triad/frost';
import { TaError } from '@triad/tee';
import type { SealedShare } from '@triad/tee';
import { CeremonyError } from './ceremony.js';
import type {
  CeremonyCommon,
  CeremonyFailure,
  CeremonyKind,
  CeremonyLink,
  CeremonySelf,
  CeremonyStage,
  DkgOptions,
  DkgRound1Args,
  RefreshOptions,
} from './ceremony.js';
import { PeerLimits } from './limits.js';

/**
 * A new key of type `keyType` at every participant (another one if they hold keys of that type);
 * the public key package they all returned.
 */
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
    ...(o.label && { label: o.label }),
  };
  const round1 = await stage('dkg', 'round1', parts, o.onProgress, async (p) =>
    fromSender(p, await p.dkgRound1(args)),
  );
  return relay('dkg', parts, own, round1, o.onProgress, (p, others) => p.dkgRound2(others));
}

/**
 * New shares of the existing key `key` at every participant, same group key (the recovery path
 * after a board is replaced); the public key package they all returned.
 */
export async function runRefresh(o: RefreshOptions): Promise<PublicKeyPackage> {
  const { parts, own } = participantsOf('refresh', o.self, o.peers);
  let before: PublicKeyPackage;
  try {
    before = await o.self.ta.exportPublic(o.key);
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
      `the ${o.key.keyType} key's participants are ${holders.join(', ')}`,
    );
  }
  const round1 = await stage('refresh', 'round1', parts, o.onProgress, async (p) =>
    fromSender(p, await p.refreshRound1(o.key, o.context)),
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
    refreshRound1: (key, context) => ta.refreshRound1(key, context),
    dkgRound2: (others) => ta.dkgRound2(others),
    refreshRound2: (others) => ta.refreshRound2(others),
    dkgRound3: (received) => ta.dkgRound3(received),
  };
  const parts = [own, ...peers].sort((a, b) => a.participantId - b.participantId);
  const ids = parts.map((p) => p.participantId);
  if (
    peers.length === 0 ||
    ids.some((i, k) => !Number.isInteger(i) || i < 1 || i > PeerLimits.MAX_PARTICIPANT_ID || ids[k - 1] === i)
  ) {
    throw new CeremonyError(
      ceremony,
      'setup',
      [],
      `participant ids must be distinct, 1..${PeerLimits.MAX_PARTICIPANT_ID}: ${ids.join(', ')}`,
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
