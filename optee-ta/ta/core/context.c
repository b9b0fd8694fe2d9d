// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "context.h"

static struct state_change before; /* the TA is single-threaded */

void ta_context_start(struct ta_context *ctx)
{
	ctx->lock = ctx->state.own_id ? TRIAD_LOCK_LOCKED : TRIAD_LOCK_UNLOCKED;
}

uint32_t ta_require_unlocked(const struct ta_context *ctx)
{
	if (ctx->lock == TRIAD_LOCK_ROLLED_BACK)
		return TRIAD_ERR_ROLLED_BACK;
	return ctx->lock == TRIAD_LOCK_UNLOCKED ? 0 : TRIAD_ERR_LOCKED;
}

uint32_t ta_reply(const struct writer *w, size_t *out_len)
{
	if (w->error)
		return TRIAD_ERR_MALFORMED; /* output buffer too small for the answer */
	*out_len = w->len;
	return 0;
}

void ta_change_begin(struct ta_context *ctx, const struct key_record *key)
{
	const struct ta_state *s = &ctx->state;

	before.counter = s->counter;
	before.own_id = s->own_id;
	before.n_peers = s->n_peers;
	memcpy(before.peers, s->peers, sizeof(before.peers));
	before.slot = key ? (int)state_key_slot(s, key) : -1;
	if (key)
		before.key = *key;
}

void ta_change_undo(struct ta_context *ctx)
{
	struct ta_state *s = &ctx->state;

	s->counter = before.counter;
	s->own_id = before.own_id;
	s->n_peers = before.n_peers;
	memcpy(s->peers, before.peers, sizeof(s->peers));
	if (before.slot >= 0)
		s->keys[before.slot] = before.key;
}

/*
 * The key's object is written only if the command changed the key (a
 * cosigner that only records the coordinator's counter seals the core
 * alone), stamped with the counter it was sealed at. If sealing fails the
 * change is undone, so nothing the caller does next can rest on it.
 */
uint32_t ta_change_seal(struct ta_context *ctx)
{
	struct key_record *key = before.slot >= 0 ? &ctx->state.keys[before.slot] : NULL;
	int slot = -1;

	if (key && memcmp(key, &before.key, sizeof(*key))) {
		key->version = ctx->state.counter;
		slot = before.slot;
	}
	if (ctx->persist(&ctx->state, slot) == 0)
		return 0;
	ta_change_undo(ctx);
	return TRIAD_ERR_STORAGE;
}

void ta_change_wipe(void)
{
	sodium_memzero(&before, sizeof(before));
	before.slot = -1;
}
