/**
 * A controllable TCP proxy for fault injection: one listening port on loopback in front of one
 * target. The tests put one in front of every link they want to break (peer to peer, client to
 * peer) and switch faults on and off while traffic flows:
 *
 * - `delay(ms)`: every chunk, in both directions, is held `ms` before it is passed on (order kept);
 * - `drop()`: a black hole: connections stay open and nothing passes until `heal()` (TCP would
 *   retransmit what was lost, so held bytes are delivered then, in order); new ones starve too;
 *   the caller's deadline is the only way out;
 * - `cut()`: every open connection is closed now, unread bytes dropped; new ones pass;
 * - `partition()`: every open connection is cut and new ones are closed on accept (a dead link);
 * - `heal()`: no fault; new connections pass.
 *
 * Faults apply to what flows after the switch. Cuts are closes, not TCP resets: Node's
 * `resetAndDestroy()` left the test process unable to exit (Node 20.20: stuck in its handle
 * clean-up), and to gRPC both end the connection the same way.
 */
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';

export type Fault =
  { kind: 'none' } | { kind: 'delay'; ms: number } | { kind: 'drop' } | { kind: 'partition' };

/** What a half-connection asks of its proxy for each chunk. */
type Gate = { passing(): Promise<void>; delayMs(): number };

/** Half of a connection: chunks from `from` are written to `to` in order, through the gate. */
function pipeThrough(from: Socket, to: Socket, gate: Gate): void {
  let tail = Promise.resolve();
  from.on('data', (chunk: Buffer) => {
    // Chained, so a later chunk never overtakes an earlier one when the fault changes mid-stream.
    tail = tail
      .then(() => gate.passing())
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, gate.delayMs())))
      .then(() => void (to.destroyed || to.write(chunk)));
  });
  from.on('end', () => void tail.then(() => to.end()));
}

export class FaultProxy implements Gate {
  private fault: Fault = { kind: 'none' };
  private readonly sockets = new Set<Socket>();
  /** Resolves when a drop ends; a resolved promise when nothing is dropped. */
  private open: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  private constructor(
    private readonly server: Server,
    /** The port to dial instead of the target's. */
    readonly port: number,
    readonly target: { host: string; port: number },
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultProxy(server, (server.address() as { port: number }).port, {
      host: targetHost,
      port: targetPort,
    });
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  private accept(client: Socket): void {
    if (this.fault.kind === 'partition') return void client.destroy();
    const upstream = connect({ ...this.target, noDelay: true });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      // A cut or refused far side ends both halves; errors are the expected outcome of faults.
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        const other = s === client ? upstream : client;
        if (!other.destroyed) other.destroy();
      });
    }
    pipeThrough(client, upstream, this);
    pipeThrough(upstream, client, this);
  }

  passing(): Promise<void> {
    return this.open;
  }

  delayMs(): number {
    return this.fault.kind === 'delay' ? this.fault.ms : 0;
  }

  private set(fault: Fault): void {
    if (fault.kind === 'drop' && this.fault.kind !== 'drop')
      this.open = new Promise((resolve) => (this.release = resolve));
    if (fault.kind !== 'drop') this.release();
    this.fault = fault;
  }

  /** The fault in force now. */
  get current(): Fault {
    return this.fault;
  }

  delay(ms: number): void {
    this.set({ kind: 'delay', ms });
  }

  drop(): void {
    this.set({ kind: 'drop' });
  }

  cut(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  partition(): void {
    this.set({ kind: 'partition' });
    this.cut();
  }

  heal(): void {
    this.set({ kind: 'none' });
  }

  /** Open sockets (a connection through the proxy counts twice: the caller's and the target's). */
  get connections(): number {
    return [...this.sockets].filter((s) => !s.destroyed).length;
  }

  async close(): Promise<void> {
    this.cut();
    this.release(); // held chunks of cut connections go nowhere
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
