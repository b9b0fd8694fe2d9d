// SPDX-License-Identifier: Apache-2.0
/*
 * The pre-seal header parser: a few headers built by hand here, then the
 * headers @polkadot/types encoded (gen-header-vectors.mjs), each parsed
 * whole, cut at every length, and changed one byte at a time.
 */
#include <stdio.h>
#include <string.h>

#include "babe_header.h"
#include "policy_tests.h"
#include "header_vectors.h"

/* Room for any hand-built header and for a mutable copy of a vector. */
static uint8_t buf[32768];

/*
 * parent 32 x 0x01, number 1, state root 32 x 0x02, extrinsics root
 * 32 x 0x03, one digest item: PreRuntime("BABE", SecondaryPlain
 * { authority_index 5, slot 0x0807060504030201 }).
 */
static size_t hand_header(uint8_t *h)
{
	static const uint8_t digest[] = {
		0x04,                         /* Compact(1) items */
		0x06, 'B', 'A', 'B', 'E',     /* PreRuntime, engine */
		0x34,                         /* Compact(13) bytes */
		0x02,                         /* SecondaryPlain */
		0x05, 0x00, 0x00, 0x00,       /* authority_index */
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, /* slot */
	};
	size_t n = 0;

	memset(h + n, 0x01, 32);
	n += 32;
	h[n++] = 0x04; /* Compact(1) */
	memset(h + n, 0x02, 32);
	n += 32;
	memset(h + n, 0x03, 32);
	n += 32;
	memcpy(h + n, digest, sizeof(digest));
	return n + sizeof(digest);
}

TEST(babe_hand_built_header)
{
	struct babe_preseal out;
	size_t n = hand_header(buf);

	CHECK_EQ(babe_parse_preseal_header(buf, n, &out), BABE_OK);
	CHECK(out.number == 1);
	CHECK(out.slot == UINT64_C(0x0807060504030201));
	CHECK_EQ(out.authority_index, 5u);
	CHECK_EQ(out.predigest_variant, BABE_PREDIGEST_SECONDARY_PLAIN);
	CHECK(out.parent_hash == buf);
	CHECK(out.vrf_pre_output == NULL && out.vrf_proof == NULL);

	/* The same item as a Seal: refused, though otherwise well formed. */
	buf[32 + 1 + 64 + 1] = 0x05;
	CHECK_EQ(babe_parse_preseal_header(buf, n, &out), BABE_ERR_SEAL);
	/* As Consensus: no BABE pre-digest left. */
	buf[32 + 1 + 64 + 1] = 0x04;
	CHECK_EQ(babe_parse_preseal_header(buf, n, &out),
		 BABE_ERR_NO_PREDIGEST);
}

/*
 * An "aura" PreRuntime item first, whose payload also looks like a BABE
 * pre-digest with another slot: the slot comes from the BABE item only.
 */
TEST(babe_hand_built_other_engine_first)
{
	static const uint8_t aura[] = {
		0x06, 'a', 'u', 'r', 'a', 0x34,
		0x02, 0x09, 0x00, 0x00, 0x00,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
	};
	struct babe_preseal out;
	size_t n = hand_header(buf);
	size_t items = 32 + 1 + 64;

	buf[items] = 0x08; /* Compact(2) items */
	memmove(buf + items + 1 + sizeof(aura), buf + items + 1,
		n - items - 1);
	memcpy(buf + items + 1, aura, sizeof(aura));
	n += sizeof(aura);

	CHECK_EQ(babe_parse_preseal_header(buf, n, &out), BABE_OK);
	CHECK(out.slot == UINT64_C(0x0807060504030201));
	CHECK_EQ(out.authority_index, 5u);

	/* Renamed "BABE", it is a second BABE pre-digest. */
	memcpy(buf + items + 2, "BABE", 4);
	CHECK_EQ(babe_parse_preseal_header(buf, n, &out),
		 BABE_ERR_MULTIPLE_PREDIGESTS);
}

