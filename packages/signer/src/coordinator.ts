/**
 * The coordinator role (DESIGN.md section 5): the peer that receives a validator's request signs
 * it with its own TA and one cosigner, in one round trip to that cosigner.
 *
 *   0. (ahead of time) nonce commitments from its TA and each cosigner's, pooled;
 *   1. its TA prepares (rules, mark and counter sealed: a refusal here is final);
 *   2. the cosigner's TA signs and acknowledges (a refusal there sends us to the next cosigner);
 *   3. its TA finishes (with the group commitment R it used); R and the summed shares are the
 *      signature, verified before release; only if that fails does the coordinator derive the
 *      signing context itself, to aggregate after all or to blame the share that broke it.
 *
 * A cosigner that cannot take part (unreachable, locked, its share does not verify) is passed over
 * for the next one, and so is a cosigner whose TA refuses (CONFLICT, REGRESSION, ...): the answer
 * is a refusal only when every cosigner refused, with their TAs' own reason. Asking the next one is
 * safe: our TA has marked this payload, any two quorums share a TA, and every TA signs one payload
 * per scope, so no second payload can find two TAs that say yes. And it is needed: two validators
 * racing different headers at two coordinators each mark their own, and each may first ask the
 * other's TA; the third TA is free to settle the slot, and refusing to ask it lost the block. It also
 * ends a host's liveness attack of faking its TA's refusal. Our own TA's refusal stays final: no
 * cosigner can change what our TA decided. What a cosigner's host sends is checked before our TA
 * sees it, and what our TA rejects of it (an ack that does not authenticate) passes that cosigner
 * over too: otherwise one compromised host could have our TA refuse for good, or stop us.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { aggregate, aggregateWithCommitment, FrostError, schnorrkel, verifySignature } from '@triad/frost';
import type { PublicKeyPackage, SignatureCheck, SignatureShare, SigningCommitment } from '@triad/frost';
import { Limits, TaError } from '@triad/tee';
import type { KeyId, RequestKind, TaErrorCode, TrustedApp } from '@triad/tee';
import { CommitmentPool } from './commitment-pool.js';
import { keyName } from './key-ring.js';

/** The TA refusals a validator receives as such (the rest mean "not here, not now"). */
export const FINAL_REFUSALS = ['CONFLICT', 'REGRESSION', 'MALFORMED', 'POLICY', 'NO_KEY'] as const;
export type RefusalCode = (typeof FINAL_REFUSALS)[number];
const isFinal = (code: string): code is RefusalCode => (FINAL_REFUSALS as readonly string[]).includes(code);

/** What the coordinator needs from a cosigner, whatever carries it (gRPC, or in-process in tests). */
export interface CosignerLink {
  readonly peerId: string;
  /** Fresh commitments from the cosigner's TA, for `key`. */
  commit(key: KeyId, count: number): Promise<SigningCommitment[]>;
  /** The cosigner's TA signs; a TA refusal comes back as a TaError with its code. */
  cosign(request: Uint8Array, update: Uint8Array): Promise<{ share: SignatureShare; ack: Uint8Array }>;
}

export interface SignRequest {
  readonly kind: RequestKind;
  /** The key, by type and public key (signer-service.ts resolves a request that names a type). */
  readonly key: KeyId;
  readonly payload: Uint8Array;
}

export type SignOutcome =
  | { readonly kind: 'signature'; readonly signature: Uint8Array; readonly cosigner: string }
  | { readonly kind: 'refusal'; readonly code: RefusalCode; readonly message: string };

/** A cosigner's TA refused to sign: the next cosigner is asked. */
interface CosignerRefusal {
  readonly peerId: string;
  readonly code: RefusalCode;
  readonly message: string;
}

/** No cosigner could take part (or our own TA cannot): the client may try another peer. */
export class QuorumError extends Error {
  constructor(
    message: string,
    readonly attempts: readonly { peerId: string; reason: string }[],
  ) {
    super(message);
    this.name = 'QuorumError';
  }
}

export interface CoordinatorEvents {
  /** A cosigner was passed over (unreachable, locked, or it sent a bad share). */
  onPassOver?(peerId: string, reason: string): void;
  /** A cosigner's share failed verification: blame it. */
  onBlame?(peerId: string): void;
}

export interface CoordinatorOptions extends CoordinatorEvents {
  /**
   * The final check before a signature leaves (default: @triad/frost's verifier). The peer passes
   * the chain's own verifier (Rust schnorrkel, wasm).
   */
  readonly verify?: SignatureCheck;
}

/** Signatures a coordinator keeps per key for identical repeats (a retry gets the same one). */
export const IDEMPOTENCY_KEEP = 16;
/**
 * Signings one coordinator runs at once. Its TA keeps Limits.MAX_PENDING prepared requests until
 * they finish and forgets the oldest beyond that, so more in flight would fail each other; the TA
 * serves one command at a time anyway, so waiting here costs no throughput. Half leaves room for
 * the prepared requests of attempts that passed a cosigner over.
 */
