// SPDX-License-Identifier: Apache-2.0
/*
 * Request layouts (little-endian; tags in triad_ta.h):
 *
 * COMMIT_NONCES_REQUEST (0x21): key_type[4] count:u8 (1..TRIAD_MAX_COMMIT_BATCH)
 * COMMITMENT_BATCH (0x22):      count:u16, count x (id:u16 D[32] E[32])
 * SIGN_REQUEST (0x23):          kind:u8 key_type[4] payload_len:u32 payload
 *                               SigningSet (tag 0x02, count:u16, count x (id:u16 D E))
 * KEY_TYPE (0x27):              key_type[4]
 * INFO (0x20):                  version:u16 identity_pk[32] counter:u64 count:u8,
 *                               count x (key_type[4] flags:u8 own_id:u16 threshold:u16
 *                               n:u16 group_pk[32] hwm_set:u8 hwm_slot:u64)
 */
#include <string.h>

#include <sodium.h>

#include "babe_header.h"
#include "codec.h"
#include "commands.h"

int key_type_is_non_slashable(const uint8_t key_type[4])
{
	/* DESIGN.md section 6: authority discovery and im-online sign nothing slashable */
	return !memcmp(key_type, "audi", 4) || !memcmp(key_type, "imon", 4);
}

static uint32_t finish(struct writer *w, size_t *out_len)
{
	if (w->error)
		return TRIAD_ERR_MALFORMED; /* output buffer too small for the answer */
	*out_len = w->len;
	return 0;
}

uint32_t cmd_get_info(struct ta_context *ctx, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_cap, size_t *out_len)
{
	struct writer w;
	uint8_t count = 0;
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
		write_u8(&w, k->hwm.set);
		write_u64(&w, k->hwm.slot);
	}
	return finish(&w, out_len);
}

uint32_t cmd_commit_nonces(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len)
{
	struct frost_commitment c;
	struct key_record *key;
	struct reader r;
	struct writer w;
	uint8_t key_type[4], count, i;

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_COMMIT_NONCES_REQUEST)
		return TRIAD_ERR_MALFORMED;
	read_into(&r, key_type, 4);
	count = read_u8(&r);
	if (!reader_done(&r) || count == 0 || count > TRIAD_MAX_COMMIT_BATCH)
		return TRIAD_ERR_MALFORMED;
	key = state_find_key(&ctx->state, key_type);
	if (!key)
		return TRIAD_ERR_NO_KEY;

	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_COMMITMENT_BATCH);
	write_u16(&w, count);
	for (i = 0; i < count; i++) {
		if (nonce_pool_add(&ctx->pool, key_type, key->own_id, key->share, &c))
			return TRIAD_ERR_BAD_STATE;
		write_u16(&w, c.id);
		write_bytes(&w, c.hiding, 32);
		write_bytes(&w, c.binding, 32);
	}
	return finish(&w, out_len);
}

struct sign_request {
	uint8_t kind;
	uint8_t key_type[4];
	const uint8_t *payload;
	uint32_t payload_len;
	struct frost_commitment set[FROST_MAX_SIGNERS];
	size_t n;
};

static bool parse_sign_request(struct sign_request *q, const uint8_t *in, size_t in_len)
{
	struct reader r;
	size_t i;

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_SIGN_REQUEST)
		return false;
	q->kind = read_u8(&r);
	read_into(&r, q->key_type, 4);
	q->payload_len = read_u32(&r);
	if (q->payload_len > TRIAD_MAX_PAYLOAD)
		return false;
	q->payload = read_bytes(&r, q->payload_len);
	if (read_u8(&r) != TRIAD_TAG_SIGNING_SET)
		return false;
	q->n = read_u16(&r);
	if (r.error || q->n == 0 || q->n > FROST_MAX_SIGNERS)
		return false;
	for (i = 0; i < q->n; i++) {
		q->set[i].id = read_u16(&r);
		read_into(&r, q->set[i].hiding, 32);
		read_into(&r, q->set[i].binding, 32);
	}
	return reader_done(&r);
}

/*
 * What the TA signs for each kind, and its rule (DESIGN.md section 6). For
 * babe-seal: the TA's own parse of the header, its blake2-256 hash as the
 * message, and the slot for the high-water mark.
 */
