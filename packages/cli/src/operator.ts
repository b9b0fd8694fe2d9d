/**
 * A gRPC client of one peer's Operator service, as the target's operator certificate, naming the
 * peer as its certificate does (`tlsChannelOptions`: a loopback URL is `localhost`, an IP URL the
 * target's server name), so Node never sees an IP address as the TLS server name.
 */
import { credentials } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
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

type StreamingClient = Record<string, (r: unknown, o: { deadline: Date }) => NodeJS.EventEmitter> & {
  close(): void;
};

/**
 * One server-streaming Operator call to the first URL's peer (a ceremony): each `progress` event
 * goes to `onProgress`; the `done` event, read by `readDone`, is the outcome. The stream's error
 * status is the failure, its message the peer's.
 */
export async function operatorStream<T>(
  target: Target,
  method: string,
  request: unknown,
  timeoutMs: number,
  onProgress: (p: Record<string, unknown>) => void,
  readDone: (done: Record<string, unknown>) => T,
): Promise<T> {
  const client = operatorClient<StreamingClient>(target.urls[0]!, target);
  try {
    return await new Promise<T>((resolve, reject) => {
      let outcome: T | undefined;
      const stream = client[method]!(request, { deadline: new Date(Date.now() + timeoutMs) });
      stream.on('data', (e: { progress?: Record<string, unknown>; done?: Record<string, unknown> }) => {
        if (e.progress) onProgress(e.progress);
        if (e.done) outcome = readDone(e.done);
      });
      stream.on('error', (e: ServiceError) => reject(new Error(e.details || e.message)));
      stream.on('end', () =>
        outcome === undefined
          ? reject(new Error(`the peer ended ${method} without an outcome`))
          : resolve(outcome),
      );
    });
  } finally {
    client.close();
  }
}
