/**
 * The coordinator's link to another peer's `Cosigner` service (Commit, Cosign, VrfCosign,
 * EcdsaCosign) over that peer's
 * `PeerClient`. A cosigner's refusal comes back as the TaError its TA gave; anything the network
 * or the peer's host did wrong is TRANSPORT, which passes that cosigner over.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { decodeSignatureShare, decodeSigningCommitment } from '@triad/frost';
import type { SignatureShare, SigningCommitment } from '@triad/frost';
import {
  decodeEcdsaCosigned,
  decodeVrfCosignResult,
  suiteOfKeyType,
  Tag,
  TaError,
  vrfRequestHasProof,
} from '@triad/tee';
import type { EcdsaCosigned, KeyId, VrfCosigned } from '@triad/tee';
import type { CosignerLink } from './coordinator.js';
import { PeerLimits } from './limits.js';
import type { PeerClient } from './peer-client.js';

export class GrpcCosignerLink implements CosignerLink {
  readonly peerId: string;

  constructor(
    private readonly client: PeerClient,
    /**
     * The peer's TA's participant identifier (its entry in the configuration): an ecdsa signature
     * names its signers by it. Undefined: this link is passed over for ecdsa.
     */
    readonly participantId: number | undefined,
    /** Per call: a signing waits at most this long on one cosigner before trying the next. */
    private readonly timeoutMs: number = PeerLimits.COSIGN_TIMEOUT_MS,
  ) {
    this.peerId = client.peerId;
  }

  async commit(key: KeyId, count: number): Promise<SigningCommitment[]> {
    const res = await this.call('Commit', { keyType: key.keyType, publicKey: key.publicKey, count });
    const suite = suiteOfKeyType(key.keyType);
    return (res.commitments as Uint8Array[]).map((b) => decodeSigningCommitment(b, suite));
  }

  async cosign(request: Uint8Array, update: Uint8Array): Promise<{ share: SignatureShare; ack: Uint8Array }> {
    const res = await this.call('Cosign', { request, counterUpdate: update });
    if (res.result === 'refusal') {
      const r = res.refusal as { code: string; message: string };
      throw new TaError(r.code as TaError['code'], `peer ${this.peerId}: ${r.message}`);
    }
    const c = res.cosigned as { share: Uint8Array; counterAck: Uint8Array };
    return { share: decodeSignatureShare(c.share), ack: new Uint8Array(c.counterAck) };
  }

  async vrfCosign(request: Uint8Array, part: Uint8Array, update: Uint8Array): Promise<VrfCosigned> {
    const res = await this.call('VrfCosign', { request, part, counterUpdate: update });
    if (res.result === 'refusal') {
      const r = res.refusal as { code: string; message: string };
      throw new TaError(r.code as TaError['code'], `peer ${this.peerId}: ${r.message}`);
    }
    const { answer } = res.cosigned as { answer: Uint8Array };
    // strict on what the host relays: the TA answer's exact layout for this kind
    try {
      return decodeVrfCosignResult(
        Buffer.concat([Buffer.of(Tag.VrfCosignResult), answer]),
        vrfRequestHasProof(request),
      );
    } catch (e) {
      throw new TaError('TRANSPORT', `peer ${this.peerId} VrfCosign: ${(e as Error).message}`);
    }
  }

  async ecdsaCosign(request: Uint8Array, update: Uint8Array): Promise<EcdsaCosigned> {
    const res = await this.call('EcdsaCosign', { request, counterUpdate: update });
    if (res.result === 'refusal') {
      const r = res.refusal as { code: string; message: string };
      throw new TaError(r.code as TaError['code'], `peer ${this.peerId}: ${r.message}`);
    }
    const c = res.cosigned as { weightedShare: Uint8Array; counterAck: Uint8Array };
    // strict on what the host relays: a WeightedShare and an ack, exactly
    try {
      return decodeEcdsaCosigned(c.weightedShare, c.counterAck);
    } catch (e) {
      throw new TaError('TRANSPORT', `peer ${this.peerId} EcdsaCosign: ${(e as Error).message}`);
    }
  }

  private call(
    method: 'Commit' | 'Cosign' | 'VrfCosign' | 'EcdsaCosign',
    req: unknown,
  ): Promise<Record<string, unknown>> {
    return this.client.call(method, req, this.timeoutMs).catch((e: ServiceError) => {
      throw new TaError('TRANSPORT', `peer ${this.peerId} ${method}: ${e.details || e.message}`);
    });
  }
}
