/**
 * One interface for the Triad TA whatever runs it: `emulated` (a ta-host process over a unix
 * socket) or `optee` (libteec on a board). Both move bytes through a `TeeTransport`; this client
 * encodes requests, decodes answers, and turns TEE results into typed `TaError`s.
 */
import type {
  DkgRound1Package,
  PublicKeyPackage,
  RefreshRound1Package,
  SignatureShare,
  SigningCommitment,
} from '@triad/frost';
import { encodeDkgRound1Package, encodeRefreshRound1Package, schnorrkel } from '@triad/frost';
import type { Ciphersuite } from '@triad/frost';
import { suiteOfKeyType } from './key-suite.js';
import { errorForResult, TaError } from './errors.js';
import type {
  DkgStart,
  Evidence,
  FinishResult,
  KeyId,
  SealedShare,
  SignPartialRequest,
  TaInfo,
  UnlockResult,
} from './messages.js';
import {
  decodeChallenge,
  decodeCommitmentBatch,
  decodeCosignResult,
  decodeCounterUpdates,
  decodeEvidence,
  decodeFinishResult,
  decodeInfo,
  decodeRefreshPackage,
  decodeReport,
  decodeUnlockResult,
  encodeAttestRequest,
  encodeCosignRequest,
  encodeFinishRequest,
  encodeRefreshStart,
  encodeUnlockRequest,
  decodePublicPackage,
  decodeRound1Package,
  decodeRound2Bundle,
  encodeCommitNonces,
  encodeDkgStart,
  encodeKeyIdRequest,
  encodeRound1Bundle,
  encodeRound2Bundle,
  encodeSignRequest,
} from './messages.js';
import { Command, MAX_OUTPUT, TeeResult } from './protocol.js';
import type { EcdsaCosigned, EcdsaSignRequest } from './ecdsa-messages.js';
import {
  decodeEcdsaCosignResult,
  decodeEcdsaSignature,
  encodeEcdsaFinishRequest,
  encodeEcdsaSignRequest,
} from './ecdsa-messages.js';
import type { VrfCosigned, VrfPrepared, VrfRequest, VrfResult } from './vrf-messages.js';
import {
  decodeVrfCosignResult,
  decodeVrfPrepared,
  decodeVrfResult,
  encodeVrfCosignRequest,
  encodeVrfFinishRequest,
  encodeVrfRequest,
  vrfRequestHasProof,
} from './vrf-messages.js';

export interface PreparedSignature {
  /** The encoded signing request, as the cosigner must receive it. */
  readonly request: Uint8Array;
  /** The coordinator TA's counter update for the cosigner's TA (opaque, authenticated). */
  readonly update: Uint8Array;
}

export interface TeeTransport {
  /** One command: one input buffer in, one output buffer (of at most `capacity`) back. */
  invoke(
    command: Command,
    input: Uint8Array,
    capacity: number,
  ): Promise<{ result: number; output: Uint8Array }>;
  close(): Promise<void>;
}

