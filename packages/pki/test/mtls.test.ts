/**
 * A real mutual-TLS exchange with @grpc/grpc-js on loopback, the way the peers will run it: the
 * server trusts only the cluster CA and requires a client certificate; handlers learn who called
 * from `call.getAuthContext()`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClusterCa,
  identityOfCall,
  issueClientCertificate,
  issuePeerCertificate,
} from '../src/index.js';
import type { CertifiedKeyPem, ClusterCa, Identity } from '../src/index.js';

const PROTO = `
syntax = "proto3";
package triad.pkitest;
service Whoami { rpc Ask (AskRequest) returns (AskReply); }
message AskRequest {}
message AskReply { string kind = 1; string name = 2; }
`;

/** What one handler invocation saw. */
interface Seen {
  readonly identity?: Identity;
  readonly refusal?: string;
  readonly transportSecurityType?: string;
  readonly raw?: Buffer;
}

type Outcome = { reply: { kind: string; name: string } } | { code: grpc.status; details: string };

describe('mTLS over grpc-js with the cluster PKI', () => {
  let dir: string;
  let Whoami: grpc.ServiceClientConstructor;
  let ca: ClusterCa;
  let otherCa: ClusterCa;
  let validator: CertifiedKeyPem;
  let peerA: CertifiedKeyPem;
  let peerB: CertifiedKeyPem;
  let strangerFromOtherCa: CertifiedKeyPem;
  const servers: grpc.Server[] = [];
  const clients: grpc.Client[] = [];
  const seen: Seen[] = [];
  let portA: number; // peer a's certificate: SAN 127.0.0.1, localhost
  let portNamed: number; // a peer certificate whose only SAN is a name the client does not dial
  let portClientCert: number; // a server (wrongly) presenting a validator's certificate

  const handler: grpc.handleUnaryCall<object, object> = (call, callback) => {
    const auth = call.getAuthContext();
    try {
      const identity = identityOfCall(call);
      seen.push({
        identity,
        transportSecurityType: auth.transportSecurityType,
        raw: auth.sslPeerCertificate?.raw,
      });
      callback(null, identity);
    } catch (e) {
      seen.push({ refusal: (e as Error).message });
      callback({ code: grpc.status.PERMISSION_DENIED, details: (e as Error).message });
    }
  };

  async function serve(pair: CertifiedKeyPem): Promise<number> {
    const server = new grpc.Server();
    server.addService(Whoami.service, { Ask: handler });
    const credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(ca.certificatePem),
      [{ cert_chain: Buffer.from(pair.certificatePem), private_key: Buffer.from(pair.privateKeyPem) }],
      true, // a client certificate is required
    );
    servers.push(server);
    return new Promise((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (err, port) => (err ? reject(err) : resolve(port))),
    );
  }

  /** One call to `port` as the holder of `pair` (none: no client certificate), trusting `trust`. */
  function ask(
    port: number,
    pair: CertifiedKeyPem | undefined,
    options: grpc.ChannelOptions = {},
    trust: ClusterCa = ca,
  ): Promise<Outcome> {
    const credentials = grpc.credentials.createSsl(
      Buffer.from(trust.certificatePem),
      pair ? Buffer.from(pair.privateKeyPem) : null,
      pair ? Buffer.from(pair.certificatePem) : null,
    );
    const client = new Whoami(`127.0.0.1:${port}`, credentials, options);
    clients.push(client);
    return new Promise((resolve) =>
      client.makeUnaryRequest(
        '/triad.pkitest.Whoami/Ask',
        () => Buffer.alloc(0),
        (b: Buffer) => b,
        {},
        { deadline: Date.now() + 5000 },
        (err, reply) => {
          client.close();
          if (err) resolve({ code: err.code, details: err.details });
          else resolve({ reply: decode(reply!) });
        },
      ),
    );
  }

  // AskReply by hand (fields 1 and 2, length-delimited strings): the test needs no codegen.
  function decode(b: Buffer): { kind: string; name: string } {
    const out: Record<number, string> = {};
    for (let i = 0; i < b.length;) {
      const field = b[i]! >> 3;
      const len = b[i + 1]!;
      out[field] = b.subarray(i + 2, i + 2 + len).toString();
      i += 2 + len;
    }
    return { kind: out[1] ?? '', name: out[2] ?? '' };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'triad-pki-mtls-'));
    const protoPath = join(dir, 'whoami.proto');
    writeFileSync(protoPath, PROTO);
    const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath)) as unknown as {
      triad: { pkitest: { Whoami: grpc.ServiceClientConstructor } };
    };
    Whoami = pkg.triad.pkitest.Whoami;

    [ca, otherCa] = await Promise.all([
      createClusterCa({ name: 'Triad test CA', validityDays: 2 }),
      createClusterCa({ name: 'Triad test CA', validityDays: 2 }), // same name, another key
    ]);
    [validator, peerA, peerB, strangerFromOtherCa] = await Promise.all([
      issueClientCertificate(ca, { clientName: 'validator-a', validityDays: 1 }),
      issuePeerCertificate(ca, { peerId: 'a', hosts: ['127.0.0.1', 'localhost'], validityDays: 1 }),
      issuePeerCertificate(ca, { peerId: 'b', hosts: ['127.0.0.1'], validityDays: 1 }),
      issueClientCertificate(otherCa, { clientName: 'validator-a', validityDays: 1 }),
    ]);
    const peerNamed = await issuePeerCertificate(ca, {
      peerId: 'c',
      hosts: ['peer-c.triad.test'],
      validityDays: 1,
    });
    [portA, portNamed, portClientCert] = await Promise.all([
      serve(peerA),
      serve(peerNamed),
      serve(validator),
    ]);
  });

  afterAll(() => {
    for (const c of clients) c.close();
    for (const s of servers) s.forceShutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a validator with its client certificate is let in and seen as { kind: client, name }', async () => {
    const before = seen.length;
    expect(await ask(portA, validator)).toEqual({ reply: { kind: 'client', name: 'validator-a' } });
    expect(seen.length).toBe(before + 1);
    const s = seen[before]!;
    expect(s.identity).toEqual({ kind: 'client', name: 'validator-a' });
    // grpc-js 1.14.7: getAuthContext() = { transportSecurityType: 'ssl', sslPeerCertificate } where
    // sslPeerCertificate is the TLS socket's getPeerCertificate(), carrying the DER as `raw`.
    expect(s.transportSecurityType).toBe('ssl');
    expect(s.raw?.equals(new X509Certificate(validator.certificatePem).raw)).toBe(true);
  });

  it('a peer calling with its peer certificate is seen as { kind: peer, name: id }', async () => {
    expect(await ask(portA, peerB)).toEqual({ reply: { kind: 'peer', name: 'b' } });
    expect(seen.at(-1)!.identity).toEqual({ kind: 'peer', name: 'b' });
  });

  it('a client certificate from another CA is refused at the handshake: UNAVAILABLE, no handler runs', async () => {
    const before = seen.length;
    const outcome = await ask(portA, strangerFromOtherCa);
    expect(outcome).toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect(seen.length).toBe(before);
  });

  it('a client without a certificate is refused at the handshake: UNAVAILABLE, no handler runs', async () => {
    const before = seen.length;
    const refused = await ask(portA, undefined);
    expect(refused).toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect((refused as { details: string }).details).toMatch(/alert certificate required/); // TLS 1.3 alert 116
    expect(seen.length).toBe(before);
  });

  it('the client refuses a peer whose SAN lacks the host it dialled (unless the target name is overridden)', async () => {
    const before = seen.length;
    const refused = await ask(portNamed, validator);
    expect(refused).toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect((refused as { details: string }).details).toMatch(/IP: 127\.0\.0\.1 is not in the cert's list/);
    expect(seen.length).toBe(before);
    // The same server, when the client is told which name to expect: the certificate is fine.
    const overridden = await ask(portNamed, validator, {
      'grpc.ssl_target_name_override': 'peer-c.triad.test',
    });
    expect(overridden).toEqual({ reply: { kind: 'client', name: 'validator-a' } });
  });

  it('the client refuses a server presenting a client certificate (no serverAuth), and a server of another CA', async () => {
    const before = seen.length;
    const notAServer = await ask(portClientCert, validator);
    expect(notAServer).toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect((notAServer as { details: string }).details).toMatch(/unsuitable certificate purpose/);
    expect(await ask(portA, validator, {}, otherCa)).toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect(seen.length).toBe(before);
  });
});
