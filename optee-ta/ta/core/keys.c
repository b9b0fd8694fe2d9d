// SPDX-License-Identifier: Apache-2.0
/*
 * The keys a TA holds: made by a DKG ceremony (dkg.c) or refreshed by one,
 * sealed before their public package leaves, and described to the host.
 *
 * Layouts (little-endian; tags in triad_ta.h; DKG messages in dkg.c):
 *
 * KEY_TYPE (0x27):            key_type[4]
 * PUBLIC_KEY_PACKAGE (0x07):  threshold:u16 n:u16 group_pk[32], n x (id:u16 verifying[32])
 * INFO (0x20):                version:u16 identity_pk[32] counter:u64 lock:u8
 *                             own_id:u16 count:u8,
 *                             count x (key_type[4] flags:u8 own_id:u16 threshold:u16
 *                             n:u16 group_pk[32] hwm_set:u8 hwm_slot:u64)
 * hwm_set and hwm_slot are the key's babe-seal mark (rules_info_mark).
 */
#include <string.h>

#include "codec.h"
#include "keys.h"
#include "rules.h"

uint32_t cmd_get_info(struct ta_context *ctx, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_cap, size_t *out_len)
{
	struct writer w;
	uint8_t count = 0;
	bool mark_set;
	uint64_t mark_slot;
	size_t i;

	(void)in;
	if (in_len != 0)
		return TRIAD_ERR_MALFORMED;
	for (i = 0; i < TRIAD_MAX_KEYS; i++)
		count = (uint8_t)(count + ctx->state.keys[i].present);
	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_INFO);
	write_u16(&w, TRIAD_TA_VERSION);
	write_bytes(&w, ctx->state.identity_pk, 32);
	write_u64(&w, ctx->state.counter);
	write_u8(&w, ctx->lock);
	write_u16(&w, ctx->state.own_id);
	write_u8(&w, count);
	for (i = 0; i < TRIAD_MAX_KEYS; i++) {
		const struct key_record *k = &ctx->state.keys[i];

		if (!k->present)
			continue;
		write_bytes(&w, k->key_type, 4);
		write_u8(&w, k->flags);
		write_u16(&w, k->own_id);
		write_u16(&w, k->threshold);
		write_u16(&w, k->n);
		write_bytes(&w, k->group_pk, 32);
		rules_info_mark(k->key_type, k->flags, k->marks, &mark_set, &mark_slot);
		write_u8(&w, mark_set);
		write_u64(&w, mark_slot);
	}
	return ta_reply(&w, out_len);
}

uint32_t cmd_export_public(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len)
{
	const struct key_record *key;
	struct reader r;
	struct writer w;
	uint8_t key_type[4];
	size_t i;

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_KEY_TYPE)
		return TRIAD_ERR_MALFORMED;
	read_into(&r, key_type, 4);
	if (!reader_done(&r))
		return TRIAD_ERR_MALFORMED;
	key = state_find_key(&ctx->state, key_type);
	if (!key)
		return TRIAD_ERR_NO_KEY;
	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_PUBLIC_KEY_PACKAGE);
	write_u16(&w, key->threshold);
	write_u16(&w, key->n);
	write_bytes(&w, key->group_pk, 32);
	for (i = 0; i < key->n; i++) {
		write_u16(&w, key->ids[i]);
		write_bytes(&w, key->verifying[i], 32);
	}
	return ta_reply(&w, out_len);
}

uint32_t cmd_dkg_round1(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint32_t rc = ta_require_unlocked(ctx);

	return rc ? rc : dkg_round1(&ctx->dkg, &ctx->state, in, in_len, out, out_cap, out_len);
}

uint32_t cmd_refresh_round1(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			    uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint32_t rc = ta_require_unlocked(ctx);

	return rc ? rc : refresh_round1(&ctx->dkg, &ctx->state, in, in_len, out, out_cap, out_len);
}

uint32_t cmd_dkg_round2(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint32_t rc = ta_require_unlocked(ctx);

	return rc ? rc : dkg_round2(&ctx->dkg, &ctx->state, in, in_len, out, out_cap, out_len);
}

/*
 * The new key (and, for the first key, the cluster), or the refreshed key, is sealed before its
 * public package leaves.
 */
uint32_t cmd_dkg_round3(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	ta_change_begin(ctx);
	rc = dkg_round3(&ctx->dkg, &ctx->state, in, in_len, out, out_cap, out_len);
	if (!rc)
		rc = ta_change_seal(ctx);
	if (rc)
		*out_len = 0;
	return rc;
}
