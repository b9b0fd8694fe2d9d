import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EmulatedCluster } from '@triad/testkit/emulated';
import { createConnection, createServer } from 'node:net';
import type { Server } from 'node:net';
import { openEmulatedTa, TaError } from '../src/index.js';

// triad-bridge (optee-ta/qemu) serves ta-host's protocol over TCP from a QEMU guest; here a plain
// TCP-to-unix-socket relay in front of a ta-host stands in for it.
describe('the socket transport over TCP', () => {
  let device: EmulatedCluster;
  let relay: Server;
  let port: number;
  beforeAll(async () => {
    device = await EmulatedCluster.start(1);
    relay = createServer((c) => {
      const upstream = createConnection({ path: device.socketPath(0) });
      c.pipe(upstream).pipe(c);
      c.on('error', () => upstream.destroy());
      upstream.on('error', () => c.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    port = (relay.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => relay?.close(resolve));
    await device?.stop();
  });

  it('reaches the same TA at a host and port as at its socket path', async () => {
    const overTcp = await openEmulatedTa({ host: '127.0.0.1', port });
    try {
      const viaTcp = await overTcp.getInfo();
      expect(viaTcp.identityPublicKey).toEqual((await device.tas[0]!.getInfo()).identityPublicKey);
    } finally {
      await overTcp.close();
    }
  });

  it('an address nobody listens on is a TRANSPORT error naming it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unused = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const failed = await openEmulatedTa({ host: '127.0.0.1', port: unused }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TaError);
    expect(failed).toMatchObject({ code: 'TRANSPORT' });
    expect((failed as Error).message).toContain(`127.0.0.1:${unused}`);
  });
});
