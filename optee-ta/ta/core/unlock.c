// SPDX-License-Identifier: Apache-2.0
/*
 * Layouts (little-endian; tags in triad_ta.h):
 *
 * COUNTER_CHALLENGE (0x2c): from:u16 nonce[32]
 * COUNTER_REPORT (0x2d):    report (counter_msg.h)
 * UNLOCK_REQUEST (0x2e):    count:u8, count x report
 * UNLOCK_RESULT (0x2f):     lock:u8 counter:u64 highest_reported:u64
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "counter_msg.h"
#include "sign.h"
#include "unlock.h"

/*
 * Unlocking (DESIGN.md section 7). A TA of a cluster starts locked; it asks
 * every peer for the highest counter they have acknowledged from it, and
 * unlocks only if its sealed counter is not lower. Every peer must answer:
 * with one report, the one peer that never saw our last increment could
 * vouch for a rolled-back state while the other had co-signed with it.
 */
uint32_t cmd_counter_challenge(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			       uint8_t *out, size_t out_cap, size_t *out_len)
{
	struct writer w;

	(void)in;
	if (in_len != 0)
		return TRIAD_ERR_MALFORMED;
	if (!ctx->state.own_id)
		return TRIAD_ERR_BAD_STATE;
	randombytes_buf(ctx->challenge, sizeof(ctx->challenge));
	ctx->challenge_live = true;
	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_COUNTER_CHALLENGE);
	write_u16(&w, ctx->state.own_id);
	write_bytes(&w, ctx->challenge, sizeof(ctx->challenge));
	return ta_reply(&w, out_len);
}

/* A peer's challenge in; our authenticated report of its counter out. */
uint32_t cmd_counter_report(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len)
{
	const struct peer_record *peer;
	struct counter_report rep;
	struct reader r;
	struct writer w;

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_COUNTER_CHALLENGE)
		return TRIAD_ERR_MALFORMED;
	rep.to = read_u16(&r);
	read_into(&r, rep.nonce, sizeof(rep.nonce));
	if (!reader_done(&r))
		return TRIAD_ERR_MALFORMED;
	peer = state_find_peer(&ctx->state, rep.to);
	if (!peer)
		return TRIAD_ERR_PEER_AUTH;
	sign_drop_pending_with(ctx, rep.to);
	rep.from = ctx->state.own_id;
	rep.seen = peer->seen_counter;
	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_COUNTER_REPORT);
	if (write_report(&w, &ctx->state, &rep))
		return TRIAD_ERR_BAD_STATE;
	return ta_reply(&w, out_len);
}

/*
 * Input: UNLOCK_REQUEST (count:u8, one report from every peer). Output:
 * UNLOCK_RESULT (lock:u8 counter:u64 highest_reported:u64), or
 * TRIAD_ERR_ROLLED_BACK, after which this TA instance signs nothing.
 */
uint32_t cmd_counter_unlock(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len)
{
	bool seen[TRIAD_MAX_PARTICIPANTS - 1] = { false };
	struct counter_report rep;
	uint64_t highest = 0;
	struct reader r;
	struct writer w;
	uint32_t rc;
	size_t i, k, count;

	if (ctx->lock == TRIAD_LOCK_ROLLED_BACK)
		return TRIAD_ERR_ROLLED_BACK;
	if (!ctx->challenge_live)
		return TRIAD_ERR_BAD_STATE;
	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_UNLOCK_REQUEST)
		return TRIAD_ERR_MALFORMED;
	count = read_u8(&r);
	if (r.error || count != ctx->state.n_peers)
		return TRIAD_ERR_MALFORMED;
	for (i = 0; i < count; i++) {
		rc = read_report(&r, &ctx->state, &rep);
		if (rc)
			return rc;
		for (k = 0; k < ctx->state.n_peers && ctx->state.peers[k].id != rep.from; k++)
			;
		if (seen[k] || sodium_memcmp(rep.nonce, ctx->challenge, 32))
			return TRIAD_ERR_PEER_AUTH;
		seen[k] = true;
		if (rep.seen > highest)
			highest = rep.seen;
	}
	if (!reader_done(&r))
		return TRIAD_ERR_MALFORMED;
	ctx->challenge_live = false;
	sodium_memzero(ctx->challenge, sizeof(ctx->challenge));
	if (ctx->state.counter < highest) {
		ctx->lock = TRIAD_LOCK_ROLLED_BACK;
		return TRIAD_ERR_ROLLED_BACK;
	}
	ctx->lock = TRIAD_LOCK_UNLOCKED;
	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_UNLOCK_RESULT);
	write_u8(&w, ctx->lock);
	write_u64(&w, ctx->state.counter);
	write_u64(&w, highest);
	return ta_reply(&w, out_len);
}