static uint32_t message_for(const struct sign_request *q, const struct key_record *key,
			    uint8_t msg[32], const uint8_t **m, size_t *m_len,
			    uint64_t *slot)
{
	struct babe_preseal hdr;

	switch (q->kind) {
	case TRIAD_KIND_BABE_SEAL:
		if (memcmp(key->key_type, "babe", 4) || (key->flags & TRIAD_KEY_FLAG_NON_SLASHABLE))
			return TRIAD_ERR_POLICY;
		if (babe_parse_preseal_header(q->payload, q->payload_len, &hdr))
			return TRIAD_ERR_MALFORMED;
		crypto_generichash_blake2b(msg, 32, q->payload, q->payload_len, NULL, 0);
		*m = msg;
		*m_len = 32;
		*slot = hdr.slot;
		return 0;
	case TRIAD_KIND_RAW:
		if (!(key->flags & TRIAD_KEY_FLAG_NON_SLASHABLE))
			return TRIAD_ERR_POLICY;
		*m = q->payload;
		*m_len = q->payload_len;
		return 0;
	default:
		return TRIAD_ERR_MALFORMED;
	}
}

/*
 * One payload per slot: a lower slot is a regression, the same slot with
 * another payload a conflict; the same payload again is allowed (an
 * idempotent retry). Runs single-threaded inside the TA, so check and update
 * are atomic.
 */
static uint32_t check_and_advance(struct key_record *key, uint64_t slot, const uint8_t hash[32],
				  bool *changed)
{
	*changed = false;
	if (key->hwm.set && slot < key->hwm.slot)
		return TRIAD_ERR_REGRESSION;
	if (key->hwm.set && slot == key->hwm.slot)
		return sodium_memcmp(hash, key->hwm.hash, 32) ? TRIAD_ERR_CONFLICT : 0;
	key->hwm.set = true;
	key->hwm.slot = slot;
	memcpy(key->hwm.hash, hash, 32);
	*changed = true;
	return 0;
}

uint32_t cmd_sign_partial(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len)
{
	static struct sign_request q; /* large; the TA is single-threaded */
	struct high_water_mark saved;
	struct nonce_pair nonces;
	struct key_record *key;
	struct writer w;
	uint8_t msg[32], z[32];
	const uint8_t *m = NULL;
	size_t m_len = 0, i;
	uint64_t slot = 0;
	bool have_nonces = false, changed = false;
	uint32_t rc;

	memset(&nonces, 0, sizeof(nonces));
	if (!parse_sign_request(&q, in, in_len))
		return TRIAD_ERR_MALFORMED;
	key = state_find_key(&ctx->state, q.key_type);
	if (!key)
		return TRIAD_ERR_NO_KEY;

	/* Our commitment names the nonces; they are gone from the pool from here on. */
	for (i = 0; i < q.n && !have_nonces; i++)
		if (q.set[i].id == key->own_id)
			have_nonces = nonce_pool_take(&ctx->pool, q.key_type, &q.set[i], &nonces);
	if (!have_nonces)
		return TRIAD_ERR_NONCE_UNKNOWN;
	rc = frost_check_signing_set(q.set, q.n, key->threshold) ? TRIAD_ERR_MALFORMED : 0;
	if (!rc)
		rc = message_for(&q, key, msg, &m, &m_len, &slot);
	saved = key->hwm;
	if (!rc && q.kind == TRIAD_KIND_BABE_SEAL)
		rc = check_and_advance(key, slot, msg, &changed);
	/* The mark is sealed before any share leaves; if sealing fails, nothing leaves. */
	if (!rc && changed && ctx->persist(&ctx->state)) {
		key->hwm = saved;
		rc = TRIAD_ERR_STORAGE;
	}
	if (!rc && frost_sign_share(z, key->own_id, key->share, nonces.hiding, nonces.binding,
				    key->group_pk, q.set, q.n, key->threshold, m, m_len))
		rc = TRIAD_ERR_MALFORMED;
	sodium_memzero(&nonces, sizeof(nonces));
	if (rc)
		return rc;

	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_SIGNATURE_SHARE);
	write_u16(&w, key->own_id);
	write_bytes(&w, z, 32);
	sodium_memzero(z, sizeof(z));
	return finish(&w, out_len);
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
	return finish(&w, out_len);
}

uint32_t cmd_dkg_round1(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len)
{
	return dkg_round1(&ctx->dkg, &ctx->state, in, in_len, out, out_cap, out_len);
}

uint32_t cmd_dkg_round2(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len)
{
	return dkg_round2(&ctx->dkg, &ctx->state, in, in_len, out, out_cap, out_len);
}

/* The new key is sealed before its public package leaves; otherwise it is dropped. */
uint32_t cmd_dkg_round3(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint8_t key_type[4];
	struct key_record *key;
	uint32_t rc;

	memcpy(key_type, ctx->dkg.key_type, 4);
	rc = dkg_round3(&ctx->dkg, &ctx->state, in, in_len, out, out_cap, out_len);
	if (rc)
		return rc;
	if (ctx->persist(&ctx->state)) {
		key = state_find_key(&ctx->state, key_type);
		if (key)
			sodium_memzero(key, sizeof(*key));
		*out_len = 0;
		return TRIAD_ERR_STORAGE;
	}
	return 0;
}
