/**
 * The TAs of one cluster driven from one process: the TA-level tests and the benchmark run the DKG,
 * the signing round trip and unlocking through it on any backend. It runs the signer's own code for
 * each (the ceremony relay, the coordinator, the unlocker) over in-process links where the peers
 * use gRPC, so what the TA tests exercise is what the peers do, not a copy of it.
 */
import { encodePoint } from '@triad/frost';
import type { PublicKeyPackage, SigningCommitment } from '@triad/frost';
import { CeremonyError } from '@triad/signer/ceremony';
import type { CeremonyLink } from '@triad/signer/ceremony';
import { runDkg, runRefresh } from '@triad/signer/ceremony-relay';
import { Coordinator, QuorumError, signedMessage } from '@triad/signer/coordinator';
import type { CosignerLink } from '@triad/signer/coordinator';
import { TaUnlocker } from '@triad/signer/unlock';
import { TaError } from '@triad/tee';
import type {
  FinishResult,
  KeyId,
  PreparedSignature,
  RequestKind,
  SignPartialRequest,
  TrustedApp,
} from '@triad/tee';

/** Device i's TA as a ceremony participant (participant i + 1), reached in process. */
const ceremonyLink = (ta: TrustedApp, i: number): CeremonyLink => ({
  peerId: `device-${i}`,
  participantId: i + 1,
  dkgRound1: (args) => ta.dkgRound1({ ...args, ownId: i + 1 }),
  refreshRound1: (key, context) => ta.refreshRound1(key, context),
  dkgRound2: (others) => ta.dkgRound2(others),
  refreshRound2: (others) => ta.refreshRound2(others),
  dkgRound3: (received) => ta.dkgRound3(received),
});

/** A ceremony's failure as the TA's own refusal (its first participant's), as tests expect it. */
async function unwrapCeremony<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const first = e instanceof CeremonyError ? e.failures[0]?.error : undefined;
    throw first instanceof TaError ? first : e;
  }
}

/**
 * A key as the tests name it: by type and public key, or by its type alone when the TAs hold one
 * active key of that type (or none: then a key no TA holds, which every command answers NO_KEY).
 */
export type KeyRef = string | KeyId;

/** The key whose public key package is `pub`. */
export const keyOf = (keyType: string, pub: PublicKeyPackage): KeyId => ({
  keyType,
  publicKey: encodePoint(pub.groupPublicKey),
});

/** What passed between the TAs in one signing, for tests that check the round trip itself. */
interface RoundTrip {
  signingSet?: SigningCommitment[];
  prepared?: PreparedSignature;
  cosigned?: Awaited<ReturnType<TrustedApp['signCosign']>>;
  finished?: FinishResult;
  /** The last TA call that failed. */
  error?: unknown;
}

/**
 * The TAs of one cluster, whatever backend carries the bytes, with the relaying the peers do:
 * the DKG, commitments, the signing round trip, unlocking.
 */
export class TaGroup {
  constructor(readonly tas: TrustedApp[]) {}

  /**
   * The DKG among all devices, led by device 0 through the signer's relay: a new key of `keyType`
   * (another one if the TAs hold keys of that type); every TA's public package of it.
   */
  async dkg(keyType: string, nonSlashable = false, context = `test-${keyType}`): Promise<PublicKeyPackage[]> {
    const infos = await Promise.all(this.tas.map((t) => t.getInfo()));
    const participants = infos.map((info, i) => ({ id: i + 1, identityPublicKey: info.identityPublicKey }));
    const pub = await unwrapCeremony(() =>
      runDkg({
        ...this.ceremony(context),
        keyType,
        participants,
        threshold: 2,
        nonSlashable,
      }),
    );
    // The relay checked that every TA returned this very package.
    return this.tas.map(() => pub);
  }

  /** A share refresh of `key` among all devices, through the signer's relay; every TA's new package. */
  async refresh(key: KeyRef, context = `refresh-${typeOf(key)}`): Promise<PublicKeyPackage[]> {
    const id = await this.keyId(key);
    const pub = await unwrapCeremony(() => runRefresh({ ...this.ceremony(context), key: id }));
    return this.tas.map(() => pub);
  }

  private ceremony(context: string) {
    return {
      self: { id: 1, ta: this.tas[0]!, peerId: 'device-0' },
      peers: this.tas.slice(1).map((ta, k) => ceremonyLink(ta, k + 1)),
      context: new TextEncoder().encode(context),
    };
  }

