/**
 * Which attested cosigner a coordinator asks first (DESIGN.md section 5: "picks the healthiest
 * attested cosigner"). Pure: it sees what the peer knows of each other peer at this moment (its
 * attestation, its gRPC channel, and with a mesh its connection, round trip and gossip) and
 * orders them. Only the order is at stake: a cosigner asked in vain costs a retry, never a
 * signature.
 */

/** What a peer knows of another peer, as a possible cosigner, at this moment. */
export interface CosignerHealth {
  readonly peerId: string;
  /** Attested since its last (re)connection: only attested peers cosign. */
  readonly attested: boolean;
  /** Its gRPC channel is failing to connect. */
  readonly channelFailing: boolean;
  /** The mesh's view of it; undefined when there is no mesh, or the mesh knows nothing of it. */
  readonly mesh?: {
    /** A connection is open and answered the last ping. */
    readonly connected: boolean;
    /** That ping's round trip. */
    readonly rttMs?: number;
    /** Its latest gossip (what it says of its TA); undefined before any. */
    readonly gossip?: { readonly lockState: string };
  };
}

/**
 * An attested peer is a usable cosigner unless its gossip says its TA is locked or rolled back,
 * or it is unreachable: its gRPC channel failing, or (with a mesh) its connection down. Its
 * gossiped canSign does not count: it depends on ours, and two peers would wait on each other.
 */
export function isUsableCosigner(h: CosignerHealth, meshRunning: boolean): boolean {
  const lock = h.mesh?.gossip?.lockState;
  return (
    lock !== 'locked' &&
    lock !== 'rolled-back' &&
    !h.channelFailing &&
    (!meshRunning || h.mesh?.connected === true)
  );
}

/**
 * The attested peers, healthiest first: connected with gossip from it, by the last ping round trip
 * (unknown last among those); then the usable ones the mesh knows little of; then those that look
 * unusable (still asked, last: gossip may be a second old). Ties keep the given (configured) order.
 */
export function rankCosigners(peers: readonly CosignerHealth[], meshRunning: boolean): string[] {
  const rank = (h: CosignerHealth): [number, number] => {
    if (!isUsableCosigner(h, meshRunning)) return [2, 0];
    if (!h.mesh?.connected || !h.mesh.gossip) return [1, 0];
    return [0, h.mesh.rttMs ?? Infinity];
  };
  return peers
    .map((h, order) => ({ h, order, rank: rank(h) }))
    .filter((x) => x.h.attested)
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.order - b.order)
    .map((x) => x.h.peerId);
}
