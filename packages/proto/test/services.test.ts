import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { credentials, Server, ServerCredentials } from '@grpc/grpc-js';
import type { Client, ServiceError } from '@grpc/grpc-js';
import { loadServices } from '../src/index.js';

const methods = (svc: { service: Record<string, unknown> }) => Object.keys(svc.service).sort();

describe('the gRPC contracts (proto/triad/v1)', () => {
  const { Signer, Cosigner, Operator } = loadServices();

  it('Signer is the validator API of DESIGN.md section 9', () => {
    expect(methods(Signer)).toEqual(['GetPublicKeys', 'Health', 'Sign']);
  });

  it('Cosigner carries attestation, signing (signatures, ecdsa signatures and VRFs), counter, DKG/refresh, retiring a key and status', () => {
    expect(methods(Cosigner)).toEqual(
      [
        'Attest',
        'Commit',
        'Cosign',
        'CounterReport',
        'DkgRound1',
        'DkgRound2',
        'DkgRound3',
        'EcdsaCosign',
        'RefreshRound1',
        'RetireKey',
        'Status',
        'VrfCosign',
      ].sort(),
    );
  });

  it('Operator carries status, the ceremonies and key rotation, which stream their progress, and retiring', () => {
    expect(methods(Operator)).toEqual(['RefreshShares', 'RetireKey', 'RotateKeys', 'RunDkg', 'Status']);
    const svc = Operator.service as unknown as Record<string, { responseStream: boolean }>;
    expect([
      svc.RunDkg!.responseStream,
      svc.RefreshShares!.responseStream,
      svc.RotateKeys!.responseStream,
      svc.RetireKey!.responseStream,
      svc.Status!.responseStream,
    ]).toEqual([true, true, true, false, false]);
  });

  describe('a round trip on loopback keeps every field', () => {
    const server = new Server();
    let client: Client & { Sign: (req: unknown, cb: (e: ServiceError | null, res: unknown) => void) => void };
    let seen: unknown;

    beforeAll(async () => {
      server.addService(Signer.service, {
        Sign: (call: { request: unknown }, cb: (e: null, res: unknown) => void) => {
          seen = call.request;
          cb(null, {
            refusal: { reason: 'CONFLICT', message: 'slot 4294967301 already signed', slot: '4294967301' },
          });
        },
      });
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
          e ? reject(e) : resolve(p),
        ),
      );
      client = new Signer(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as typeof client;
    });
    afterAll(() => {
      client?.close();
      server.forceShutdown();
    });

    it('Sign: a oneof request in, a oneof refusal with a uint64 slot out', async () => {
      const header = Buffer.from('0102', 'hex');
      const res = await new Promise<Record<string, unknown>>((resolve, reject) =>
        client.Sign({ keyType: 'babe', babeSeal: { header }, requestId: 'r-1' }, (e, r) =>
          e ? reject(e) : resolve(r as Record<string, unknown>),
        ),
      );
      expect(seen).toMatchObject({ keyType: 'babe', kind: 'babeSeal', requestId: 'r-1' });
      expect((seen as { babeSeal: { header: Buffer } }).babeSeal.header).toEqual(header);
      expect(res.result).toBe('refusal');
      // 2^32 + 5: a uint64 survives as a decimal string, not a rounded number
      expect(res.refusal).toEqual({
        reason: 'CONFLICT',
        message: 'slot 4294967301 already signed',
        slot: '4294967301',
      });
    });
  });
});