  /**
   * `key` by type and public key: a key type means its one active key in device `device`'s TA
   * (GET_INFO), or, with none, a key no TA holds (all zero); with several, name one.
   */
  async keyId(key: KeyRef, device = 0): Promise<KeyId> {
    if (typeof key !== 'string') return key;
    const info = await this.tas[device]!.getInfo();
    const active = info.keys.filter((k) => k.keyType === key && k.status === 'active');
    if (active.length > 1) throw new Error(`several ${key} keys: name one by its public key`);
    return { keyType: key, publicKey: active[0]?.groupPublicKey ?? new Uint8Array(32) };
  }

  /** One commitment from each signer (by index), as the coordinator gathers them. */
  async commitments(key: KeyRef, signers: readonly number[]): Promise<SigningCommitment[]> {
    const id = await this.keyId(key, signers[0]);
    const sets = await Promise.all(signers.map((i) => this.tas[i]!.commitNonces(id, 1)));
    return sets.map((s) => s[0]!).sort((a, b) => a.identifier - b.identifier);
  }

  /**
   * A whole signature, made by the signer's `Coordinator` on `signers[0]` with `signers[1]` as its
   * one cosigner: commitments, prepare, cosign, finish, the signature checked before it is
   * returned. A TA's refusal or failure comes back as that TA's TaError (where the coordinator
   * would pass a cosigner over, there is no other one here). With the signature: what passed
   * between the TAs (the signing set, the preparation, the cosigner's answer, the finish), and
   * `msg`, what the key signed.
   */
  async sign(
    pub: PublicKeyPackage,
    keyType: string,
    kind: RequestKind,
    payload: Uint8Array,
    signers: readonly number[],
  ) {
    const seen: RoundTrip = {};
    const [own, other] = [this.tas[signers[0]!]!, this.tas[signers[1]!]!];
    // Each TA call the round trip makes is recorded, and its failure kept to be answered with.
    const record = async <T>(call: () => Promise<T>, keep: (v: T) => void): Promise<T> => {
      try {
        const v = await call();
        keep(v);
        return v;
      } catch (e) {
        seen.error = e;
        throw e;
      }
    };
    // One commitment per signature from each TA (the peers fetch batches; TA tests count nonces).
    const steps: Partial<TrustedApp> = {
      commitNonces: (t) =>
        record(
          () => own.commitNonces(t, 1),
          () => undefined,
        ),
      signPrepare: (request) =>
        record(
          () => own.signPrepare(request),
          (v) => ((seen.signingSet = [...request.signingSet]), (seen.prepared = v)),
        ),
      signFinish: (request, ack) =>
        record(
          () => own.signFinish(request, ack),
          (v) => (seen.finished = v),
        ),
    };
    const ownTa = new Proxy(own, {
      get: (ta, name: keyof TrustedApp) => steps[name] ?? ta[name],
    });
    const cosigner: CosignerLink = {
      peerId: `device-${signers[1]}`,
      commit: (t) =>
        record(
          () => other.commitNonces(t, 1),
          () => undefined,
        ),
      cosign: (request, update) =>
        record(
          () => other.signCosign(request, update),
          (v) => (seen.cosigned = v),
        ),
    };
    const coordinator = new Coordinator(
      ownTa,
      () => pub,
      () => [cosigner],
    );
    let outcome;
    try {
      outcome = await coordinator.sign({ kind, key: keyOf(keyType, pub), payload });
    } catch (e) {
      throw e instanceof QuorumError && seen.error instanceof TaError ? seen.error : e;
    }
    if (outcome.kind === 'refusal') throw new TaError(outcome.code, outcome.message);
    const { signingSet, prepared, finished, cosigned } = seen;
    if (!signingSet || !prepared || !finished || !cosigned)
      throw new Error('the coordinator signed without a round trip');
    const msg = signedMessage(kind, payload);
    return { signature: outcome.signature, msg, signingSet, prepared, finished, cosigned };
  }

  /** Device i unlocks with a report from every other device, as the signer's unlocker asks for them. */
  async unlock(i: number) {
    const ta = this.tas[i]!;
    const peers = this.tas.flatMap((other, k) =>
      k === i ? [] : [{ peerId: `device-${k}`, counterReport: (c: Uint8Array) => other.counterReport(c) }],
    );
    const info = await ta.getInfo();
    return (await new TaUnlocker(ta, peers, () => true).unlockIfDue(info)) ?? info;
  }

  /** A request with fresh commitments from `signers` (device indexes), for `key`. */
  async request(
    payload: Uint8Array,
    signers: readonly number[],
    kind: RequestKind = 'babe-seal',
    key: KeyRef = 'babe',
  ) {
    const id = await this.keyId(key, signers[0]);
    return {
      kind,
      key: id,
      payload,
      signingSet: await this.commitments(id, signers),
    } satisfies SignPartialRequest;
  }
}

const typeOf = (key: KeyRef): string => (typeof key === 'string' ? key : key.keyType);