TEST(babe_empty_and_null_input)
{
	struct babe_preseal out;

	CHECK_EQ(babe_parse_preseal_header(buf, 0, &out), BABE_ERR_TRUNCATED);
	CHECK_EQ(babe_parse_preseal_header(NULL, 0, &out), BABE_ERR_TRUNCATED);
	CHECK_EQ(babe_parse_preseal_header(NULL, 200, &out), BABE_ERR_PARAM);
	CHECK_EQ(babe_parse_preseal_header(buf, hand_header(buf), NULL),
		 BABE_ERR_PARAM);
}

static int all_zero(const struct babe_preseal *out)
{
	static const struct babe_preseal zero;

	return out->number == 0 && out->slot == 0 &&
	       out->authority_index == 0 && out->predigest_variant == 0 &&
	       out->parent_hash == zero.parent_hash &&
	       out->vrf_pre_output == zero.vrf_pre_output &&
	       out->vrf_proof == zero.vrf_proof;
}

/* The slot was already read when the trailing byte is found: still zeroed. */
TEST(babe_out_zeroed_on_error)
{
	struct babe_preseal out;
	size_t n = hand_header(buf);

	buf[n] = 0;
	memset(&out, 0xa5, sizeof(out));
	CHECK_EQ(babe_parse_preseal_header(buf, n + 1, &out),
		 BABE_ERR_TRAILING);
	CHECK(all_zero(&out));
}

static void report(const struct header_vector *v, const char *what, int rc,
		   size_t at)
{
	char line[160];

	snprintf(line, sizeof(line), "vector %s: %s (rc %d, at byte %lu)",
		 v->name, what, rc, (unsigned long)at);
	harness_fail(__FILE__, __LINE__, line);
}

static int is_known_error(int rc)
{
	return (rc <= BABE_ERR_TRUNCATED && rc >= BABE_ERR_NON_CANONICAL) ||
	       (rc <= BABE_ERR_DIGEST_KIND && rc >= BABE_ERR_TRAILING);
}

/* Checks a successful parse of `h` (a copy of v->bytes, or the bytes). */
static int matches(const struct header_vector *v, const uint8_t *h,
		   const struct babe_preseal *out)
{
	if (out->number != v->number || out->slot != v->slot ||
	    out->authority_index != v->authority_index ||
	    out->predigest_variant != v->variant || out->parent_hash != h)
		return 0;
	if (v->variant == BABE_PREDIGEST_SECONDARY_PLAIN)
		return out->vrf_pre_output == NULL && out->vrf_proof == NULL;
	return out->vrf_pre_output == h + v->vrf_off &&
	       out->vrf_proof == h + v->vrf_off + BABE_VRF_PRE_OUTPUT_LEN;
}

TEST(babe_vectors_valid)
{
	struct babe_preseal out;
	size_t i, valid = 0;

	for (i = 0; i < HEADER_VECTOR_COUNT; i++) {
		const struct header_vector *v = &header_vectors[i];
		int rc;

		if (v->err != BABE_OK)
			continue;
		valid++;
		rc = babe_parse_preseal_header(v->bytes, v->len, &out);
		if (rc != BABE_OK)
			report(v, "refused", rc, 0);
		else if (!matches(v, v->bytes, &out))
			report(v, "wrong fields", rc, 0);
	}
	CHECK(valid >= 25);
}

TEST(babe_vectors_invalid)
{
	struct babe_preseal out;
	size_t i, invalid = 0;

	for (i = 0; i < HEADER_VECTOR_COUNT; i++) {
		const struct header_vector *v = &header_vectors[i];
		int rc;

		if (v->err == BABE_OK)
			continue;
		invalid++;
		rc = babe_parse_preseal_header(v->bytes, v->len, &out);
		if (rc != v->err)
			report(v, "wrong result", rc, 0);
		if (!all_zero(&out))
			report(v, "result not zeroed", rc, 0);
	}
	CHECK(invalid >= 50);
}

/*
 * Every strict prefix of a valid header is refused as truncated: no prefix
 * is itself a header, and the cut is never mistaken for another error.
 */
