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
import { COUNTER_UPDATE_BYTES, Kind, Limits, TaError, Tag } from '@triad/tee';
import type { TrustedApp } from '@triad/tee';
import { PeerLimits } from './limits.js';
import { bytes, invalid, keyId, uint, unary } from './rpc.js';

/** A VRF signer's part: id:u16 and its pre-output share, and for a proof its two commitments on H. */
const vrfPartBytes = (proof: boolean) => 2 + 32 + (proof ? 64 : 0);

/** A TA refusal as a CosignRefusal (the coordinator decides); a TA out of reach stays an error. */
async function refusable<T>(run: () => Promise<T>, onCosign: (outcome: string) => void) {
  try {
    const cosigned = await run();
    onCosign('cosigned');
    return { cosigned };
  } catch (e) {
    if (e instanceof TaError && e.code !== 'TRANSPORT' && e.code !== 'PROTOCOL') {
      onCosign(e.code);
      return { refusal: { code: e.code, message: e.message } };
    }
    throw e;
  }
}

/**
 * The handlers of `Cosigner` that serve signing (Commit, Cosign, VrfCosign, EcdsaCosign) and
 * unlocking (CounterReport).
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
      return refusable(async () => {
        const { share, ack } = await ta.signCosign(request, update);
        return { share: Buffer.from(encodeSignatureShare(share)), counterAck: Buffer.from(ack) };
      }, onCosign);
    }),
    VrfCosign: unary(async (req) => {
      const request = bytes(req, 'request', 3, PeerLimits.MAX_COSIGN_REQUEST);
      if (request[0] !== Tag.VrfRequest) invalid('request: not a VRF request');
      const proof = request[1] !== Kind.BabeVrfPreOutput;
      if (!([Kind.BabeVrf, Kind.BabeVrfPreOutput, Kind.AssignmentVrf] as number[]).includes(request[1]!))
        invalid('request: not a VRF kind');
      const part = bytes(req, 'part', vrfPartBytes(proof), vrfPartBytes(proof));
      const update = bytes(req, 'counterUpdate', COUNTER_UPDATE_BYTES, COUNTER_UPDATE_BYTES);
      return refusable(async () => {
        const { answer } = await ta.vrfCosign(request, part, update);
        return { answer: Buffer.from(answer) };
      }, onCosign);
    }),
    EcdsaCosign: unary(async (req) => {
      const request = bytes(req, 'request', 2, PeerLimits.MAX_COSIGN_REQUEST);
      if (request[0] !== Tag.SignRequest) invalid('request: not a sign request');
      if (!([Kind.BeefyCommitment, Kind.OwnershipProof] as number[]).includes(request[1]!))
        invalid('request: not a kind an ecdsa key signs');
      const update = bytes(req, 'counterUpdate', COUNTER_UPDATE_BYTES, COUNTER_UPDATE_BYTES);
      return refusable(async () => {
        const { weightedShare, ack } = await ta.ecdsaCosign(request, update);
        return { weightedShare: Buffer.from(weightedShare), counterAck: Buffer.from(ack) };
      }, onCosign);
    }),
    CounterReport: unary(async (req) => ({
      report: Buffer.from(await ta.counterReport(bytes(req, 'challenge', 1, PeerLimits.MAX_COUNTER_MESSAGE))),
    })),
  };
}
