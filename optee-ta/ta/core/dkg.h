/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Distributed key generation inside the TA: FROST KeyGen with proofs of
 * knowledge bound to the ceremony context, exactly as @triad/frost's
 * dkgRound1..3 (so the TS and C sides interoperate), in the key's group
 * (ristretto255 for sr25519, Ed25519 for a `gran` key; the proof's HDKG
 * with that suite's context string), plus transport: each
 * round-two share travels TA to TA encrypted and authenticated
 * (ChaCha20-Poly1305) under a key only the two TAs can derive (identity-key
 * Diffie-Hellman). The associated data carries the digest of all round-one
 * packages, so a participant that was shown different packages (equivocation
 * by a host) cannot decrypt, and the ceremony aborts.
 */
#ifndef TRIAD_DKG_H
#define TRIAD_DKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ristretto.h"
#include "state.h"
#include "triad_ta.h"

/* 64-byte echo digest, as @triad/frost's dkgTranscriptDigest */
#define DKG_TRANSCRIPT_BYTES 64
/* "triad-dkg-share-v1" || transcript || sender || receiver */
#define DKG_SHARE_AD_BYTES (18 + DKG_TRANSCRIPT_BYTES + 4)
/* AEAD over a 37-byte SecretSharePackage */
#define DKG_SHARE_BOX_BYTES (37 + 16)

struct dkg_session {
	int step; /* 0: idle, 1: round one done, 2: round two done */
	/* a share refresh of an existing key: a_0 = 0, no C_0 sent, no proof */
	bool refresh;
	uint8_t key_type[4];
	/* TRIAD_SCHEME_*: the key's group, in which every package's points are */
	uint8_t scheme;
	uint8_t group_pk[FROST_POINT_MAX]; /* refresh: the key refreshed */
	uint8_t flags;
	uint16_t own_id;
	uint16_t threshold;
	uint16_t n;
	uint16_t context_len;
	uint8_t context[TRIAD_MAX_CONTEXT];
	uint16_t ids[TRIAD_MAX_PARTICIPANTS]; /* increasing */
	uint8_t identity_pk[TRIAD_MAX_PARTICIPANTS][RISTRETTO_POINT_BYTES];
	uint8_t polynomial[TRIAD_MAX_PARTICIPANTS][FROST_SCALAR_BYTES];
	/* every participant's round-one package, by index: commitment and proof */
	uint8_t commitment[TRIAD_MAX_PARTICIPANTS][TRIAD_MAX_PARTICIPANTS][FROST_POINT_MAX];
	uint8_t pok_R[TRIAD_MAX_PARTICIPANTS][FROST_POINT_MAX];
	uint8_t pok_z[TRIAD_MAX_PARTICIPANTS][FROST_SCALAR_BYTES];
	uint8_t transcript[DKG_TRANSCRIPT_BYTES];
};

void dkg_abort(struct dkg_session *d);

/*
 * The key record round three will write: the refreshed key, or for a new key
 * the first free slot (NULL when there is none, or nothing to write).
 */
struct key_record *dkg_target(const struct dkg_session *d, struct ta_state *s);

/*
 * Round one. Input: DKG_START (see dkg.c for the layout). Output: this TA's
 * DkgRound1Package (the @triad/frost encoding). Returns 0 or TRIAD_ERR_*.
 */
uint32_t dkg_round1(struct dkg_session *d, const struct ta_state *s, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len);

/*
 * Refresh, round one. Input: REFRESH_START (key_type[4] group_pk[32]
 * context_len:u16 context) for an active key this TA holds; the participants are the key's. Output:
 * this TA's RefreshRound1Package (the @triad/frost encoding). Rounds two and
 * three are dkg_round2 and dkg_round3, which then refresh the key in place:
 * same group key, new shares and verifying shares, high-water mark kept.
 */
uint32_t refresh_round1(struct dkg_session *d, const struct ta_state *s, const uint8_t *in,
			size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len);

/* Round two. Input: every other participant's round-one package. Output: sealed shares. */
uint32_t dkg_round2(struct dkg_session *d, const struct ta_state *s, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len);

/*
 * Round three. Input: the sealed shares addressed to this TA. On success the
 * key is written into dkg_target's slot of `s` (the caller seals the state)
 * and the output is the PublicKeyPackage.
 */
uint32_t dkg_round3(struct dkg_session *d, struct ta_state *s, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len);

#endif /* TRIAD_DKG_H */
