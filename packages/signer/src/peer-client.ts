/**
 * The one gRPC channel from this peer to another peer's `Cosigner` service. Everything this peer
 * asks of that peer goes through it: attestation, commitments and cosigning, counter reports for
 * unlocking, ceremony rounds. One channel per peer means one connection state per peer: a drop
 * and a reconnect are seen once, by everything that uses the peer.
 *
 * The typed calls live with their protocols (attestation.ts, cosigner-link.ts, unlock.ts,
 * ceremony-link.ts); this module only carries a unary call with a deadline and watches the channel.
 */
import { connectivityState, Metadata } from '@grpc/grpc-js';
import type { ChannelCredentials, ChannelOptions, Client, ServiceError } from '@grpc/grpc-js';
import { loadServices, tlsChannelOptions } from '@triad/proto';
import { PeerLimits } from './limits.js';

/** The unary methods of `Cosigner` (proto/triad/v1/cosigner.proto). */
export type CosignerMethod =
  | 'Attest'
  | 'Commit'
  | 'Cosign'
  | 'VrfCosign'
  | 'EcdsaCosign'
  | 'CounterReport'
  | 'DkgRound1'
  | 'RefreshRound1'
  | 'DkgRound2'
  | 'DkgRound3'
  | 'RetireKey'
  | 'Status';

type UnaryMethod = (
  req: unknown,
  metadata: Metadata,
  opts: { deadline: Date },
  cb: (e: ServiceError | null, res: Record<string, unknown>) => void,
) => void;

export interface PeerClientOptions {
  /**
   * The DNS name in the peer's certificate. The channel still dials the configured address, but
   * TLS names the server by this name (SNI and the certificate check), as gRPC clients do: Node
   * refuses an IP address as a TLS server name (DEP0123). Without it, `@triad/proto`'s default:
   * `localhost` for a loopback address, else the address's host.
   */
  readonly serverName?: string;
  /** Channel options over the peer defaults (tests shorten the reconnect backoff). */
  readonly channelOptions?: ChannelOptions;
}

/** What every channel to a peer has unless told otherwise. */
const PEER_CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.max_receive_message_length': PeerLimits.MAX_MESSAGE_BYTES,
  'grpc.initial_reconnect_backoff_ms': PeerLimits.RECONNECT_INITIAL_BACKOFF_MS,
  'grpc.max_reconnect_backoff_ms': PeerLimits.RECONNECT_MAX_BACKOFF_MS,
};

export class PeerClient {
  private readonly client: Client & Record<CosignerMethod, UnaryMethod>;

  constructor(
    /** The peer's name in the cluster, for messages. */
    readonly peerId: string,
    /** host:port of its Cosigner service. */
    readonly address: string,
    credentials: ChannelCredentials,
    options: PeerClientOptions = {},
  ) {
    const { Cosigner } = loadServices();
    this.client = new Cosigner(address, credentials, {
      ...PEER_CHANNEL_OPTIONS,
      ...tlsChannelOptions(address, options.serverName),
      ...options.channelOptions,
    }) as unknown as typeof this.client;
  }

  /** One unary call with a deadline; rejects with the peer's (or the channel's) ServiceError. */
  call(
    method: CosignerMethod,
    request: unknown,
    timeoutMs: number,
    metadata: Metadata = new Metadata(),
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) =>
      this.client[method](request, metadata, { deadline: new Date(Date.now() + timeoutMs) }, (e, res) =>
        e ? reject(e) : resolve(res),
      ),
    );
  }

  /** Resolves once the channel is connected; rejects after `timeoutMs` (a call fails at once while it is down). */
  ready(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.waitForReady(new Date(Date.now() + timeoutMs), (e) => (e ? reject(e) : resolve())),
    );
  }

  /** Whether the channel is failing to connect right now (no connection attempt is started). */
  failing(): boolean {
    return this.client.getChannel().getConnectivityState(false) === connectivityState.TRANSIENT_FAILURE;
  }

  /**
   * Calls `onDrop` when a connection that was up goes down, and `onBack` when it is up again after
   * such a drop (the channel connects at once). Returns the function that stops watching.
   */
  watch(onDrop: () => void, onBack: () => void): () => void {
    const channel = this.client.getChannel();
    let last = channel.getConnectivityState(true);
    let dropped = false;
    let stopped = false;
    const watch = () =>
      channel.watchConnectivityState(last, Infinity, () => {
        if (stopped) return;
        const now = channel.getConnectivityState(true);
        if (last === connectivityState.READY && now !== connectivityState.READY) {
          dropped = true;
          onDrop();
        }
        if (now === connectivityState.READY && dropped) {
          dropped = false;
          onBack();
        }
        last = now;
        if (now !== connectivityState.SHUTDOWN) watch();
      });
    watch();
    return () => (stopped = true);
  }

  close(): void {
    this.client.close();
  }
}