export const MAX_IN_FLIGHT = Limits.MAX_PENDING / 2;

export class Coordinator {
  /** The last few signatures per key (by name), by payload digest: identical repeats get the same one. */
  private readonly recent = new Map<string, Map<string, SignOutcome & { kind: 'signature' }>>();
  /** Our TA's commitments, and each cosigner's, fetched ahead (one round trip per signature). */
  private readonly own: CommitmentPool;
  private readonly theirs = new Map<string, CommitmentPool>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly ta: TrustedApp,
    /** The public key package of an active key; undefined for any other (NO_KEY). */
    private readonly publicKey: (key: KeyId) => PublicKeyPackage | undefined,
    /** Cosigners in order of preference (the caller orders them by health and round-trip time). */
    private readonly cosigners: () => readonly CosignerLink[],
    private readonly options: CoordinatorOptions = {},
  ) {
    this.own = new CommitmentPool((key, n) => this.ta.commitNonces(key, n));
  }

  async sign(req: SignRequest): Promise<SignOutcome> {
    const pub = this.publicKey(req.key);
    if (!pub) return { kind: 'refusal', code: 'NO_KEY', message: `no active key ${keyName(req.key)}` };
    const digest = Buffer.from(blake2b(req.payload, { dkLen: 32 })).toString('hex') + req.kind;
    const seen = this.recent.get(keyName(req.key))?.get(digest);
    if (seen) return seen;

    // A finishing signing hands its slot straight to the next in line, so none is ever over.
    if (this.inFlight < MAX_IN_FLIGHT) this.inFlight++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await this.signWithSomeCosigner(req, pub, digest);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private async signWithSomeCosigner(
    req: SignRequest,
    pub: PublicKeyPackage,
    digest: string,
  ): Promise<SignOutcome> {
    const attempts: { peerId: string; reason: string }[] = [];
    const refusals: CosignerRefusal[] = [];
    const cosigners = this.cosigners();
    for (const link of cosigners) {
      const outcome = await this.tryWith(link, pub, req, attempts, refusals);
      if (outcome) {
        if (outcome.kind === 'signature') this.remember(req.key, digest, outcome);
        return outcome;
      }
    }
    // Every cosigner's TA refused: that is the TAs' answer. Some could not be asked: not yet.
    if (refusals.length > 0 && refusals.length === cosigners.length)
      return {
        kind: 'refusal',
        code: refusals[0]!.code,
        message: refusals.map((r) => `cosigner ${r.peerId}: ${r.message}`).join('; '),
      };
    throw new QuorumError(
      `no cosigner could take part (${attempts.map((a) => `${a.peerId}: ${a.reason}`).join('; ') || 'none configured'})`,
      attempts,
    );
  }

  /** Forgets a cosigner's pooled commitments (it restarted: its TA no longer holds the nonces). */
  forgetCommitments(peerId: string): void {
    this.theirs.get(peerId)?.flush();
  }

  private poolOf(link: CosignerLink): CommitmentPool {
    let pool = this.theirs.get(link.peerId);
    if (!pool) {
      pool = new CommitmentPool((key, n) => link.commit(key, n));
      this.theirs.set(link.peerId, pool);
    }
    return pool;
  }

  /**
   * One attempt with one cosigner: an outcome, or undefined to try the next one. A pooled
   * commitment that a TA no longer knows (NONCE_UNKNOWN: it restarted, or its bounded pool let the
   * pair go) costs one retry with commitments made for it alone, used at once.
   */
  private async tryWith(
    link: CosignerLink,
    pub: PublicKeyPackage,
    req: SignRequest,
    attempts: { peerId: string; reason: string }[],
    refusals: CosignerRefusal[],
  ): Promise<SignOutcome | undefined> {
    const passOver = (reason: string) => {
      attempts.push({ peerId: link.peerId, reason });
      this.options.onPassOver?.(link.peerId, reason);
      return undefined;
    };
    const pool = this.poolOf(link);
    for (let retry = true; ; retry = false) {
      let theirs: SigningCommitment;
      try {
        theirs = retry ? await pool.take(req.key) : await pool.fresh(req.key);
      } catch (e) {
        return passOver(describe(e));
      }
      const ours = await this.ownTa(
        'commit',
        () => (retry ? this.own.take(req.key) : this.own.fresh(req.key)),
        attempts,
      );
      // Our TA would refuse such a set as MALFORMED, and that refusal would be final.
      if (!isCosignerCommitment(theirs, ours.identifier, pub)) {
        pool.flush(req.key);
        return passOver(`its commitment (identifier ${theirs.identifier}) is not a cosigner's`);
      }
      const signingSet = [ours, theirs].sort((a, b) => a.identifier - b.identifier);

      // Our TA first: its refusal is final; if it cannot act at all, no cosigner helps.
      let prepared;
      try {
        prepared = await this.ta.signPrepare({ ...req, signingSet });
      } catch (e) {
        const code = codeOf(e);
        if (code && isFinal(code)) return { kind: 'refusal', code, message: describe(e) };
        if (code === 'NONCE_UNKNOWN' && retry) {
          this.own.flush(req.key);
          continue;
        }
        throw new QuorumError(`this peer's TA cannot sign: ${describe(e)}`, attempts);
      }

      let cosigned;
      try {
        cosigned = await link.cosign(prepared.request, prepared.update);
      } catch (e) {
        const code = codeOf(e);
        if (code && isFinal(code)) {
          refusals.push({ peerId: link.peerId, code, message: describe(e) });
          return passOver(`its TA refused: ${describe(e)}`);
        }
        if (code === 'NONCE_UNKNOWN' && retry) {
          pool.flush(req.key);
          continue;
        }
        return passOver(describe(e));
      }

      if (cosigned.share.identifier !== theirs.identifier) {
        // blamed before our TA releases its share for a signing that cannot succeed
        this.options.onBlame?.(link.peerId);
        return passOver(`its signature share is labelled ${cosigned.share.identifier} (blamed)`);
      }

      let finished;
      try {
        finished = await this.ta.signFinish(prepared.request, cosigned.ack);
      } catch (e) {
        const code = codeOf(e);
        // Our TA took these very request bytes at prepare: what it refuses now is the cosigner's
        // ack (replayed, altered, cut). The preparation ages out at our TA.
        if (code === 'PEER_AUTH' || code === 'MALFORMED') return passOver(`its counter ack: ${describe(e)}`);
        throw new QuorumError(`this peer's TA cannot finish: ${describe(e)}`, attempts);
      }
      const msg = signedMessage(req.kind, req.payload);
      const shares = [finished.share, cosigned.share];
      // Common path: our TA's R and the two shares make the signature, and the check decides.
      const fast = aggregateWithCommitment(
        schnorrkel,
        pub,
        finished.groupCommitment,
        msg,
        shares,
        this.verify,
      );
      if (fast) return { kind: 'signature', signature: fast, cosigner: link.peerId };
      // Otherwise derive everything here: a signature after all, or the share to blame.
      try {
        const signature = aggregate(schnorrkel, pub, signingSet, msg, shares, { verify: this.verify });
        return { kind: 'signature', signature, cosigner: link.peerId };
      } catch (e) {
        if (e instanceof FrostError && e.code === 'INVALID_SHARE' && e.culprit === theirs.identifier) {
          this.options.onBlame?.(link.peerId);
          return passOver(`its signature share does not verify (blamed)`);
        }
        throw e;
      }
    }
  }

  private readonly verify: SignatureCheck = (sig, msg, pk) =>
    this.options.verify ? this.options.verify(sig, msg, pk) : verifySignature(schnorrkel, sig, msg, pk);

  /** A step of our own TA: if it cannot act, no cosigner can help (the client may try another peer). */
  private async ownTa<T>(
    step: string,
    run: () => Promise<T>,
    attempts: readonly { peerId: string; reason: string }[],
  ): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw new QuorumError(`this peer's TA cannot ${step}: ${describe(e)}`, attempts);
    }
  }

  private remember(key: KeyId, digest: string, outcome: SignOutcome & { kind: 'signature' }): void {
    const name = keyName(key);
    const byKey = this.recent.get(name) ?? new Map();
    byKey.set(digest, outcome);
    if (byKey.size > IDEMPOTENCY_KEEP) byKey.delete(byKey.keys().next().value!);
    this.recent.set(name, byKey);
  }
}

/**
 * What the key signs for a request, as the TAs derive it (optee-ta/ta/policy/<kind>.c): the
 * blake2-256 of a BABE header, a raw payload as it is, "POP_" || owner for an ownership proof.
 */
export function signedMessage(kind: RequestKind, payload: Uint8Array): Uint8Array {
  if (kind === 'babe-seal') return blake2b(payload, { dkLen: 32 });
  if (kind === 'ownership-proof') return Buffer.concat([OWNERSHIP_PROOF_PREFIX, payload]);
  return payload;
}

/** What an ownership proof's statement starts with (POLKADOT.md, "The session key set"). */
export const OWNERSHIP_PROOF_PREFIX = new TextEncoder().encode('POP_');

/** A commitment that can stand beside ours in a set: another member's, with no identity point. */
const isCosignerCommitment = (c: SigningCommitment, ownId: number, pub: PublicKeyPackage): boolean =>
  c.identifier !== ownId && pub.verifyingShares.has(c.identifier) && !c.hiding.is0() && !c.binding.is0();

const codeOf = (e: unknown): TaErrorCode | undefined => (e instanceof TaError ? e.code : undefined);
const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));
