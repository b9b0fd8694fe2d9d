/**
 * The gRPC contracts (proto/triad/v1): the validator-facing `Signer`, the peer-to-peer `Cosigner`
 * and the operator's `Operator`, loaded at run time with @grpc/proto-loader. 64-bit integers come
 * in as decimal strings (never lossy JS numbers), enums as their names, bytes as Buffers.
 */
import { loadPackageDefinition } from '@grpc/grpc-js';
import type { GrpcObject, ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROTO_FILES = [
  'triad/v1/signer.proto',
  'triad/v1/cosigner.proto',
  'triad/v1/operator.proto',
  'triad/v1/status.proto',
] as const;

/**
 * The directory holding triad/v1/*.proto: TRIAD_PROTO_DIR, else the repository's proto/ (found by
 * walking up from this module, which runs from src/ under jest and from dist/src/ otherwise).
 */
export function protoRoot(): string {
  if (process.env.TRIAD_PROTO_DIR) return process.env.TRIAD_PROTO_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'proto', PROTO_FILES[0]))) return join(dir, 'proto');
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`proto files not found above ${fileURLToPath(import.meta.url)}: set TRIAD_PROTO_DIR`);
    dir = parent;
  }
}

export interface TriadServices {
  readonly Signer: ServiceClientConstructor;
  readonly Cosigner: ServiceClientConstructor;
  readonly Operator: ServiceClientConstructor;
}

let loaded: TriadServices | undefined;

export function loadServices(root = protoRoot()): TriadServices {
  if (loaded && root === protoRoot()) return loaded;
  const definition = loadSync([...PROTO_FILES], {
    includeDirs: [root],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const v1 = ((loadPackageDefinition(definition).triad as GrpcObject).v1 as GrpcObject) ?? {};
  const services = {
    Signer: v1.Signer as ServiceClientConstructor,
    Cosigner: v1.Cosigner as ServiceClientConstructor,
    Operator: v1.Operator as ServiceClientConstructor,
  };
  if (!services.Signer?.service || !services.Cosigner?.service || !services.Operator?.service)
    throw new Error(`triad.v1 services missing in ${root}`);
  loaded = services;
  return services;
}
