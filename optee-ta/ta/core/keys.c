// SPDX-License-Identifier: Apache-2.0
/*
 * The keys a TA holds: made by a DKG ceremony (dkg.c) or refreshed by one,
 * sealed before their public package leaves, described to the host, and
 * retired. A key is named by its type and its group public key.
 *
 * Layouts (little-endian; tags in triad_ta.h; DKG messages in dkg.c):
 *
 * KEY_ID (0x34):              key_type[4] group_pk
 * PUBLIC_KEY_PACKAGE (0x07):  threshold:u16 n:u16 group_pk, n x (id:u16 verifying)
 * INFO (0x20):                version:u16 identity_pk[32] counter:u64 lock:u8
 *                             own_id:u16 count:u8,
 *                             count x (key_type[4] flags:u8 status:u8 own_id:u16
 *                             threshold:u16 n:u16 group_pk created:u64
 *                             hwm_set:u8 hwm_slot:u64)
 * hwm_set and hwm_slot are the key's babe-seal mark (rules_info_mark); status
 * is TRIAD_KEY_STATUS_*; created the counter when the key was made (0 for a key
 * made before sealed format 3); flags are the key's, with TRIAD_INFO_FLAG_ED25519
 * set for an ed25519 key (a scheme byte more per key would not fit 64 keys in
 * TRIAD_MAX_OUTPUT).
 *
 * Points have the key's size, which its type tells (state.h key_type_pk_bytes):
 * 32 bytes, or 33 for a secp256k1 (`beef`) key.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "keys.h"
#include "rules.h"

#define INFO_HEADER_BYTES (1 + 2 + 32 + 8 + 1 + 2 + 1)
#define INFO_KEY_BYTES (4 + 1 + 1 + 2 + 2 + 2 + FROST_POINT_MAX + 8 + 1 + 8)
/* GET_INFO with every slot taken still fits the output every command is given. */
typedef char info_fits_the_output[INFO_HEADER_BYTES + TRIAD_MAX_KEYS * INFO_KEY_BYTES <=
					  TRIAD_MAX_OUTPUT
				  ? 1
				  : -1];

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
		write_u8(&w, (uint8_t)(k->flags | (k->scheme == TRIAD_SCHEME_ED25519
							   ? TRIAD_INFO_FLAG_ED25519
							   : 0)));
		write_u8(&w, k->status);
		write_u16(&w, k->own_id);
		write_u16(&w, k->threshold);
		write_u16(&w, k->n);
		write_bytes(&w, k->group_pk, key_pk_bytes(k));
		write_u64(&w, k->created);
		rules_info_mark(k->key_type, k->flags, k->scheme, k->marks, &mark_set, &mark_slot);
		write_u8(&w, mark_set);
		write_u64(&w, mark_slot);
	}
	return ta_reply(&w, out_len);
}

/* KEY_ID: the active key it names; NULL with *rc MALFORMED or NO_KEY. */
static struct key_record *named_key(struct ta_context *ctx, const uint8_t *in, size_t in_len,
				    uint32_t *rc)
{
	struct key_record *key;
	struct reader r;
	uint8_t key_type[4], group_pk[FROST_POINT_MAX];

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_KEY_ID)
		goto malformed;
	read_key_ref(&r, key_type, group_pk);
	if (!reader_done(&r))
		goto malformed;
	key = state_find_key(&ctx->state, key_type, group_pk);
	*rc = key ? 0 : TRIAD_ERR_NO_KEY;
	return key;
malformed:
	*rc = TRIAD_ERR_MALFORMED;
	return NULL;
}

uint32_t cmd_export_public(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len)
{
	const struct key_record *key;
	struct writer w;
	uint32_t rc;
	size_t i;

	key = named_key(ctx, in, in_len, &rc);
	if (!key)
		return rc;
	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_PUBLIC_KEY_PACKAGE);
	write_u16(&w, key->threshold);
	write_u16(&w, key->n);
	write_bytes(&w, key->group_pk, key_pk_bytes(key));
	for (i = 0; i < key->n; i++) {
		write_u16(&w, key->ids[i]);
		write_bytes(&w, key->verifying[i], key_pk_bytes(key));
	}
	return ta_reply(&w, out_len);
}

/*
 * The share is wiped and sealed; the key's type, public key, public shares and
 * marks stay as a tombstone in its slot (slots are not reused: TRIAD_MAX_KEYS
 * counts active and retired keys). Its pooled nonces go too.
 *
 * The retired record is written twice, so that no older version of the key's
 * object with the share is left behind by the storage.
 *
 * The counter moves although no mark does: the retired key's object is then
 * sealed at a version above every copy of it that still holds the share, so
 * an older copy put back alone is refused at load (a rollback of one key
 * object, core/store.c), and a rollback of the whole state is behind the
 * counter the peers acknowledge from our next signature on.
 */
uint32_t cmd_retire_key(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len)
{
	struct key_record *key;
	uint32_t rc = ta_require_unlocked(ctx);

	(void)out;
	(void)out_cap;
	if (rc)
		return rc;
	key = named_key(ctx, in, in_len, &rc);
	if (!key)
		return rc;
	nonce_pool_drop_key(&ctx->pool, key->key_type, key->group_pk);
	ta_change_begin(ctx, key);
	sodium_memzero(key->share, sizeof(key->share));
	key->status = TRIAD_KEY_STATUS_RETIRED;
	ctx->state.counter++;
	rc = ta_change_seal(ctx);
	/*
	 * Sealed once more, the same record: the storage keeps the previous
	 * version of an object beside the current one until the next write (the
	 * emulator's second slot; REE FS's backup blocks), and that version
	 * still holds the share.
	 */
	if (!rc && ctx->persist(&ctx->state, (int)(key - ctx->state.keys)))
		rc = TRIAD_ERR_STORAGE;
	*out_len = 0;
	return rc;
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
 *
 * A refreshed key is sealed twice, as a retired one is: the storage keeps the previous version of
 * an object beside the current one until the next write, and that version holds the old share,
 * which a refresh exists to make worthless.
 */
uint32_t cmd_dkg_round3(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len)
{
	struct key_record *target;
	bool refresh;
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	target = dkg_target(&ctx->dkg, &ctx->state);
	refresh = ctx->dkg.refresh && target;
	ta_change_begin(ctx, target);
	rc = dkg_round3(&ctx->dkg, &ctx->state, in, in_len, out, out_cap, out_len);
	if (!rc)
		rc = ta_change_seal(ctx);
	if (!rc && refresh && ctx->persist(&ctx->state, (int)(target - ctx->state.keys)))
		rc = TRIAD_ERR_STORAGE;
	if (rc)
		*out_len = 0;
	return rc;
}
