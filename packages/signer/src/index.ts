/**
 * @triad/signer — the Triad signer peer. So far: its gRPC contracts (proto.ts).
 */
export { loadServices, protoRoot, PROTO_FILES } from './proto.js';
export type { TriadServices } from './proto.js';
