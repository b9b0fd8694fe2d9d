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
import {
  aggregate,
  aggregateWithCommitment,
  assignmentVrfPayloadTranscripts,
  babeVrfPayloadTranscripts,
  encodePoint,
  FrostError,
  verifySignature,
  verifyVrf,
} from '@triad/frost';
import type {
  PublicKeyPackage,
  SignatureCheck,
  SignatureShare,
  SigningCommitment,
  VrfTranscripts,
} from '@triad/frost';
import type { KeyScheme } from '@triad/proto';
import { schemeOfKeyType } from '@triad/proto';
import { Limits, signingSuiteOfKeyType, TaError } from '@triad/tee';
import type {
  EcdsaCosigned,
  EcdsaRequestKind,
  KeyId,
  PreparedSignature,
  RequestKind,
  TaErrorCode,
  TrustedApp,
  VrfCosigned,
  VrfKind,
  VrfPrepared,
} from '@triad/tee';
import { CommitmentPool } from './commitment-pool.js';
import { ecdsaPrehash, ecdsaRecoversTo } from './ecdsa-check.js';
import { keyName } from './key-ring.js';

/** The TA refusals a validator receives as such (the rest mean "not here, not now"). */
export const FINAL_REFUSALS = ['CONFLICT', 'REGRESSION', 'MALFORMED', 'POLICY', 'NO_KEY'] as const;
export type RefusalCode = (typeof FINAL_REFUSALS)[number];
const isFinal = (code: string): code is RefusalCode => (FINAL_REFUSALS as readonly string[]).includes(code);

/** What the coordinator needs from a cosigner, whatever carries it (gRPC, or in-process in tests). */
export interface CosignerLink {
  readonly peerId: string;
  /**
   * The participant identifier of the cosigner's TA in the cluster's keys (its peer entry in the
   * configuration). An ecdsa signature names its signers by it, having no commitments to name them;
   * a link without it is passed over for ecdsa.
   */
  readonly participantId?: number;
  /** Fresh commitments from the cosigner's TA, for `key`. */
  commit(key: KeyId, count: number): Promise<SigningCommitment[]>;
  /** The cosigner's TA signs; a TA refusal comes back as a TaError with its code. */
  cosign(request: Uint8Array, update: Uint8Array): Promise<{ share: SignatureShare; ack: Uint8Array }>;
  /** The cosigner's TA's VRF_COSIGN; a link without it is passed over for VRFs. */
  vrfCosign?(request: Uint8Array, part: Uint8Array, update: Uint8Array): Promise<VrfCosigned>;
  /** The cosigner's TA's ECDSA_COSIGN; a link without it is passed over for ecdsa. */
  ecdsaCosign?(request: Uint8Array, update: Uint8Array): Promise<EcdsaCosigned>;
}

export interface SignRequest {
  readonly kind: RequestKind;
  /** The key, by type and public key (signer-service.ts resolves a request that names a type). */
  readonly key: KeyId;
  readonly payload: Uint8Array;
}

export interface VrfSignRequest {
  readonly kind: VrfKind;
  readonly key: KeyId;
  /** The transcript's fields (@triad/frost encodeBabeVrfPayload, encodeAssignmentVrfPayload). */
  readonly payload: Uint8Array;
}

export interface EcdsaSignRequest {
  readonly kind: EcdsaRequestKind;
  /** A key of an ecdsa type (beef): 33-byte public key. */
  readonly key: KeyId;
  /** beefy-commitment: the SCALE Commitment; ownership-proof: the 32-byte owner. */
  readonly payload: Uint8Array;
}

/**
 * How a round trip names its two signers: by pooled commitments whose nonces it uses (a FROST
 * signature, a VRF proof), by pooled commitments it only reads the identifiers of (a VRF
 * pre-output), or by the participant identifiers alone (ecdsa: the TAs make no nonces for it).
 */
type SignerNaming = 'nonces' | 'commitments' | 'identifiers';

