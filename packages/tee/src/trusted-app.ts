/**
 * One interface for the Triad TA whatever runs it: `emulated` (a ta-host process over a unix
 * socket) or `optee` (libteec on a board). Both move bytes through a `TeeTransport`; this client
 * encodes requests, decodes answers, and turns TEE results into typed `TaError`s.
 */
import type { DkgRound1Package, PublicKeyPackage, SignatureShare, SigningCommitment } from '@triad/frost';
import { encodeDkgRound1Package } from '@triad/frost';
import { errorForResult } from './errors.js';
import type { DkgStart, KeyType, SealedShare, SignPartialRequest, TaInfo } from './messages.js';
import {
  decodeCommitmentBatch,
  decodeInfo,
  decodePublicPackage,
  decodeRound1Package,
  decodeRound2Bundle,
  decodeShare,
  encodeCommitNonces,
  encodeDkgStart,
  encodeKeyTypeRequest,
  encodeRound1Bundle,
  encodeRound2Bundle,
  encodeSignRequest,
} from './messages.js';
import { Command, MAX_OUTPUT, TeeResult } from './protocol.js';

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
  commitNonces(keyType: KeyType, count: number): Promise<SigningCommitment[]>;
  /** Round two: the TA parses the payload, applies its rules, seals its mark, then signs. */
  signPartial(request: SignPartialRequest): Promise<SignatureShare>;
  dkgRound1(start: DkgStart): Promise<DkgRound1Package>;
  /** Given every other participant's round-one package, the shares this TA deals, sealed. */
  dkgRound2(others: readonly DkgRound1Package[]): Promise<SealedShare[]>;
  /** Given the shares dealt to this TA, the new key's public package (the key is sealed). */
  dkgRound3(received: readonly SealedShare[]): Promise<PublicKeyPackage>;
  exportPublic(keyType: KeyType): Promise<PublicKeyPackage>;
  close(): Promise<void>;
}

export class TaClient implements TrustedApp {
  constructor(private readonly transport: TeeTransport) {}

  private async call(command: Command, input: Uint8Array, what: string): Promise<Uint8Array> {
    const { result, output } = await this.transport.invoke(command, input, MAX_OUTPUT);
    if (result !== TeeResult.SUCCESS) throw errorForResult(result, what);
    return output;
  }

  async getInfo(): Promise<TaInfo> {
    return decodeInfo(await this.call(Command.GetInfo, new Uint8Array(), 'get-info'));
  }

  async commitNonces(keyType: KeyType, count: number): Promise<SigningCommitment[]> {
    return decodeCommitmentBatch(
      await this.call(Command.CommitNonces, encodeCommitNonces(keyType, count), 'commit-nonces'),
    );
  }

  async signPartial(request: SignPartialRequest): Promise<SignatureShare> {
    return decodeShare(await this.call(Command.SignPartial, encodeSignRequest(request), 'sign-partial'));
  }

  async dkgRound1(start: DkgStart): Promise<DkgRound1Package> {
    return decodeRound1Package(await this.call(Command.DkgRound1, encodeDkgStart(start), 'dkg-round1'));
  }

  async dkgRound2(others: readonly DkgRound1Package[]): Promise<SealedShare[]> {
    const bundle = encodeRound1Bundle(others.map(encodeDkgRound1Package));
    return decodeRound2Bundle(await this.call(Command.DkgRound2, bundle, 'dkg-round2'));
  }

  async dkgRound3(received: readonly SealedShare[]): Promise<PublicKeyPackage> {
    return decodePublicPackage(
      await this.call(Command.DkgRound3, encodeRound2Bundle(received), 'dkg-round3'),
    );
  }

  async exportPublic(keyType: KeyType): Promise<PublicKeyPackage> {
    return decodePublicPackage(
      await this.call(Command.ExportPublic, encodeKeyTypeRequest(keyType), 'export-public'),
    );
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
