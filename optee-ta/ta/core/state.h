/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Everything the TA keeps across restarts (DESIGN.md section 4): its identity
 * key, its key shares with their public data and their rules' marks, and its
 * replicated-counter value. Nonces are deliberately absent. This module only
 * encodes and parses; triad_ta.c seals the bytes (one persistent object).
 */
#ifndef TRIAD_STATE_H
#define TRIAD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "marks.h"
#include "ristretto.h"
#include "triad_ta.h"

struct key_record {
	bool present;
	uint8_t key_type[4];
	uint8_t flags; /* TRIAD_KEY_FLAG_* */
	uint16_t own_id;
	uint16_t threshold;
	uint16_t n;
	uint8_t share[RISTRETTO_SCALAR_BYTES];
	uint8_t group_pk[RISTRETTO_POINT_BYTES];
	uint16_t ids[TRIAD_MAX_PARTICIPANTS];
	uint8_t verifying[TRIAD_MAX_PARTICIPANTS][RISTRETTO_POINT_BYTES];
	/* Its rules' marks (policy/marks.h): sealed as they are, read only by the rules. */
	uint8_t marks[KEY_MARKS_BYTES];
};

/*
 * Another TA of the cluster: its identity key (authenticated by the first DKG
 * completing: a substituted key could not have opened our shares) and the
 * highest value of its replicated counter that we have acknowledged.
 */
struct peer_record {
	uint16_t id;
	uint8_t identity_pk[RISTRETTO_POINT_BYTES];
	uint64_t seen_counter;
};

struct ta_state {
	uint8_t identity_sk[RISTRETTO_SCALAR_BYTES];
	uint8_t identity_pk[RISTRETTO_POINT_BYTES];
	/* Our replicated counter (DESIGN.md section 7). */
	uint64_t counter;
	/* The cluster, fixed by the first DKG: 0 and no peers before it. */
	uint16_t own_id;
	uint16_t n_peers;
	struct peer_record peers[TRIAD_MAX_PARTICIPANTS - 1];
	struct key_record keys[TRIAD_MAX_KEYS];
};

/* Large enough for a full state. */
#define STATE_MAX_ENCODED 4096

/* Bytes of the state, or 0 when it does not fit (never happens within limits). */
size_t state_encode(const struct ta_state *s, uint8_t *out, size_t cap);

/* Strict parse; false for anything that is not a state this TA wrote. */
bool state_decode(struct ta_state *s, const uint8_t *in, size_t len);

/* A fresh state: a new identity key, counter 0, no keys. */
int state_init_fresh(struct ta_state *s);

struct key_record *state_find_key(struct ta_state *s, const uint8_t key_type[4]);
struct peer_record *state_find_peer(struct ta_state *s, uint16_t id);
struct key_record *state_free_key_slot(struct ta_state *s);

#endif /* TRIAD_STATE_H */
