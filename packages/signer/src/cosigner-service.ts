/**
 * The peer-to-peer `Cosigner` service over this peer's TA (proto/triad/v1/cosigner.proto): the
 * signing and unlocking handlers (the client side is cosigner-link.ts; the ceremony handlers are
 * ceremony-handlers.ts, Attest attestation.ts).
 *
 * The service only moves the TAs' bytes and turns outcomes into the contract's shapes: a TA refusal
 * is a `CosignRefusal` (status OK, the coordinator decides), malformed fields are INVALID_ARGUMENT,
 * a TA that cannot be reached is UNAVAILABLE. Nothing a caller sends can crash the peer: every
 * handler validates its fields and catches everything.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { encodeSignatureShare, encodeSigningCommitment } from '@triad/frost';
import { Limits, TaError } from '@triad/tee';
import type { TrustedApp } from '@triad/tee';
import { PeerLimits } from './limits.js';
import { bytes, keyId, uint, unary } from './rpc.js';

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
      const count = uint(req, 'count', 1, Limits.MAX_COMMIT_BATCH);
      const commitments = await ta.commitNonces(keyId(req), count);
      return { commitments: commitments.map((c) => Buffer.from(encodeSigningCommitment(c))) };
    }),
    Cosign: unary(async (req) => {
      const request = bytes(req, 'request', 1, PeerLimits.MAX_COSIGN_REQUEST);
      const update = bytes(req, 'counterUpdate', 1, PeerLimits.MAX_COUNTER_MESSAGE);
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
      report: Buffer.from(await ta.counterReport(bytes(req, 'challenge', 1, PeerLimits.MAX_COUNTER_MESSAGE))),
    })),
  };
}
