/**
 * A bare client of ta-host's framed protocol (optee-ta/host/PROTOCOL.md) over TCP, for what
 * @triad/tee's transport never sends: unknown ops, foreign session ids, empty frames.
 */
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';

export const u32 = (...ns: number[]): Buffer =>
  Buffer.concat(ns.map((n) => Buffer.from(new Uint32Array([n]).buffer)));

export class FrameClient {
  private pending = Buffer.alloc(0);
  private waiting: ((b: Buffer) => void) | undefined;
  /** Resolves when the server closes the connection. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.pending = Buffer.concat([this.pending, d]);
      const len = this.pending.length >= 4 ? this.pending.readUInt32LE(0) : -1;
      if (len < 0 || this.pending.length < 4 + len) return;
      const body = this.pending.subarray(4, 4 + len);
      this.pending = this.pending.subarray(4 + len);
      this.waiting?.(body);
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(port: number): Promise<FrameClient> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => resolve(new FrameClient(s)));
      s.once('error', reject);
    });
  }

  /** Sends one frame (`body` as is, even empty) and resolves with the answer's body. */
  ask(body: Buffer): Promise<Buffer> {
    const answer = new Promise<Buffer>((resolve) => (this.waiting = resolve));
    this.socket.write(Buffer.concat([u32(body.length), body]));
    return answer;
  }

  close(): void {
    this.socket.destroy();
  }
}
