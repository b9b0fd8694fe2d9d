// SPDX-License-Identifier: Apache-2.0
#include <sodium.h>

#include "context.h"

static struct ta_state before; /* large; the TA is single-threaded */

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

void ta_change_begin(struct ta_context *ctx)
{
	before = ctx->state;
}

void ta_change_undo(struct ta_context *ctx)
{
	ctx->state = before;
}

/* If sealing fails the change is undone, so nothing the caller does next can rest on it. */
uint32_t ta_change_seal(struct ta_context *ctx)
{
	if (ctx->persist(&ctx->state) == 0)
		return 0;
	ctx->state = before;
	return TRIAD_ERR_STORAGE;
}

void ta_change_wipe(void)
{
	sodium_memzero(&before, sizeof(before));
}