/** The two signers of one attempt. */
interface Signers {
  /** Ours and the cosigner's commitment, by identifier; empty when named by identifiers alone. */
  readonly signingSet: SigningCommitment[];
  /** The cosigner's commitment; undefined when named by identifier alone. */
  readonly theirs: SigningCommitment | undefined;
  /** Both identifiers, increasing. */
  readonly ids: number[];
  /** The cosigner's identifier. */
  readonly theirId: number;
}

/** What differs between a signature's round trip, a VRF's and an ecdsa signature's; the attempt loop is shared. */
interface RoundTrip<P, C> {
  readonly naming: SignerNaming;
  /** Our TA's step one over the signers (its refusal is final). */
  prepare(signers: Signers): Promise<P>;
  /** The cosigner's TA (a refusal there passes to the next cosigner). */
  cosign(link: CosignerLink, prepared: P): Promise<C>;
  /** Our TA finishes: the verified bytes to release, or why this cosigner is passed over. */
  finish(prepared: P, cosigned: C, signers: Signers): Promise<Uint8Array | PassOver>;
}

interface PassOver {
  readonly passOver: string;
  /** The cosigner sent a share that fails its check. */
  readonly blame?: boolean;
}

/**
 * A signature (64 bytes; 65 for an ecdsa key), or for a VRF kind its VrfSignature (96) or
 * pre-output alone (32).
 */
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
   * The final check before a signature leaves, per scheme (default: @triad/frost's verifier of
   * the key's suite; for ecdsa, noble's public key recovery). The peer passes the chain's own
   * verifiers (Rust schnorrkel, ed25519 and secp256k1, wasm). An ecdsa check is handed the
   * 32-byte prehash as its message and the 33-byte group key.
   */
  readonly verify?: Partial<Record<KeyScheme, SignatureCheck>>;
  /**
   * This peer's TA's participant identifier (the configuration's `participantId`): an ecdsa
   * signature names its signers by identifier. Without it, this coordinator cannot sign ecdsa.
   */
  readonly participantId?: number;
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

  /**
   * A signature of a request kind: FROST for sr25519 and ed25519 keys; for an ecdsa key (beef) the
   * ecdsa round trip, which serves its two kinds (beefy-commitment, ownership-proof) and refuses
   * any other as POLICY, as its TA would.
   */
  async sign(req: SignRequest): Promise<SignOutcome> {
    if (schemeOfKeyType(req.key.keyType) === 'ecdsa') {
      const kind = req.kind;
      if (kind === 'beefy-commitment' || kind === 'ownership-proof') return this.ecdsa({ ...req, kind });
      return {
        kind: 'refusal',
        code: 'POLICY',
        message: `${req.key.keyType} keys (ecdsa) do not sign ${kind}`,
      };
    }
    return this.run(req, (pub) => this.signatureTrip(req, pub));
  }

  /**
   * A threshold VRF (babe-vrf, babe-vrf-pre-output, assignment-vrf): its `signature` is the
   * 96-byte VrfSignature (pre-output || proof), or the 32-byte pre-output alone.
   */
  async vrf(req: VrfSignRequest): Promise<SignOutcome> {
    return this.run(req, (pub) => this.vrfTrip(req, pub));
  }

  /**
   * An ecdsa signature (beefy-commitment, or an ecdsa key's ownership-proof): 65 bytes r || s ||
   * recovery id, released only when it recovers to the group key over the prehash the TAs signed.
   */
  async ecdsa(req: EcdsaSignRequest): Promise<SignOutcome> {
    return this.run(req, () => this.ecdsaTrip(req));
  }

  /** What every request shares: the key, identical repeats, the in-flight bound, the cosigners in turn. */
  private async run<P, C>(
    req: { readonly kind: string; readonly key: KeyId; readonly payload: Uint8Array },
    trip: (pub: PublicKeyPackage) => RoundTrip<P, C>,
  ): Promise<SignOutcome> {
    const pub = this.publicKey(req.key);
    if (!pub) return { kind: 'refusal', code: 'NO_KEY', message: `no active key ${keyName(req.key)}` };
    const digest = Buffer.from(blake2b(req.payload, { dkLen: 32 })).toString('hex') + req.kind;
    const seen = this.recent.get(keyName(req.key))?.get(digest);
    if (seen) return seen;

    // A finishing signing hands its slot straight to the next in line, so none is ever over.
    if (this.inFlight < MAX_IN_FLIGHT) this.inFlight++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await this.withSomeCosigner(req.key, pub, trip(pub), digest);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private async withSomeCosigner<P, C>(
    key: KeyId,
    pub: PublicKeyPackage,
    trip: RoundTrip<P, C>,
    digest: string,
  ): Promise<SignOutcome> {
    const attempts: { peerId: string; reason: string }[] = [];
    const refusals: CosignerRefusal[] = [];
    const cosigners = this.cosigners();
    for (const link of cosigners) {
      const outcome = await this.tryWith(link, pub, key, trip, attempts, refusals);
      if (outcome) {
        if (outcome.kind === 'signature') this.remember(key, digest, outcome);
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
   * One attempt with one cosigner, the same for every round trip (a signature's, a VRF's, an ecdsa
   * signature's): an outcome, or undefined to try the next one. A pooled commitment that a TA no longer knows
   * (NONCE_UNKNOWN: it restarted, or its bounded pool let the pair go) costs one retry with
   * commitments made for it alone, used at once.
   */
  private async tryWith<P, C>(
    link: CosignerLink,
    pub: PublicKeyPackage,
    key: KeyId,
    trip: RoundTrip<P, C>,
    attempts: { peerId: string; reason: string }[],
    refusals: CosignerRefusal[],
  ): Promise<SignOutcome | undefined> {
    const passOver = (reason: string) => {
      attempts.push({ peerId: link.peerId, reason });
      this.options.onPassOver?.(link.peerId, reason);
      return undefined;
    };
    const named = await this.signersOf(link, pub, key, trip.naming, attempts);
    if (typeof named === 'string') return passOver(named);
    // identifiers name no nonce a TA could have forgotten: nothing to retry with
    for (let retry = trip.naming !== 'identifiers'; ; retry = false) {
      const signers = await named(retry);
      if (typeof signers === 'string') return passOver(signers);

      // Our TA first: its refusal is final; if it cannot act at all, no cosigner helps.
      let prepared: P;
      try {
        prepared = await trip.prepare(signers);
      } catch (e) {
        const code = codeOf(e);
        if (code && isFinal(code)) return { kind: 'refusal', code, message: describe(e) };
        if (code === 'NONCE_UNKNOWN' && retry) {
          this.own.flush(key);
          continue;
        }
        throw new QuorumError(`this peer's TA cannot sign: ${describe(e)}`, attempts);
      }

      let cosigned: C;
      try {
        cosigned = await trip.cosign(link, prepared);
      } catch (e) {
        const code = codeOf(e);
        if (code && isFinal(code)) {
          refusals.push({ peerId: link.peerId, code, message: describe(e) });
          return passOver(`its TA refused: ${describe(e)}`);
        }
        if (code === 'NONCE_UNKNOWN' && retry) {
          this.poolOf(link).flush(key);
          continue;
        }
        return passOver(describe(e));
      }

      let finished: Uint8Array | PassOver;
      try {
        finished = await trip.finish(prepared, cosigned, signers);
      } catch (e) {
        const code = codeOf(e);
        // Our TA took these very request bytes at prepare: what it refuses now is the cosigner's
        // part (replayed, altered, cut, or a share that fails its check). The preparation ages out.
        if (code === 'PEER_AUTH' || code === 'MALFORMED') return passOver(`its counter ack: ${describe(e)}`);
        if (code === 'DKG_BLAME') finished = { passOver: `its share fails our TA's check`, blame: true };
        else throw new QuorumError(`this peer's TA cannot finish: ${describe(e)}`, attempts);
      }
      if (finished instanceof Uint8Array)
        return { kind: 'signature', signature: finished, cosigner: link.peerId };
      if (finished.blame) this.options.onBlame?.(link.peerId);
      return passOver(finished.blame ? `${finished.passOver} (blamed)` : finished.passOver);
    }
  }

  /**
   * How this attempt names its two signers, as a function of `retry` (a retry after NONCE_UNKNOWN
   * draws commitments made for it alone), or why this cosigner cannot be one. Checked before our
   * TA sees the set: it would refuse a set with a non-member as MALFORMED, and that would be final.
   */
  private async signersOf(
    link: CosignerLink,
    pub: PublicKeyPackage,
    key: KeyId,
    naming: SignerNaming,
    attempts: readonly { peerId: string; reason: string }[],
  ): Promise<string | ((retry: boolean) => Promise<Signers | string>)> {
    if (naming === 'identifiers') {
      const ownId = this.options.participantId;
      if (ownId === undefined || !pub.verifyingShares.has(ownId))
        throw new QuorumError(
          `this peer's participant id (${ownId}) is not a signer of ${keyName(key)}`,
          attempts,
        );
      const theirId = link.participantId;
      if (theirId === undefined || theirId === ownId || !pub.verifyingShares.has(theirId))
        return `its participant id (${theirId}) is not a cosigner's of ${keyName(key)}`;
      const signers = {
        signingSet: [],
        theirs: undefined,
        ids: [ownId, theirId].sort((a, b) => a - b),
        theirId,
      };
      return async () => signers;
    }
    const pool = this.poolOf(link);
    // a commitment whose nonce is used is handed out once; one that only names a signer stays pooled
    const draw = (from: CommitmentPool, retry: boolean) =>
      naming === 'commitments' ? from.peek(key) : retry ? from.take(key) : from.fresh(key);
    return async (retry) => {
      let theirs: SigningCommitment;
      try {
        theirs = await draw(pool, retry);
      } catch (e) {
        return describe(e);
      }
      const ours = await this.ownTa('commit', () => draw(this.own, retry), attempts);
      if (!isCosignerCommitment(theirs, ours.identifier, pub)) {
        pool.flush(key);
        return `its commitment (identifier ${theirs.identifier}) is not a cosigner's`;
      }
      const signingSet = [ours, theirs].sort((a, b) => a.identifier - b.identifier);
      return { signingSet, theirs, ids: signingSet.map((c) => c.identifier), theirId: theirs.identifier };
    };
  }

  /** The signature's round trip: SIGN_PREPARE, SIGN_COSIGN, SIGN_FINISH, then aggregation. */
  private signatureTrip(
    req: SignRequest,
    pub: PublicKeyPackage,
  ): RoundTrip<{ request: Uint8Array; update: Uint8Array }, { share: SignatureShare; ack: Uint8Array }> {
    return {
      naming: 'nonces',
      prepare: ({ signingSet }) => this.ta.signPrepare({ ...req, signingSet }),
      cosign: (link, prepared) => link.cosign(prepared.request, prepared.update),
      finish: async (prepared, cosigned, { signingSet, theirId }) => {
        // blamed before our TA releases its share for a signing that cannot succeed
        if (cosigned.share.identifier !== theirId)
          return { passOver: `its signature share is labelled ${cosigned.share.identifier}`, blame: true };
        const finished = await this.ta.signFinish(prepared.request, cosigned.ack);
        const msg = signedMessage(req.kind, req.payload);
        const shares = [finished.share, cosigned.share];
        const suite = signingSuiteOfKeyType(req.key.keyType);
        const verify = this.verifierOf(req.key.keyType);
        // Common path: our TA's R and the two shares make the signature, and the check decides.
        const fast = aggregateWithCommitment(suite, pub, finished.groupCommitment, msg, shares, verify);
        if (fast) return fast;
        // Otherwise derive everything here: a signature after all, or the share to blame.
        try {
          return aggregate(suite, pub, signingSet, msg, shares, { verify });
        } catch (e) {
          if (e instanceof FrostError && e.code === 'INVALID_SHARE' && e.culprit === theirId)
            return { passOver: 'its signature share does not verify', blame: true };
          throw e;
        }
      },
    };
  }

  /**
   * The VRF's round trip: VRF_PREPARE, VRF_COSIGN, VRF_FINISH (our TA checks the cosigner's share
   * and combines). A proof is verified here before release (frost's DLEQ verifier on the
   * transcript rebuilt from the payload); the pre-output alone has no proof to check, and the pooled
   * commitments only name the two signers (no nonce is used, none is handed out).
   */
  private vrfTrip(req: VrfSignRequest, pub: PublicKeyPackage): RoundTrip<VrfPrepared, VrfCosigned> {
    const proof = req.kind !== 'babe-vrf-pre-output';
    return {
      naming: proof ? 'nonces' : 'commitments',
      prepare: ({ signingSet, ids }) =>
        this.ta.vrfPrepare(
          req.kind === 'babe-vrf-pre-output'
            ? { ...req, kind: req.kind, signers: ids }
            : { ...req, kind: req.kind, signingSet },
        ),
      cosign: (link, p) => {
        if (!link.vrfCosign) throw new TaError('TRANSPORT', `peer ${link.peerId} cannot cosign VRFs`);
        return link.vrfCosign(p.request, p.part, p.update);
      },
      finish: async (p, cosigned) => {
        const result = await this.ta.vrfFinish(p.request, p.part, cosigned.answer);
        if (!proof) return result.preOutput;
        const transcripts = vrfPayloadTranscripts(req.kind, req.payload);
        if (!result.signature || !verifyVrf(encodePoint(pub.groupPublicKey), transcripts, result.signature))
          return { passOver: 'the combined VRF does not verify' };
        return result.signature;
      },
    };
  }

  /**
   * The ecdsa round trip: ECDSA_PREPARE, ECDSA_COSIGN, ECDSA_FINISH. No nonces: the signers are
   * named by their participant identifiers. The cosigner's TA seals its weighted share to ours;
   * ours combines, checks the key against the group key (a share that fails is DKG_BLAME of the
   * cosigner) and signs. Before release the signature must recover to the group key over the
   * prehash the TAs signed: the chain's own check.
   */
  private ecdsaTrip(req: EcdsaSignRequest): RoundTrip<PreparedSignature, EcdsaCosigned> {
    return {
      naming: 'identifiers',
      prepare: ({ ids }) => this.ta.ecdsaPrepare({ ...req, signers: ids }),
      cosign: (link, p) => {
        if (!link.ecdsaCosign) throw new TaError('TRANSPORT', `peer ${link.peerId} cannot cosign ecdsa`);
        return link.ecdsaCosign(p.request, p.update);
      },
      finish: async (p, cosigned, { theirId }) => {
        // a share sealed by another TA cannot open at ours: blamed before our TA is asked
        if (cosigned.from !== theirId)
          return { passOver: `its weighted share says it is from ${cosigned.from}`, blame: true };
        const signature = await this.ta.ecdsaFinish(p.request, cosigned.ack, cosigned.weightedShare);
        const prehash = ecdsaPrehash(req.kind, req.payload);
        if (!this.verifierOf(req.key.keyType)(signature, prehash, req.key.publicKey))
          return { passOver: 'the ecdsa signature does not recover to the group key' };
        return signature;
      },
    };
  }

  /** The final check for a key of this type: the configured verifier of its scheme, else ours. */
  private verifierOf(keyType: string): SignatureCheck {
    const scheme = schemeOfKeyType(keyType);
    const configured = this.options.verify?.[scheme];
    if (configured) return configured;
    if (scheme === 'ecdsa') return ecdsaRecoversTo;
    const suite = signingSuiteOfKeyType(keyType);
    return (sig, msg, pk) => verifySignature(suite, sig, msg, pk);
  }

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

/** The transcripts a VRF kind's payload stands for, as the TAs build them. */
export const vrfPayloadTranscripts = (kind: VrfKind, payload: Uint8Array): VrfTranscripts =>
  kind === 'assignment-vrf' ? assignmentVrfPayloadTranscripts(payload) : babeVrfPayloadTranscripts(payload);

/** What an ownership proof's statement starts with (POLKADOT.md, "The session key set"). */
export const OWNERSHIP_PROOF_PREFIX = new TextEncoder().encode('POP_');

/** A commitment that can stand beside ours in a set: another member's, with no identity point. */
const isCosignerCommitment = (c: SigningCommitment, ownId: number, pub: PublicKeyPackage): boolean =>
  c.identifier !== ownId && pub.verifyingShares.has(c.identifier) && !c.hiding.is0() && !c.binding.is0();

const codeOf = (e: unknown): TaErrorCode | undefined => (e instanceof TaError ? e.code : undefined);
const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));
