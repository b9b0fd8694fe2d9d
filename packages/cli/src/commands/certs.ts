/**
 * `triadctl certs`, `triadctl enroll` and `triadctl mesh-key`: what a deployment prepares before the
 * peers start.
 */
import { writeClusterPki } from '@triad/pki';
import { meshPeerId } from '@triad/signer';
import type { ClusterPkiPaths } from '@triad/pki';
import { openEmulatedTa, openOpteeTa } from '@triad/tee';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

export function makeCerts(
  dir: string,
  peers: readonly string[],
  hosts: readonly string[],
  clients: readonly string[],
): Promise<ClusterPkiPaths> {
  return writeClusterPki(dir, { peers: peers.map((id) => ({ id, hosts })), clients });
}

export interface Enrollment {
  /** The board's attestation key (RSA, big-endian hex), for `device:` in the peers' configs. */
  readonly device: { readonly e: string; readonly n: string };
  /** The TA measurement the board runs, for `measurement:`. */
  readonly measurement: string;
  readonly identityPublicKey: string;
}

/**
 * Reads a board's enrollment data off its TA's evidence (ta-host's socket, or OP-TEE) (first contact: the key is taken as it
 * comes, so run this on the board itself, over a channel you trust).
 */
export async function enroll(taSocket: string | undefined): Promise<Enrollment> {
  // No socket: the board's own TA through libteec (the optee backend).
  const ta = taSocket ? await openEmulatedTa(taSocket) : await openOpteeTa();
  try {
    const ev = await ta.attest(new Uint8Array(randomBytes(32)));
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    return {
      device: { e: hex(ev.deviceKey.e), n: hex(ev.deviceKey.n) },
      measurement: hex(ev.measurement),
      identityPublicKey: hex(ev.identityPublicKey),
    };
  } finally {
    await ta.close();
  }
}

/**
 * A peer's libp2p key, made on the board where it is used (and never copied off it) when the file
 * is absent, and its peer id, which the other peers' configurations pin. A file that exists is
 * only read; a corrupt one is an error, never replaced.
 */
export async function meshKey(file: string): Promise<{ readonly id: string; readonly created: boolean }> {
  const created = !existsSync(file);
  return { id: await meshPeerId(file), created };
}