TEST(babe_vectors_every_truncation)
{
	struct babe_preseal out;
	size_t i, n;

	for (i = 0; i < HEADER_VECTOR_COUNT; i++) {
		const struct header_vector *v = &header_vectors[i];

		if (v->err != BABE_OK)
			continue;
		for (n = 0; n < v->len; n++) {
			int rc = babe_parse_preseal_header(v->bytes, n, &out);

			if (rc != BABE_ERR_TRUNCATED) {
				report(v, "prefix not truncated", rc, n);
				break;
			}
		}
	}
}

/* Changes byte `at` of the copy in buf by `mask`, parses, and restores it. */
static int parse_flipped(size_t len, size_t at, uint8_t mask,
			 struct babe_preseal *out)
{
	int rc;

	buf[at] ^= mask;
	rc = babe_parse_preseal_header(buf, len, out);
	buf[at] ^= mask;
	return rc;
}

/*
 * The three hashes and the VRF signature are hashed and signed but do not
 * steer the parse: any value there gives the same fields.
 */
TEST(babe_vectors_hashed_bytes_do_not_matter)
{
	struct babe_preseal out;
	size_t i, k, at;

	for (i = 0; i < HEADER_VECTOR_COUNT; i++) {
		const struct header_vector *v = &header_vectors[i];
		size_t num_len, from[3], to[3];
		int rc;

		if (v->err != BABE_OK || v->len > sizeof(buf))
			continue;
		memcpy(buf, v->bytes, v->len);
		/* The number's compact length, from its first byte's mode. */
		num_len = (buf[32] & 3) == 3 ? (size_t)(buf[32] >> 2) + 5 :
						(size_t)1 << (buf[32] & 3);
		from[0] = 0; /* parent hash */
		to[0] = 32;
		from[1] = 32 + num_len; /* state and extrinsics roots */
		to[1] = from[1] + 64;
		from[2] = v->vrf_off; /* VRF pre-output and proof */
		to[2] = v->vrf_off ? v->vrf_off + 96 : 0;
		for (k = 0; k < 3; k++) {
			for (at = from[k]; at < to[k]; at++) {
				rc = parse_flipped(v->len, at, 0xff, &out);
				if (rc != BABE_OK || !matches(v, buf, &out)) {
					report(v, "hashed byte changed it", rc,
					       at);
					break;
				}
			}
		}
	}
}

/* A parse that points only inside buf[0, len) at fields of the right sizes. */
static int sane(const struct babe_preseal *out, size_t len)
{
	if (out->parent_hash != buf)
		return 0;
	switch (out->predigest_variant) {
	case BABE_PREDIGEST_SECONDARY_PLAIN:
		return !out->vrf_pre_output && !out->vrf_proof;
	case BABE_PREDIGEST_PRIMARY:
	case BABE_PREDIGEST_SECONDARY_VRF:
		return out->vrf_pre_output > buf &&
		       out->vrf_proof ==
			       out->vrf_pre_output + BABE_VRF_PRE_OUTPUT_LEN &&
		       out->vrf_proof + BABE_VRF_PROOF_LEN <= buf + len;
	default:
		return 0;
	}
}

/*
 * Any one byte changed (three ways) gives a known result: a known error
 * with `out` zeroed, or a sane parse. Under ASan/UBSan this also shows that
 * none of these inputs reads out of bounds.
 */
TEST(babe_vectors_every_byte_flipped)
{
	static const uint8_t masks[] = { 0x01, 0x80, 0xff };
	struct babe_preseal out;
	size_t i, at, m;
	int rc;

	for (i = 0; i < HEADER_VECTOR_COUNT; i++) {
		const struct header_vector *v = &header_vectors[i];

		if (v->len > sizeof(buf))
			continue;
		memcpy(buf, v->bytes, v->len);
		for (at = 0; at < v->len; at++) {
			for (m = 0; m < sizeof(masks); m++) {
				rc = parse_flipped(v->len, at, masks[m], &out);
				if (rc == BABE_OK && !sane(&out, v->len))
					report(v, "odd parse after a flip", rc,
					       at);
				if (rc != BABE_OK &&
				    (!is_known_error(rc) || !all_zero(&out)))
					report(v, "odd error after a flip", rc,
					       at);
			}
		}
	}
}
