/**
 * The peer-to-peer `Cosigner` service over this peer's TA (proto/triad/v1/cosigner.proto), and
 * the client side: a `CosignerLink` to another peer for the coordinator.
 *
 * The service only moves the TAs' bytes and turns outcomes into the contract's shapes: a TA refusal
 * is a `CosignRefusal` (status OK, the coordinator decides), malformed fields are INVALID_ARGUMENT,
 * a TA that cannot be reached is UNAVAILABLE. Nothing a caller sends can crash the peer: every
 * handler validates its fields and catches everything.
 */
import type { ChannelCredentials, Client, ServiceError, UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  decodeSigningCommitment,
  encodeSigningCommitment,
  decodeSignatureShare,
  encodeSignatureShare,
} from '@triad/frost';
import type { SignatureShare, SigningCommitment } from '@triad/frost';
import { loadServices } from '@triad/proto';
import { TaError } from '@triad/tee';
import type { TrustedApp } from '@triad/tee';
import type { CosignerLink } from './coordinator.js';
import { bytes, invalid, keyType, unary } from './rpc.js';

/**
 * The handlers of `Cosigner` that serve signing (Commit, Cosign) and unlocking (CounterReport).
 * `onCosign` hears each Cosign's outcome: "cosigned", or the TA's refusal code.
 */
export function cosignerHandlers(
  ta: TrustedApp,
  onCosign: (outcome: string) => void = () => undefined,
): UntypedServiceImplementation {
  return {
    Commit: unary(async (req) => {
      const count = req.count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 32) {
        invalid('count: 1..32');
      }
      const commitments = await ta.commitNonces(keyType(req), count);
      return { commitments: commitments.map((c) => Buffer.from(encodeSigningCommitment(c))) };
    }),
    Cosign: unary(async (req) => {
      const request = bytes(req, 'request', 1, 70_000);
      const update = bytes(req, 'counterUpdate', 1, 1024);
      try {
        const { share, ack } = await ta.signCosign(request, update);
        onCosign('cosigned');
        return {
          cosigned: { share: Buffer.from(encodeSignatureShare(share)), counterAck: Buffer.from(ack) },
        };
      } catch (e) {
        if (e instanceof TaError && e.code !== 'TRANSPORT' && e.code !== 'PROTOCOL') {
          onCosign(e.code);
          return { refusal: { code: e.code, message: e.message } };
        }
        throw e;
      }
    }),
    CounterReport: unary(async (req) => ({
      report: Buffer.from(await ta.counterReport(bytes(req, 'challenge', 1, 1024))),
    })),
  };
}

type UnaryMethod = (
  req: unknown,
  opts: { deadline: Date },
  cb: (e: ServiceError | null, res: Record<string, unknown>) => void,
) => void;

/** The coordinator's link to another peer's `Cosigner` service. */
export class GrpcCosignerLink implements CosignerLink {
  private readonly client: Client & Record<'Commit' | 'Cosign', UnaryMethod>;

  constructor(
    readonly peerId: string,
    address: string,
    credentials: ChannelCredentials,
    private readonly timeoutMs = 2000,
    options: Record<string, string | number> = {},
  ) {
    const { Cosigner } = loadServices();
    this.client = new Cosigner(address, credentials, options) as unknown as typeof this.client;
  }

  private call(method: 'Commit' | 'Cosign', req: unknown): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) =>
      this.client[method](req, { deadline: new Date(Date.now() + this.timeoutMs) }, (e, res) =>
        e
          ? reject(new TaError('TRANSPORT', `peer ${this.peerId} ${method}: ${e.details || e.message}`))
          : resolve(res),
      ),
    );
  }

  async commit(keyType: string, count: number): Promise<SigningCommitment[]> {
    const res = await this.call('Commit', { keyType, count });
    return (res.commitments as Uint8Array[]).map((b) => decodeSigningCommitment(b));
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

  close(): void {
    this.client.close();
  }
}
