/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The contract between the Triad TA and its host (packages/tee): UUID,
 * commands, result codes and message tags. Shared with TypeScript by value:
 * packages/tee/src/protocol.ts mirrors every number here.
 *
 * Every command takes the same parameters:
 *   param 0: MEMREF_INPUT  - one tagged message (may be empty for GET_INFO)
 *   param 1: MEMREF_OUTPUT - one tagged message
 *   param 2, 3: NONE
 * so the host never has to know a command's shape, and the TA checks one
 * layout. Integers inside messages are little-endian; identifiers are u16;
 * scalars and points are 32 bytes (the @triad/frost encodings): ristretto255
 * for the identity keys and sr25519 keys, compressed Edwards points for an
 * ed25519 key's (TRIAD_SCHEME_*).
 */
#ifndef TRIAD_TA_H
#define TRIAD_TA_H

/* 6d7f09ac-f212-42f6-bbe0-f9ea745f5c37 */
#define TA_TRIAD_UUID                                            \
	{ 0x6d7f09ac, 0xf212, 0x42f6,                            \
	  { 0xbb, 0xe0, 0xf9, 0xea, 0x74, 0x5f, 0x5c, 0x37 } }

#define TRIAD_TA_VERSION 1

/* Commands. */
#define TRIAD_CMD_GET_INFO 0
#define TRIAD_CMD_COMMIT_NONCES 1
#define TRIAD_CMD_DKG_ROUND1 3
#define TRIAD_CMD_DKG_ROUND2 4
#define TRIAD_CMD_DKG_ROUND3 5
#define TRIAD_CMD_EXPORT_PUBLIC 6
/*
 * Signing with the replicated counter in the one round trip (DESIGN.md 5, 7):
 * the coordinator's TA prepares (rules, mark, counter; no share yet), the
 * cosigner's TA signs and acknowledges the coordinator's counter, and the
 * coordinator's TA releases its share only on that acknowledgement.
 */
#define TRIAD_CMD_SIGN_PREPARE 2
#define TRIAD_CMD_SIGN_COSIGN 7
#define TRIAD_CMD_SIGN_FINISH 8
/* Unlocking after a start: every peer reports the counter it saw for us. */
#define TRIAD_CMD_COUNTER_CHALLENGE 9
#define TRIAD_CMD_COUNTER_REPORT 10
#define TRIAD_CMD_COUNTER_UNLOCK 11
/* Evidence for mutual attestation (DESIGN.md 8), signed by the attestation PTA. */
#define TRIAD_CMD_ATTEST 12
/*
 * Share refresh (same key, new shares): round one here, then DKG_ROUND2 and
 * DKG_ROUND3 carry it on, with refresh round-one packages in the bundle.
 */
#define TRIAD_CMD_REFRESH_ROUND1 13
/*
 * Retire a key (KEY_ID in, empty answer out): its share is wiped and sealed;
 * its type and public key stay as a tombstone (GET_INFO shows it retired) and
 * every sign, commit, export or refresh naming it answers NO_KEY.
 */
#define TRIAD_CMD_RETIRE_KEY 14
/*
 * A threshold VRF (DESIGN.md 3b) in the same one round trip as a signature:
 * the coordinator's TA prepares (rules, mark, counter) and hands out its
 * pre-output share and commitments on H, MACed with the counter update; the
 * cosigner's TA answers its share and acknowledges; the coordinator's TA
 * checks the cosigner's share and releases the whole VrfSignature (or, for
 * babe-vrf-pre-output, the pre-output alone). Layouts atop core/vrf_sign.c.
 */
#define TRIAD_CMD_VRF_PREPARE 15
#define TRIAD_CMD_VRF_COSIGN 16
#define TRIAD_CMD_VRF_FINISH 17

/*
 * ECDSA (`beef` keys, secp256k1) in the same one round trip: the coordinator's
 * TA prepares (rules, mark, counter); the cosigner's TA checks and marks too,
 * then seals its Lagrange-weighted share for the coordinator's TA; that TA
 * combines, checks the key, signs and wipes. Layouts in core/ecdsa_sign.c.
 */
#define TRIAD_CMD_ECDSA_PREPARE 18
#define TRIAD_CMD_ECDSA_COSIGN 19
#define TRIAD_CMD_ECDSA_FINISH 20

/*
 * Refusals and failures the TA reports as TEE_Result values of its own, in a
 * range GP leaves to TAs, so the reason survives the TEE client API unchanged
 * and needs no output parameter.
 */
