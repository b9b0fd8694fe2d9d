/**
 * SignerClients pinned to one peer each, as racing validators use a cluster in the tests: each
 * client talks to its own peer only (no failover), so the peer it names is the coordinator.
 */
import { SignerClient } from '@triad/client';
import type { LocalCluster } from '@triad/testkit';

export class PeerClients {
  private readonly open: SignerClient[] = [];

  constructor(
    private readonly cluster: () => LocalCluster,
    private readonly timeoutMs: number,
  ) {}

  /** A SignerClient for validator-a at peer `i` only; closed by `close()`. */
  at(i: number): SignerClient {
    const c = this.cluster();
    const files = c.pki.clients['validator-a']!;
    const client = new SignerClient({
      urls: [`127.0.0.1:${c.signerPorts[i]}`],
      tls: { ca: c.pki.ca.cert, cert: files.cert, key: files.key },
      timeoutMs: this.timeoutMs,
    });
    this.open.push(client);
    return client;
  }

  close(): void {
    for (const client of this.open.splice(0)) client.close();
  }
}
