/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Everything the TA keeps across restarts (DESIGN.md section 4): its identity
 * key, its key shares with their public data and their rules' marks, and its
 * replicated-counter value. Nonces are deliberately absent. This module only
 * encodes and parses; core/store.c decides which objects are written and read.
 *
 * A key is named by (key_type, group_pk): several keys of one type may be held.
 */
#ifndef TRIAD_STATE_H
#define TRIAD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "frost_suite.h"
#include "marks.h"
#include "ristretto.h"
#include "triad_ta.h"

struct key_record {
	bool present;
	uint8_t key_type[4];
	uint8_t flags;	/* TRIAD_KEY_FLAG_* */
	uint8_t status; /* TRIAD_KEY_STATUS_*: a retired key keeps no share */
	/* TRIAD_SCHEME_*, fixed at DKG time by the key type; sr25519 for keys sealed before it */
	uint8_t scheme;
	uint64_t created; /* the counter when the key was made (0: made before format 3) */
	/* The counter when this key's object was last sealed; the core's index holds the same. */
	uint64_t version;
	uint16_t own_id;
	uint16_t threshold;
	uint16_t n;
	uint8_t share[FROST_SCALAR_BYTES];
	/* Points of the scheme's size (key_pk_bytes), zero-padded to the longest. */
	uint8_t group_pk[FROST_POINT_MAX];
	uint16_t ids[TRIAD_MAX_PARTICIPANTS];
	uint8_t verifying[TRIAD_MAX_PARTICIPANTS][FROST_POINT_MAX];
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

/*
 * Sealed format 3: one core object (identity key, counter, cluster, and an
 * index: per key slot its key id and version) and one object per key (its
 * record). A signature seals the one key it changed and then the core, so its
 * cost does not grow with the number of keys. Format 2 (everything in one
 * object, up to 8 keys) is still read, to migrate it (core/store.c).
 */
#define STATE_CORE_MAX_ENCODED 4096
/* A key object: at most 25 + 75 + 8 x 34 + 723 = 1095 bytes (format 6). */
#define STATE_KEY_MAX_ENCODED 1536
#define STATE_V2_MAX_ENCODED 4096

/* Bytes of the core object, or 0 when it does not fit (never happens within limits). */
size_t state_encode_core(const struct ta_state *s, uint8_t *out, size_t cap);

/*
 * Strict parse of a core object; false for anything that is not a format-3
 * core. Indexed keys come out `present` with only key_type, group_pk and
 * version set: each is then completed from its own object (state_decode_key).
 */
bool state_decode_core(struct ta_state *s, const uint8_t *in, size_t len);

/* Bytes of key slot `slot`'s object, or 0. */
size_t state_encode_key(const struct ta_state *s, size_t slot, uint8_t *out, size_t cap);

#define STATE_KEY_OK 0
#define STATE_KEY_BAD (-1)	   /* does not parse, or is not the key the index names */
#define STATE_KEY_ROLLED_BACK (-2) /* older than the core's index says: refused */
/*
 * Completes key slot `slot` (indexed by the core) from its object. A version
 * higher than the index (the core write was lost after the key write) is
 * taken, and the counter brought up to it.
 */
int state_decode_key(struct ta_state *s, size_t slot, const uint8_t *in, size_t len);

/*
 * Strict parse of a format-2 state (the single object every TA before format
 * 3 wrote); its keys come out active, version = its counter, created 0.
 */
bool state_decode_v2(struct ta_state *s, const uint8_t *in, size_t len);

/* A fresh state: a new identity key, counter 0, no keys. */
int state_init_fresh(struct ta_state *s);

/* The suite the key signs with (its scheme's; decoding admits no other). */
const struct frost_suite *key_suite(const struct key_record *k);

/* Bytes of a key's group public key and public shares: its suite's point size. */
size_t key_pk_bytes(const struct key_record *k);
/*
 * Bytes of the group public key of a key of this type, as every message names
 * it: the point size of the scheme the type is made with (key_type_scheme).
 * Keys sealed before keys carried a scheme are sr25519, of the same size.
 */
size_t key_type_pk_bytes(const uint8_t key_type[4]);
/*
 * A key reference in a message, key_type[4] group_pk[key_type_pk_bytes]: the
 * rest of group_pk is zeroed. Errors are the reader's (sticky).
 */
void read_key_ref(struct reader *r, uint8_t key_type[4], uint8_t group_pk[FROST_POINT_MAX]);
void write_key_ref(struct writer *w, const struct key_record *k);

/* The active key with this type and public key (zero-padded), or NULL. */
struct key_record *state_find_key(struct ta_state *s, const uint8_t key_type[4],
				  const uint8_t group_pk[FROST_POINT_MAX]);
/* A key with this type and public key, active or retired, or NULL. */
struct key_record *state_find_any_key(struct ta_state *s, const uint8_t key_type[4],
				      const uint8_t group_pk[FROST_POINT_MAX]);
struct peer_record *state_find_peer(struct ta_state *s, uint16_t id);
struct key_record *state_free_key_slot(struct ta_state *s);
/* The slot of a key record of `s` (a pointer into s->keys). */
size_t state_key_slot(const struct ta_state *s, const struct key_record *k);

#endif /* TRIAD_STATE_H */