#define TRIAD_ERR_BASE 0x7a1d0000u
#define TRIAD_ERR_MALFORMED 0x7a1d0001u /* input does not parse */
#define TRIAD_ERR_CONFLICT 0x7a1d0002u /* other payload already signed for this slot */
#define TRIAD_ERR_REGRESSION 0x7a1d0003u /* slot below the high-water mark */
#define TRIAD_ERR_POLICY 0x7a1d0004u /* kind not allowed for this key */
#define TRIAD_ERR_LOCKED 0x7a1d0005u /* not unlocked by the replicated counter */
#define TRIAD_ERR_ROLLED_BACK 0x7a1d0006u /* sealed state older than peers say */
#define TRIAD_ERR_NONCE_UNKNOWN 0x7a1d0007u /* commitment not in the pool (used or never made) */
#define TRIAD_ERR_NO_KEY 0x7a1d0008u /* no active key of that type and public key */
/* 0x7a1d0009 was KEY_EXISTS (one key per type): a DKG for a held type now makes another key. */
#define TRIAD_ERR_KEYS_FULL 0x7a1d000eu /* every key slot is taken (active or retired) */
#define TRIAD_ERR_BAD_STATE 0x7a1d000au /* command out of order (e.g. DKG round 2 before 1) */
#define TRIAD_ERR_PEER_AUTH 0x7a1d000du /* a TA-to-TA message fails its authentication */
#define TRIAD_ERR_STORAGE 0x7a1d000cu /* sealed state could not be written: fail closed */
/*
 * A DKG package from participant `id` failed its check: the DKG is aborted.
 * VRF_FINISH answers the same for a cosigner's VRF share that fails its check.
 */
#define TRIAD_ERR_DKG_BLAME(id) (0x7a1d0100u | ((id) & 0xffu))
#define TRIAD_ERR_IS_DKG_BLAME(rc) (((rc) & 0xffffff00u) == 0x7a1d0100u)

/* Message tags: 0x01-0x0f are the @triad/frost encodings. */
#define TRIAD_TAG_SIGNING_COMMITMENT 0x01
#define TRIAD_TAG_SIGNING_SET 0x02
#define TRIAD_TAG_SIGNATURE_SHARE 0x03
#define TRIAD_TAG_DKG_ROUND1_PACKAGE 0x04
#define TRIAD_TAG_SECRET_SHARE_PACKAGE 0x05
#define TRIAD_TAG_REFRESH_ROUND1_PACKAGE 0x06
#define TRIAD_TAG_PUBLIC_KEY_PACKAGE 0x07
/* TA requests and responses. */
#define TRIAD_TAG_INFO 0x20
#define TRIAD_TAG_COMMIT_NONCES_REQUEST 0x21
#define TRIAD_TAG_COMMITMENT_BATCH 0x22
#define TRIAD_TAG_SIGN_REQUEST 0x23
#define TRIAD_TAG_DKG_START 0x24
#define TRIAD_TAG_DKG_ROUND1_BUNDLE 0x25
#define TRIAD_TAG_DKG_ROUND2_BUNDLE 0x26
/* 0x27 was KEY_TYPE (key_type[4] alone): refused now, a key is named by type and public key. */
#define TRIAD_TAG_COUNTER_UPDATES 0x28
#define TRIAD_TAG_COSIGN_REQUEST 0x29
#define TRIAD_TAG_COSIGN_RESULT 0x2a
#define TRIAD_TAG_FINISH_REQUEST 0x2b
#define TRIAD_TAG_COUNTER_CHALLENGE 0x2c
#define TRIAD_TAG_COUNTER_REPORT 0x2d
#define TRIAD_TAG_UNLOCK_REQUEST 0x2e
#define TRIAD_TAG_UNLOCK_RESULT 0x2f
#define TRIAD_TAG_ATTEST_REQUEST 0x30
#define TRIAD_TAG_EVIDENCE 0x31
#define TRIAD_TAG_REFRESH_START 0x32
/*
 * SIGN_FINISH's answer: the SignatureShare (0x03 id:u16 z[32]), then R[32],
 * the group commitment (in the key's group) the TA derived and signed
 * for. R is public: it is the first half of the final signature, so
 * releasing it reveals nothing the signature does not. The host builds
 * R || (z_own + z_cosigner) from it without recomputing the binding factors
 * and R itself (68 bytes in all); for sr25519 it sets schnorrkel's marker
 * bit (s[31] |= 0x80), for ed25519 the signature is R || s as it is.
 */
#define TRIAD_TAG_FINISH_RESULT 0x33
/*
 * A key's name (EXPORT_PUBLIC, RETIRE_KEY): key_type[4] group_pk, the group
 * key of the type's size (32 bytes; 33 for a secp256k1 key).
 */