export interface TrustedApp {
  getInfo(): Promise<TaInfo>;
  /** Round one ahead of time: `count` fresh commitments from the TA's RAM-only nonce pool. */
  commitNonces(key: KeyId, count: number): Promise<SigningCommitment[]>;
  /**
   * Coordinator, step one: the TA parses the payload, applies its rules, advances and seals its
   * mark and counter; no share yet. Returns the encoded request (send these exact bytes to the
   * cosigner) and the counter update addressed to the cosigner's TA.
   */
  signPrepare(request: SignPartialRequest): Promise<PreparedSignature>;
  /** Cosigner: the same checks, then its share and its TA's ack of the coordinator's counter. */
  signCosign(request: Uint8Array, update: Uint8Array): Promise<{ share: SignatureShare; ack: Uint8Array }>;
  /**
   * Coordinator, step two: the share, released only on the cosigner's authenticated ack, with the
   * group commitment R the TA derived (encoded, 32 bytes; public). `R || (share.z + cosigner's z)`,
   * marked as schnorrkel marks it, is the signature: the host need not derive R again, only verify.
   */
  signFinish(request: Uint8Array, ack: Uint8Array): Promise<FinishResult>;
  /**
   * A threshold VRF (babe-vrf, babe-vrf-pre-output, assignment-vrf), coordinator step one: the TA
   * builds the transcript from the payload's fields, applies the kind's rule (babe: the window),
   * seals its mark and counter, and hands out its part (pre-output share, commitments on H) with
   * the counter update. Send request, part and update to the cosigner.
   */
  vrfPrepare(request: VrfRequest): Promise<VrfPrepared>;
  /** Cosigner: the same checks, then its answer (its part, its share for a proof, its ack). */
  vrfCosign(request: Uint8Array, part: Uint8Array, update: Uint8Array): Promise<VrfCosigned>;
  /**
   * Coordinator, step two: on the cosigner's authenticated ack, its share checked (a bad one is
   * DKG_BLAME(cosigner)), the VRF released: the pre-output, and for a proof the 96-byte signature.
   */
  vrfFinish(request: Uint8Array, part: Uint8Array, answer: Uint8Array): Promise<VrfResult>;
  /**
   * An ecdsa (beef) signature, coordinator step one: the TA parses the payload, applies the kind's
   * rule, advances and seals its mark and counter. The signers are named by identifier (no nonces).
   * Returns the encoded request (send these exact bytes to the cosigner) and the counter update.
   */
  ecdsaPrepare(request: EcdsaSignRequest): Promise<PreparedSignature>;
  /**
   * Cosigner: the same checks, then its Lagrange-weighted share sealed to the coordinator's TA
   * (the host cannot open it) and its TA's ack of the coordinator's counter.
   */
  ecdsaCosign(request: Uint8Array, update: Uint8Array): Promise<EcdsaCosigned>;
  /**
   * Coordinator, step two: on the cosigner's authenticated ack, the two weighted shares combined
   * and checked against the group key (a share that does not open or combine is
   * DKG_BLAME(cosigner)), the prehash signed: 65 bytes r || s || recovery id.
   */
  ecdsaFinish(request: Uint8Array, ack: Uint8Array, weightedShare: Uint8Array): Promise<Uint8Array>;
  /** Unlocking after a start: a fresh challenge for every peer's TA... */
  counterChallenge(): Promise<Uint8Array>;
  /** ...each peer's TA answers it with the counter it has seen from the challenger... */
  counterReport(challenge: Uint8Array): Promise<Uint8Array>;
  /** ...and with every peer's report the TA unlocks, or refuses ROLLED_BACK. */
  counterUnlock(reports: readonly Uint8Array[]): Promise<UnlockResult>;
  /** Evidence over the TA's identity key and `nonce`, signed by the device's attestation key. */
  attest(nonce: Uint8Array): Promise<Evidence>;
  dkgRound1(start: DkgStart): Promise<DkgRound1Package>;
  /** Given every other participant's round-one package, the shares this TA deals, sealed. */
  dkgRound2(others: readonly DkgRound1Package[]): Promise<SealedShare[]>;
  /** Given the shares dealt to this TA, the new key's public package (the key is sealed). */
  dkgRound3(received: readonly SealedShare[]): Promise<PublicKeyPackage>;
  exportPublic(key: KeyId): Promise<PublicKeyPackage>;
  /** Wipes the key's share (sealed); the key stays listed as retired and answers NO_KEY. */
  retireKey(key: KeyId): Promise<void>;
  /**
   * Share refresh (same group key, new shares; the recovery path after a board is replaced):
   * round one; then refreshRound2 and dkgRound3, as for a DKG.
   */
  refreshRound1(key: KeyId, context: Uint8Array): Promise<RefreshRound1Package>;
  refreshRound2(others: readonly RefreshRound1Package[]): Promise<SealedShare[]>;
  close(): Promise<void>;
}

export class TaClient implements TrustedApp {
  /**
   * The suite of the key ceremony under way (DKG or refresh round one sets it): round three's
   * public key package is in that key's group. The TA holds one ceremony at a time, and so does this.
   */
  private ceremonySuite: Ciphersuite = schnorrkel;

  constructor(private readonly transport: TeeTransport) {}

  private async call(command: Command, input: Uint8Array, what: string): Promise<Uint8Array> {
    const { result, output } = await this.transport.invoke(command, input, MAX_OUTPUT);
    if (result !== TeeResult.SUCCESS) throw errorForResult(result, what);
    return output;
  }

  async getInfo(): Promise<TaInfo> {
    return decodeInfo(await this.call(Command.GetInfo, new Uint8Array(), 'get-info'));
  }

  async commitNonces(key: KeyId, count: number): Promise<SigningCommitment[]> {
    return decodeCommitmentBatch(
      await this.call(Command.CommitNonces, encodeCommitNonces(key, count), 'commit-nonces'),
      suiteOfKeyType(key.keyType),
    );
  }

  async signPrepare(request: SignPartialRequest): Promise<PreparedSignature> {
    const encoded = encodeSignRequest(request);
    const updates = decodeCounterUpdates(await this.call(Command.SignPrepare, encoded, 'sign-prepare'));
    return { request: encoded, update: updates[0]! };
  }

  async signCosign(
    request: Uint8Array,
    update: Uint8Array,
  ): Promise<{ share: SignatureShare; ack: Uint8Array }> {
    return decodeCosignResult(
      await this.call(Command.SignCosign, encodeCosignRequest(request, update), 'sign-cosign'),
    );
  }

  async signFinish(request: Uint8Array, ack: Uint8Array): Promise<FinishResult> {
    return decodeFinishResult(
      await this.call(Command.SignFinish, encodeFinishRequest(request, ack), 'sign-finish'),
    );
  }

