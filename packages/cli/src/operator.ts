/**
 * A gRPC client of one peer's Operator service, as the target's operator certificate, naming the
 * peer as its certificate does (`tlsChannelOptions`: a loopback URL is `localhost`, an IP URL the
 * target's server name), so Node never sees an IP address as the TLS server name.
 */
import { credentials } from '@grpc/grpc-js';
import { loadServices, tlsChannelOptions } from '@triad/proto';
import { readFileSync } from 'node:fs';
import type { Target } from './target.js';

export function operatorClient<T>(url: string, target: Target): T {
  const tls = credentials.createSsl(
    readFileSync(target.ca),
    readFileSync(target.key),
    readFileSync(target.cert),
  );
  return new (loadServices().Operator)(url, tls, tlsChannelOptions(url, target.serverName)) as unknown as T;
}
