/**
 * Loopback ports for the peers of a test cluster, picked before they start so that each can be
 * told the others' addresses.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port the kernel hands out by itself (listeners on port 0, outgoing connections). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST_PORT + 1000 ? low : 32768;
  } catch {
    return 32768;
  }
}

const LOWEST_PORT = 10_000;
/** How far apart the starting points of parallel test processes are. */
const STRETCH = 1000;
let nextCandidate: number | undefined;

const canBind = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/**
 * A free loopback port (bound and released), so peers can be told each other's addresses before
 * they start. It is taken below the kernel's ephemeral range: a port the kernel hands out meanwhile
 * (a test's proxy listening on port 0, any outgoing connection) can never be this one. Each process
 * walks its own stretch of that range (by jest worker, else by pid), so test files running in
 * parallel do not pick the same port in the window before a peer binds it.
 */
export async function freePort(): Promise<number> {
  const span = ephemeralLow() - LOWEST_PORT;
  if (nextCandidate === undefined) {
    const worker = Number(process.env.JEST_WORKER_ID ?? 0);
    const offset = worker > 0 ? (worker - 1) * STRETCH : (process.pid * 7919) % span;
    nextCandidate = LOWEST_PORT + (offset % span);
  }
  for (let tried = 0; tried < span; tried++) {
    const port: number = nextCandidate;
    nextCandidate = LOWEST_PORT + ((port - LOWEST_PORT + 1) % span);
    if (await canBind(port)) return port;
  }
  throw new Error('no free loopback port below the ephemeral range');
}
