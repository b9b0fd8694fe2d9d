// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness for the pre-seal BABE header parser (ta/policy).
 *
 * Besides "no crash, no out-of-bounds read, no undefined behaviour" (ASan
 * and UBSan), it checks properties that make the parse safe to key a
 * high-water mark on; any violation aborts, which libFuzzer reports:
 *   - the same bytes always give the same result;
 *   - an error is a known code, with the result zeroed;
 *   - a success points only inside the input, and its block number is
 *     stored canonically (re-encoding it gives the bytes it came from);
 *   - for VRF variants, the variant, authority and slot sit right before the
 *     VRF bytes, little-endian: the fields come from the BABE item itself;
 *   - the header with its last byte cut is refused as truncated.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "babe_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)           \
	do {                    \
		if (!(cond))    \
			abort(); \
	} while (0)

/* The canonical SCALE compact encoding of v; returns its length. */
static size_t compact(uint64_t v, uint8_t out[9])
{
	size_t n, i;

	if (v < (1u << 6)) {
		out[0] = (uint8_t)(v << 2);
		return 1;
	}
	if (v < (1u << 14)) {
		out[0] = (uint8_t)(v << 2 | 1);
		out[1] = (uint8_t)(v >> 6);
		return 2;
	}
	if (v < (1ul << 30)) {
		uint32_t w = (uint32_t)(v << 2 | 2);

		for (i = 0; i < 4; i++)
			out[i] = (uint8_t)(w >> (8 * i));
		return 4;
	}
	for (n = 4; n < 8 && (v >> (8 * n)) != 0; n++)
		;
	out[0] = (uint8_t)((n - 4) << 2 | 3);
	for (i = 0; i < n; i++)
		out[1 + i] = (uint8_t)(v >> (8 * i));
	return n + 1;
}

static uint64_t le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static int same(const struct babe_preseal *a, const struct babe_preseal *b)
{
	return a->number == b->number && a->slot == b->slot &&
	       a->authority_index == b->authority_index &&
	       a->predigest_variant == b->predigest_variant &&
	       a->parent_hash == b->parent_hash &&
	       a->vrf_pre_output == b->vrf_pre_output &&
	       a->vrf_proof == b->vrf_proof;
}

static int inside(const uint8_t *p, size_t n, const uint8_t *data,
		  size_t size)
{
	return p >= data && n <= size && (size_t)(p - data) <= size - n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct babe_preseal zero;
	struct babe_preseal a, b;
	uint8_t enc[9];
	size_t n;
	int rc;

	rc = babe_parse_preseal_header(data, size, &a);
	REQUIRE(babe_parse_preseal_header(data, size, &b) == rc);
	REQUIRE(same(&a, &b));

	if (rc != BABE_OK) {
		REQUIRE((rc <= BABE_ERR_TRUNCATED &&
			 rc >= BABE_ERR_NON_CANONICAL) ||
			(rc <= BABE_ERR_DIGEST_KIND &&
			 rc >= BABE_ERR_TRAILING));
		REQUIRE(same(&a, &zero));
		return 0;
	}

	REQUIRE(a.parent_hash == data);
	n = compact(a.number, enc);
	REQUIRE(size >= 32 + n && memcmp(data + 32, enc, n) == 0);

	switch (a.predigest_variant) {
	case BABE_PREDIGEST_SECONDARY_PLAIN:
		REQUIRE(!a.vrf_pre_output && !a.vrf_proof);
		break;
	case BABE_PREDIGEST_PRIMARY:
	case BABE_PREDIGEST_SECONDARY_VRF:
		REQUIRE(inside(a.vrf_pre_output - 13, 13 + 96, data, size));
		REQUIRE(a.vrf_proof == a.vrf_pre_output + 32);
		REQUIRE(a.vrf_pre_output[-13] == a.predigest_variant);
		REQUIRE(le(a.vrf_pre_output - 12, 4) == a.authority_index);
		REQUIRE(le(a.vrf_pre_output - 8, 8) == a.slot);
		break;
	default:
		abort();
	}

	REQUIRE(babe_parse_preseal_header(data, size - 1, &b) ==
		BABE_ERR_TRUNCATED);
	return 0;
}