#define TRIAD_TAG_KEY_ID 0x34
/* The VRF round trip (core/vrf_sign.c). */
#define TRIAD_TAG_VRF_REQUEST 0x35
#define TRIAD_TAG_VRF_PREPARED 0x36
#define TRIAD_TAG_VRF_COSIGN_REQUEST 0x37
#define TRIAD_TAG_VRF_COSIGN_RESULT 0x38
#define TRIAD_TAG_VRF_FINISH_REQUEST 0x39
#define TRIAD_TAG_VRF_RESULT 0x3a
/* The ECDSA round trip (core/ecdsa_sign.c). */
#define TRIAD_TAG_ECDSA_COSIGN_RESULT 0x3b
#define TRIAD_TAG_ECDSA_FINISH_REQUEST 0x3c
#define TRIAD_TAG_ECDSA_SIGNATURE 0x3d
#define TRIAD_TAG_ECDSA_WEIGHTED_SHARE 0x3e

/* Lock states (GET_INFO, UNLOCK_RESULT). */
#define TRIAD_LOCK_UNLOCKED 0
#define TRIAD_LOCK_LOCKED 1
#define TRIAD_LOCK_ROLLED_BACK 2

/* Request kinds (DESIGN.md section 6). */
#define TRIAD_KIND_BABE_SEAL 1
#define TRIAD_KIND_RAW 2
#define TRIAD_KIND_OWNERSHIP_PROOF 3
#define TRIAD_KIND_BABE_VRF 4
#define TRIAD_KIND_BABE_VRF_PRE_OUTPUT 5
#define TRIAD_KIND_ASSIGNMENT_VRF 6
/* A GRANDPA vote (prevote, precommit, primary propose): `gran` keys only. */
#define TRIAD_KIND_GRANDPA_VOTE 7
/*
 * A parachain statement (backing, availability bitfield, dispute vote,
 * approval, PVF pre-check), signed as the node's bytes: `para` keys only.
 */
#define TRIAD_KIND_PARA_STATEMENT 8
/*
 * A BEEFY commitment, SCALE Commitment { payload, block_number: u32,
 * validator_set_id: u64 } as the node encodes it: `beef` keys (ecdsa) only.
 * The node signs keccak-256 of those bytes (ecdsa_sign_prehashed); the TA's
 * rule reads the bytes, and the signing core hashes them.
 */
#define TRIAD_KIND_BEEFY_COMMITMENT 9

/*
 * Signature schemes, sealed with each key and chosen by its key type at DKG
 * time: `gran` is ed25519 (FROST(Ed25519, SHA-512), RFC 9591 6.1, a plain RFC
 * 8032 signature), `beef` ecdsa over secp256k1, every other type sr25519
 * (FROST(ristretto255, SHA-512) with schnorrkel's challenge). Keys made
 * before keys carried a scheme are sr25519. Points of an ed25519 key (group
 * key, public shares, commitments, DKG packages, R) are compressed Edwards
 * points; the bytes of every message are otherwise the same for both. An
 * ecdsa key's points are 33-byte SEC1 compressed ones (below).
 */
#define TRIAD_SCHEME_SR25519 0
#define TRIAD_SCHEME_ED25519 1
/*
 * `beef`: ECDSA over secp256k1. Its shares come from the same DKG over the
 * secp256k1 group (33-byte SEC1 compressed points, 32-byte big-endian
 * scalars); it signs through the ECDSA commands (core/ecdsa_sign.c), never
 * through FROST's.
 */
#define TRIAD_SCHEME_ECDSA 2

/* Key status (GET_INFO). */
#define TRIAD_KEY_STATUS_ACTIVE 0
#define TRIAD_KEY_STATUS_RETIRED 1

/* Key flags, sealed with the key at creation. */
#define TRIAD_KEY_FLAG_NON_SLASHABLE 0x01
/*
 * GET_INFO only, in a key's flags byte: the key's scheme is ed25519 (clear:
 * sr25519). Never a flag DKG_START may carry.
 */
#define TRIAD_INFO_FLAG_ED25519 0x80

/* Limits that bound every buffer the TA parses or keeps. */
#define TRIAD_MAX_PARTICIPANTS 8
/* Active and retired keys together: a retired key keeps its slot as a tombstone. */
#define TRIAD_MAX_KEYS 64
/*
 * Nonce pairs in TA RAM (about 170 bytes each: 43 KiB), shared by every key and by the three
 * coordinators that fetch commitments from this TA; each coordinator stocks at most a quarter of
 * it (packages/signer/src/commitment-pool.ts), so many validators' keys in use at once fit.
 */
#define TRIAD_NONCE_POOL_SIZE 256
#define TRIAD_MAX_COMMIT_BATCH 32
#define TRIAD_MAX_PAYLOAD 65536
#define TRIAD_MAX_CONTEXT 64
#define TRIAD_MAX_PENDING 16
/* The output buffer every command needs (GET_INFO with 64 keys is the largest answer). */
#define TRIAD_MAX_OUTPUT 4096

#endif /* TRIAD_TA_H */
