// SPDX-License-Identifier: Apache-2.0
/*
 * Pre-seal BABE header parser; the rules and layouts are in babe_header.h.
 * One pass, front to back, over a bounded reader: the digest loop consumes
 * at least one byte per item, so it ends within `len` iterations whatever
 * item count the header claims.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "babe_header.h"
#include "scale.h"

/* sp_runtime::generic::DigestItemType */
enum digest_kind {
	DIGEST_OTHER = 0,
	DIGEST_CONSENSUS = 4,
	DIGEST_SEAL = 5,
	DIGEST_PRE_RUNTIME = 6,
	DIGEST_RUNTIME_ENVIRONMENT_UPDATED = 8,
};

#define ENGINE_ID_LEN 4
static const uint8_t babe_engine_id[ENGINE_ID_LEN] = { 'B', 'A', 'B', 'E' };

/* index byte + authority_index u32 + slot u64 */
#define PREDIGEST_PLAIN_LEN (1 + 4 + 8)
#define PREDIGEST_VRF_LEN \
	(PREDIGEST_PLAIN_LEN + BABE_VRF_PRE_OUTPUT_LEN + BABE_VRF_PROOF_LEN)

/* One digest item, read but not yet judged. */
struct digest_item {
	uint8_t kind;
	const uint8_t *engine; /* Consensus, Seal, PreRuntime only */
	const uint8_t *data;
	size_t data_len;
};

static int read_item(struct scale_reader *r, struct digest_item *it)
{
	int rc = scale_read_u8(r, &it->kind);

	if (rc != SCALE_OK)
		return rc;
	it->engine = NULL;
	it->data = NULL;
	it->data_len = 0;

	switch (it->kind) {
	case DIGEST_CONSENSUS:
	case DIGEST_SEAL:
	case DIGEST_PRE_RUNTIME:
		rc = scale_read_bytes(r, ENGINE_ID_LEN, &it->engine);
		if (rc != SCALE_OK)
			return rc;
		return scale_read_vec_u8(r, &it->data, &it->data_len);
	case DIGEST_OTHER:
		return scale_read_vec_u8(r, &it->data, &it->data_len);
	case DIGEST_RUNTIME_ENVIRONMENT_UPDATED:
		return SCALE_OK;
	default:
		return BABE_ERR_DIGEST_KIND;
	}
}

/*
 * The PreDigest inside PreRuntime("BABE", ...). Its size is fixed by its
 * variant, so comparing the Vec's length with that size both rejects short
 * payloads and ensures the payload is consumed exactly.
 */
static int parse_predigest(const uint8_t *p, size_t n, struct babe_preseal *out)
{
	struct scale_reader r;
	uint8_t variant;
	size_t want;

	if (n < 1)
		return BABE_ERR_PREDIGEST_SIZE;
	variant = p[0];
	switch (variant) {
	case BABE_PREDIGEST_SECONDARY_PLAIN:
		want = PREDIGEST_PLAIN_LEN;
		break;
	case BABE_PREDIGEST_PRIMARY:
	case BABE_PREDIGEST_SECONDARY_VRF:
		want = PREDIGEST_VRF_LEN;
		break;
	default:
		return BABE_ERR_PREDIGEST_VARIANT;
	}
	if (n != want)
		return BABE_ERR_PREDIGEST_SIZE;

	/* The sizes match, so none of these reads can fail. */
	scale_reader_init(&r, p + 1, n - 1);
	scale_read_u32(&r, &out->authority_index);
	scale_read_u64(&r, &out->slot);
	if (variant != BABE_PREDIGEST_SECONDARY_PLAIN) {
		scale_read_bytes(&r, BABE_VRF_PRE_OUTPUT_LEN,
				 &out->vrf_pre_output);
		scale_read_bytes(&r, BABE_VRF_PROOF_LEN, &out->vrf_proof);
	}
	out->predigest_variant = variant;
	return BABE_OK;
}

static int parse(const uint8_t *hdr, size_t len, struct babe_preseal *out)
{
	struct scale_reader r;
	struct digest_item it;
	const uint8_t *root;
	uint32_t count = 0, i;
	int have_babe = 0;
	int rc;

	scale_reader_init(&r, hdr, len);
	rc = scale_read_bytes(&r, BABE_HASH_LEN, &out->parent_hash);
	if (rc == SCALE_OK)
		rc = scale_read_compact_u64(&r, &out->number);
	/* state_root, extrinsics_root: hashed with the rest, not needed here */
	if (rc == SCALE_OK)
		rc = scale_read_bytes(&r, BABE_HASH_LEN, &root);
	if (rc == SCALE_OK)
		rc = scale_read_bytes(&r, BABE_HASH_LEN, &root);
	if (rc == SCALE_OK)
		rc = scale_read_compact_u32(&r, &count);
	if (rc != SCALE_OK)
		return rc;
	/* Each item takes at least its index byte: more items cannot fit. */
	if (count > scale_remaining(&r))
		return BABE_ERR_TRUNCATED;

	for (i = 0; i < count; i++) {
		rc = read_item(&r, &it);
		if (rc != SCALE_OK)
			return rc;
		if (it.kind == DIGEST_SEAL)
			return BABE_ERR_SEAL;
		if (it.kind != DIGEST_PRE_RUNTIME ||
		    memcmp(it.engine, babe_engine_id, ENGINE_ID_LEN) != 0)
			continue;
		if (have_babe)
			return BABE_ERR_MULTIPLE_PREDIGESTS;
		rc = parse_predigest(it.data, it.data_len, out);
		if (rc != BABE_OK)
			return rc;
		have_babe = 1;
	}

	if (scale_remaining(&r) != 0)
		return BABE_ERR_TRAILING;
	if (!have_babe)
		return BABE_ERR_NO_PREDIGEST;
	return BABE_OK;
}

int babe_parse_preseal_header(const uint8_t *hdr, size_t len,
			      struct babe_preseal *out)
{
	int rc;

	if (!out)
		return BABE_ERR_PARAM;
	memset(out, 0, sizeof(*out));
	if (!hdr && len)
		return BABE_ERR_PARAM;

	rc = parse(hdr, len, out);
	if (rc != BABE_OK)
		memset(out, 0, sizeof(*out)); /* no half-filled result */
	return rc;
}
