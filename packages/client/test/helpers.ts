/**
 * Test support: the cluster PKI in a temporary directory (`writeClusterPki`), fake `Signer` peers
 * (grpc-js servers over mTLS whose answers each test scripts, recording every call and whether it
 * was cancelled), a port nobody listens on, and a black hole (a TCP server that accepts and never
 * says a word, so not even the TLS handshake ends).
 */
import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import { identityOfCall, writeClusterPki } from '@triad/pki';
import type { ClusterPkiPaths } from '@triad/pki';
import { loadServices } from '@triad/proto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TlsOptions } from '../src/index.js';

export interface TestPki {
  readonly dir: string;
  readonly paths: ClusterPkiPaths;
  /** The validator client's TLS options, as file paths. */
  readonly tls: TlsOptions;
  remove(): void;
}

/** A CA, peers "1".."3" (127.0.0.1, localhost) and the client "validator", in a temp dir. */
export async function makePki(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'triad-client-'));
  const paths = await writeClusterPki(join(dir, 'pki'), {
    peers: ['1', '2', '3'].map((id) => ({ id, hosts: ['127.0.0.1', 'localhost'] })),
    clients: ['validator'],
    caValidityDays: 2,
    validityDays: 1,
  });
  const client = paths.clients.validator!;
  return {
    dir,
    paths,
    tls: { ca: paths.ca.cert, cert: client.cert, key: client.key },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What a scripted handler answers: a response, a gRPC error, or nothing ever ('hang'). */
export type Scripted = { response: object } | { error: { code: status; details: string } } | 'hang';

export interface RecordedCall {
  readonly method: 'Sign' | 'GetPublicKeys' | 'Health';
  readonly request: Record<string, unknown>;
  /** Who called, from the mTLS client certificate. */
  readonly caller: string;
  readonly at: number;
  /** The client cancelled it before this peer replied (grpc-js also says 'cancelled' after a reply). */
  cancelled: boolean;
  replied: boolean;
}

type Script = (call: RecordedCall) => Scripted | Promise<Scripted>;

/** The public key every fake peer reports for "babe" (and "audi" + 1). */
export const BABE_PUB = Buffer.alloc(32, 0xb1);
export const AUDI_PUB = Buffer.alloc(32, 0xa2);

/** A signature answer whose bytes say which peer made it. */
export const signatureFrom = (peerId: string, publicKey = BABE_PUB): Scripted => ({
  response: {
    signature: {
      signature: Buffer.alloc(64, Number(peerId)),
      publicKey,
      coordinator: peerId,
      cosigner: peerId === '1' ? '2' : '1',
    },
  },
});

export const refusal = (reason: string, message = '', slot = '0'): Scripted => ({
  response: { refusal: { reason, message, slot } },
});

export const grpcError = (code: status, details: string): Scripted => ({ error: { code, details } });

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check()` holds, or fails the test after `ms`. */
export async function eventually(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await delay(10);
  }
}

/** A fake Triad peer serving triad.v1.Signer over mTLS with scripted answers. */
export class FakePeer {
  readonly calls: RecordedCall[] = [];
  /** What Sign answers; a signature from this peer unless a test says otherwise. */
  sign: Script = () => signatureFrom(this.peerId);
  keys: Script = () => ({
    response: {
      keys: [
        {
          keyType: 'babe',
          publicKey: BABE_PUB,
          nonSlashable: false,
          scheme: 'sr25519',
          status: 'active',
          created: '3',
        },
        { keyType: 'audi', publicKey: AUDI_PUB, nonSlashable: true },
      ],
    },
  });
  health: Script = () => ({
    response: { canSign: true, peerId: this.peerId, attestedPeers: ['1', '2', '3'], version: 'fake-1' },
  });

  private constructor(
    readonly peerId: string,
    readonly server: Server,
    readonly url: string,
  ) {}

  static async start(pki: TestPki, peerId: string): Promise<FakePeer> {
    const { Signer } = loadServices();
    const server = new Server();
    const pair = pki.paths.peers[peerId]!;
    const credentials = ServerCredentials.createSsl(
      readFileSync(pki.paths.ca.cert),
      [{ cert_chain: readFileSync(pair.cert), private_key: readFileSync(pair.key) }],
      true,
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (e, p) => (e ? reject(e) : resolve(p))),
    );
    const peer = new FakePeer(peerId, server, `127.0.0.1:${port}`);
    const handler =
      (method: RecordedCall['method'], script: () => Script) =>
      (
        call: ServerUnaryCall<Record<string, unknown>, unknown>,
        reply: (e: Partial<ServiceError> | null, r?: unknown) => void,
      ) => {
        let caller = '?';
        try {
          const who = identityOfCall(call);
          caller = `${who.kind}:${who.name}`;
        } catch {
          // recorded as '?'
        }
        const recorded: RecordedCall = {
          method,
          request: call.request,
          caller,
          at: Date.now(),
          cancelled: false,
          replied: false,
        };
        peer.calls.push(recorded);
        call.on('cancelled', () => (recorded.cancelled ||= !recorded.replied));
        void Promise.resolve(script()(recorded)).then((answer) => {
          if (answer === 'hang' || recorded.cancelled) return;
          recorded.replied = true;
          if ('error' in answer) reply(answer.error);
          else reply(null, answer.response);
        });
      };
    server.addService(Signer.service, {
      Sign: handler('Sign', () => peer.sign),
      GetPublicKeys: handler('GetPublicKeys', () => peer.keys),
      Health: handler('Health', () => peer.health),
    });
    return peer;
  }

  /** The Sign calls it has seen, in order. */
  get signs(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'Sign');
  }

  count(method: RecordedCall['method'] = 'Sign'): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

/** A 127.0.0.1 port nobody listens on (connection refused). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts connections and never answers: the client hears nothing at all. */
export class BlackHole {
  readonly sockets = new Set<Socket>();
  /** Connections it has accepted so far (gone ones included). */
  accepted = 0;
  private readonly server = createServer((socket) => {
    this.accepted++;
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  });
  url = '';

  static async start(): Promise<BlackHole> {
    const hole = new BlackHole();
    await new Promise<void>((resolve) => hole.server.listen(0, '127.0.0.1', resolve));
    hole.url = `127.0.0.1:${(hole.server.address() as { port: number }).port}`;
    return hole;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
