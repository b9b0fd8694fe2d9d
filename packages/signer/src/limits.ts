/**
 * The peer's own limits: what it accepts from the network and how long it waits for a peer. What
 * the TA enforces (payload size, participants, commit batch, pending preparations) is
 * `@triad/tee`'s `Limits`; these are the host's bounds around it, so a malformed or stuck peer
 * costs a clear refusal or a bounded wait, never memory or a hung call.
 */
import { MAX_MESSAGE_BYTES } from '@triad/proto';

export const PeerLimits = {
  /**
   * The largest gRPC message a peer accepts: a Cosign carries a sign request of at most a header
   * (Limits.MAX_PAYLOAD) plus its signing set; anything larger is RESOURCE_EXHAUSTED before parsing.
   */
  MAX_MESSAGE_BYTES,
  /** A prepared sign request as a coordinator's TA hands it on: a payload (Limits.MAX_PAYLOAD) and its set. */
  MAX_COSIGN_REQUEST: 70_000,
  /** A counter update, ack, challenge or report (TA to TA, opaque to the host). */
  MAX_COUNTER_MESSAGE: 1024,
  /** A DKG share sealed TA to TA (opaque to the host). */
  MAX_SEALED_SHARE: 1024,
  /** Participant identifiers are u16 on the wire. */
  MAX_PARTICIPANT_ID: 0xffff,
  /**
   * Entries one client's permission list may hold: key types and single keys (a validator's six
   * session keys, old and new across a rotation, fit many times over).
   */
  MAX_CLIENT_GRANTS: 64,
  /** Key types one gossip message may list; ours lists the TA's (Limits.MAX_KEYS). */
  MAX_GOSSIP_KEY_TYPES: 64,

  /** Per Commit / Cosign call to a cosigner: a signing waits at most this long on one peer. */
  COSIGN_TIMEOUT_MS: 2000,
  /** Per Attest call (a fresh nonce each time). */
  ATTEST_TIMEOUT_MS: 2000,
  /** Per CounterReport call while unlocking. */
  COUNTER_REPORT_TIMEOUT_MS: 2000,
  /**
   * A key is "in use" for retiring while this peer coordinated a signature with it this recently
   * (the config's retireQuietSeconds overrides it): ten minutes, well beyond a session change.
   */
  RETIRE_QUIET_MS: 600_000,
  /** Per RetireKey call to a peer (its TA seals the key object twice). */
  RETIRE_TIMEOUT_MS: 10_000,
  /** Per ceremony round at a peer: a few scalar multiplications in its TA; bounds a stuck peer. */
  CEREMONY_TIMEOUT_MS: 10_000,
  /** How long each peer gets to show its channel is up before a ceremony starts without it. */
  CEREMONY_READY_MS: 3000,
  /** How long SIGTERM lets in-flight calls finish before cutting them off. */
  DRAIN_MS: 5000,
  /** Attest, unlock and refresh the keys this often. */
  TICK_MS: 1000,
  /**
   * Reconnect backoff to a peer: two peers are a quorum, so a peer back from a restart must be
   * found in a second, not after grpc's default backoff (up to two minutes).
   */
  RECONNECT_INITIAL_BACKOFF_MS: 250,
  RECONNECT_MAX_BACKOFF_MS: 2000,
} as const;
