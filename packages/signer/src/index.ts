/**
 * @triad/signer — the Triad signer peer. So far: its gRPC contracts (proto.ts) and the coordinator's
 * signing logic (coordinator.ts).
 */
export { loadServices, protoRoot, PROTO_FILES } from './proto.js';
export type { TriadServices } from './proto.js';
export { Coordinator, FINAL_REFUSALS, QuorumError } from './coordinator.js';
export type {
  CoordinatorEvents,
  CosignerLink,
  RefusalCode,
  SignOutcome,
  SignRequest,
} from './coordinator.js';
export { cosignerHandlers, GrpcCosignerLink } from './cosigner-service.js';
