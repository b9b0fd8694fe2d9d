/** The fault proxy itself, against an echo server: each fault does what the scenarios rely on. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { FaultProxy } from './proxy.js';

let echo: Server;
let proxy: FaultProxy;
const open: Socket[] = [];

/** A connection through the proxy, collecting what comes back, and its end ('close' or an error code). */
function dial() {
  const s = connect({ port: proxy.port, host: '127.0.0.1' });
  open.push(s);
  const got: string[] = [];
  const ended = new Promise<string>((resolve) => {
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    s.on('close', () => resolve('close'));
  });
  s.on('data', (d: Buffer) => got.push(d.toString()));
  const connected = new Promise<void>((resolve) => s.once('connect', () => resolve()));
  return { s, got, ended, connected, text: () => got.join('') };
}

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
};

beforeAll(async () => {
  echo = createServer((s) => {
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  proxy = await FaultProxy.start((echo.address() as { port: number }).port);
});

afterAll(async () => {
  open.forEach((s) => s.destroy());
  await proxy.close();
  await new Promise<void>((r) => echo.close(() => r()));
});

describe('FaultProxy', () => {
  it('passes bytes both ways with no fault', async () => {
    const c = dial();
    c.s.write('hello');
    await until(() => c.text() === 'hello');
    c.s.end();
    expect(await c.ended).toBe('close');
  });

  it('delay holds every chunk at least that long, in order', async () => {
    proxy.delay(150);
    const c = dial();
    await c.connected;
    const t0 = Date.now();
    c.s.write('a');
    setTimeout(() => c.s.write('b'), 10);
    await until(() => c.text() === 'ab');
    // two hops (there and back) each held 150 ms
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    proxy.heal();
    c.s.destroy();
  });

  it('drop starves a connection until heal, then delivers what was held, in order', async () => {
    const c = dial();
    await c.connected;
    proxy.drop();
    c.s.write('1');
    c.s.write('2');
    await new Promise((r) => setTimeout(r, 200));
    expect(c.text()).toBe('');
    proxy.heal();
    await until(() => c.text() === '12');
    c.s.destroy();
  });

  it('cut closes open connections at once; a new one passes', async () => {
    const c = dial();
    await c.connected;
    c.s.write('x');
    await until(() => c.text() === 'x');
    proxy.cut();
    expect(await c.ended).toBe('close');
    const d = dial();
    d.s.write('y');
    await until(() => d.text() === 'y');
    d.s.destroy();
  });

  it('partition closes open connections and every new one until heal, passing nothing', async () => {
    const c = dial();
    await c.connected;
    proxy.partition();
    expect(await c.ended).toBe('close');
    const refused = dial();
    refused.s.write('lost');
    expect(await refused.ended).toBe('close');
    expect(refused.text()).toBe('');
    await until(() => proxy.connections === 0); // nothing got through to the target
    proxy.heal();
    const d = dial();
    d.s.write('z');
    await until(() => d.text() === 'z');
    d.s.destroy();
  });
});