  async vrfPrepare(request: VrfRequest): Promise<VrfPrepared> {
    const encoded = encodeVrfRequest(request);
    const out = await this.call(Command.VrfPrepare, encoded, 'vrf-prepare');
    return { request: encoded, ...decodeVrfPrepared(out, vrfRequestHasProof(encoded)) };
  }

  async vrfCosign(request: Uint8Array, part: Uint8Array, update: Uint8Array): Promise<VrfCosigned> {
    const out = await this.call(
      Command.VrfCosign,
      encodeVrfCosignRequest(request, part, update),
      'vrf-cosign',
    );
    return decodeVrfCosignResult(out, vrfRequestHasProof(request));
  }

  async vrfFinish(request: Uint8Array, part: Uint8Array, answer: Uint8Array): Promise<VrfResult> {
    const out = await this.call(
      Command.VrfFinish,
      encodeVrfFinishRequest(request, part, answer),
      'vrf-finish',
    );
    return decodeVrfResult(out, vrfRequestHasProof(request));
  }

  async ecdsaPrepare(request: EcdsaSignRequest): Promise<PreparedSignature> {
    const encoded = encodeEcdsaSignRequest(request);
    const updates = decodeCounterUpdates(await this.call(Command.EcdsaPrepare, encoded, 'ecdsa-prepare'));
    if (updates.length !== 1)
      throw new TaError('PROTOCOL', `ecdsa-prepare: ${updates.length} counter updates for one cosigner`);
    return { request: encoded, update: updates[0]! };
  }

  async ecdsaCosign(request: Uint8Array, update: Uint8Array): Promise<EcdsaCosigned> {
    return decodeEcdsaCosignResult(
      await this.call(Command.EcdsaCosign, encodeCosignRequest(request, update), 'ecdsa-cosign'),
    );
  }

  async ecdsaFinish(request: Uint8Array, ack: Uint8Array, weightedShare: Uint8Array): Promise<Uint8Array> {
    return decodeEcdsaSignature(
      await this.call(
        Command.EcdsaFinish,
        encodeEcdsaFinishRequest(request, ack, weightedShare),
        'ecdsa-finish',
      ),
    );
  }

  async counterChallenge(): Promise<Uint8Array> {
    return decodeChallenge(await this.call(Command.CounterChallenge, new Uint8Array(), 'counter-challenge'))
      .challenge;
  }

  async counterReport(challenge: Uint8Array): Promise<Uint8Array> {
    return decodeReport(await this.call(Command.CounterReport, challenge, 'counter-report'));
  }

  async counterUnlock(reports: readonly Uint8Array[]): Promise<UnlockResult> {
    return decodeUnlockResult(
      await this.call(Command.CounterUnlock, encodeUnlockRequest(reports), 'counter-unlock'),
    );
  }

  async attest(nonce: Uint8Array): Promise<Evidence> {
    return decodeEvidence(await this.call(Command.Attest, encodeAttestRequest(nonce), 'attest'));
  }

  async dkgRound1(start: DkgStart): Promise<DkgRound1Package> {
    this.ceremonySuite = suiteOfKeyType(start.keyType);
    return decodeRound1Package(
      await this.call(Command.DkgRound1, encodeDkgStart(start), 'dkg-round1'),
      this.ceremonySuite,
    );
  }

  async dkgRound2(others: readonly DkgRound1Package[]): Promise<SealedShare[]> {
    const bundle = encodeRound1Bundle(others.map(encodeDkgRound1Package));
    return decodeRound2Bundle(await this.call(Command.DkgRound2, bundle, 'dkg-round2'));
  }

  async dkgRound3(received: readonly SealedShare[]): Promise<PublicKeyPackage> {
    return decodePublicPackage(
      await this.call(Command.DkgRound3, encodeRound2Bundle(received), 'dkg-round3'),
      this.ceremonySuite,
    );
  }

  async exportPublic(key: KeyId): Promise<PublicKeyPackage> {
    return decodePublicPackage(
      await this.call(Command.ExportPublic, encodeKeyIdRequest(key), 'export-public'),
      suiteOfKeyType(key.keyType),
    );
  }

  async retireKey(key: KeyId): Promise<void> {
    await this.call(Command.RetireKey, encodeKeyIdRequest(key), 'retire-key');
  }

  async refreshRound1(key: KeyId, context: Uint8Array): Promise<RefreshRound1Package> {
    this.ceremonySuite = suiteOfKeyType(key.keyType);
    return decodeRefreshPackage(
      await this.call(Command.RefreshRound1, encodeRefreshStart(key, context), 'refresh-round1'),
      this.ceremonySuite,
    );
  }

  async refreshRound2(others: readonly RefreshRound1Package[]): Promise<SealedShare[]> {
    const bundle = encodeRound1Bundle(others.map(encodeRefreshRound1Package));
    return decodeRound2Bundle(await this.call(Command.DkgRound2, bundle, 'refresh-round2'));
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
