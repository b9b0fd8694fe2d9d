/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One TA instance in RAM: its state as loaded from sealed storage, the nonce
 * pool, the DKG in progress, the lock and the signatures it has prepared.
 * Commands (sign.c, unlock.c, keys.c, attest.c) are plain functions over it,
 * independent of the GP API, so every rule is unit-tested on every
 * architecture; triad_ta.c routes to them and gives them sealed storage.
 * Each returns 0 or a TRIAD_ERR_* code and writes at most out_cap bytes.
 */
#ifndef TRIAD_CONTEXT_H
#define TRIAD_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "dkg.h"
#include "nonce_pool.h"
#include "object_io.h"
#include "state.h"

/* A signature the coordinator's TA has prepared and will finish on the cosigner's ack (sign.c). */
struct pending_sign {
	bool live;
	uint8_t digest[32]; /* of the signing request */
	uint64_t counter;   /* our counter as the cosigner must acknowledge it */
	uint16_t cosigner;
	struct nonce_pair nonces;
};

/*
 * What one command may change, kept to undo it: the counter, the cluster
 * (own id, peers and their counters) and at most one key record, never all
 * of them (with 64 keys a copy of the state would be most of the command).
 */
struct state_change {
	uint64_t counter;
	uint16_t own_id;
	uint16_t n_peers;
	struct peer_record peers[TRIAD_MAX_PARTICIPANTS - 1];
	int slot; /* the key record the command may change, or -1 */
	struct key_record key;
};

struct ta_context {
	struct ta_state state;
	struct nonce_pool pool;
	struct dkg_session dkg;
	/* TRIAD_LOCK_*: a TA with a cluster starts locked (ta_context_start). */
	uint8_t lock;
	bool challenge_live;
	uint8_t challenge[32];
	struct pending_sign pending[TRIAD_MAX_PENDING];
	size_t next_pending;
	/*
	 * Seals key slot `slot` (-1: none) and then the rest of the state
	 * (core/store.c); must be durable before it returns 0.
	 */
	int (*persist)(const struct ta_state *s, int slot);
	/*
	 * The storage under persist, handed to a rule that keeps objects of its
	 * own beside the key's (para-statement's logs); NULL: none, and such a
	 * rule refuses (STORAGE).
	 */
	const struct object_io *io;
};

/* Every command: input in, answer out (out_len bytes of out_cap). */
typedef uint32_t (*command_fn)(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			       uint8_t *out, size_t out_cap, size_t *out_len);

/* After the state is loaded: locked if the TA belongs to a cluster, else unlocked. */
void ta_context_start(struct ta_context *ctx);

/* 0 when the TA may sign or run a ceremony; TRIAD_ERR_LOCKED or TRIAD_ERR_ROLLED_BACK. */
uint32_t ta_require_unlocked(const struct ta_context *ctx);

/* A command's answer is done: its length, or TRIAD_ERR_MALFORMED if it did not fit. */
uint32_t ta_reply(const struct writer *w, size_t *out_len);

/*
 * A change to the state that must be sealed before anything rests on it:
 * begin takes a snapshot of what the command may change (the counter, the
 * peers and the key record `key`, which may be a free slot or NULL), undo
 * restores it, seal persists the state (the key's object only if the key
 * changed, with its version set to the counter) and, if that fails, restores
 * the snapshot and returns TRIAD_ERR_STORAGE. One snapshot at a time: the TA
 * is single-threaded.
 */
void ta_change_begin(struct ta_context *ctx, const struct key_record *key);
void ta_change_undo(struct ta_context *ctx);
uint32_t ta_change_seal(struct ta_context *ctx);

/* The snapshot holds a share: the entry point wipes it after each command. */
void ta_change_wipe(void);

#endif /* TRIAD_CONTEXT_H */
