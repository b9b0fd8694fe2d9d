// SPDX-License-Identifier: Apache-2.0
/*
 * Points against @noble/curves (gen-secp256k1-vectors.mjs): a G, b G, their
 * sum and difference, b (a G); the identity never comes out; every
 * encoding SEC1 compressed does not allow, or that is not a point, is
 * refused by every function that decodes one.
 */
#include <stdint.h>
#include <string.h>

#include "secp256k1_ops.h"
#include "secp256k1_tests.h"
#include "secp256k1_vectors.h"

static const uint8_t zero_point[SECP_POINT_BYTES];

/* r = p's value, or -1 as the library's functions return it; "" in a table is -1. */
static void check_point(int ret, const uint8_t r[SECP_POINT_BYTES], const char *want)
{
	if (*want) {
		CHECK(ret == 0);
		CHECK_HEX(r, SECP_POINT_BYTES, want);
		CHECK(secp_point_is_valid(r));
	} else {
		CHECK(ret == -1);
		CHECK(memcmp(r, zero_point, SECP_POINT_BYTES) == 0);
	}
}

TEST(point_known_answers)
{
	uint8_t A[SECP_POINT_BYTES], B[SECP_POINT_BYTES], r[SECP_POINT_BYTES];
	size_t i;

	for (i = 0; i < point_vecs_count; i++) {
		const struct point_vec *v = &point_vecs[i];

		check_point(secp_point_mul_base(A, v->a), A, v->A);
		check_point(secp_pubkey_of(B, v->b), B, v->B);
		check_point(secp_point_add(r, A, B), r, v->sum);
		check_point(secp_point_add(r, B, A), r, v->sum);
		check_point(secp_point_sub(r, A, B), r, v->diff);
		check_point(secp_point_mul(r, v->b, A), r, v->mul);
	}
}

/* P - P and P + (-P) are the identity: refused, never encoded. */
TEST(point_identity_results_refused)
{
	uint8_t k[SECP_SCALAR_BYTES], P[SECP_POINT_BYTES], negP[SECP_POINT_BYTES];
	uint8_t r[SECP_POINT_BYTES];

	secp_scalar_from_u64(k, 12345);
	CHECK(secp_point_mul_base(P, k) == 0);
	CHECK(secp_scalar_negate(k, k) == 0);
	CHECK(secp_point_mul_base(negP, k) == 0);
	/* -P is P with the other prefix. */
	CHECK(memcmp(P + 1, negP + 1, 32) == 0 && (P[0] ^ negP[0]) == 1);
	memset(r, 0xa5, sizeof(r));
	check_point(secp_point_add(r, P, negP), r, "");
	memset(r, 0xa5, sizeof(r));
	check_point(secp_point_sub(r, P, P), r, "");
	/* Adding a point to itself doubles it (the addition's special case). */
	{
		uint8_t two[SECP_SCALAR_BYTES], twoP[SECP_POINT_BYTES];

		secp_scalar_from_u64(two, 2);
		CHECK(secp_point_mul(twoP, two, P) == 0);
		CHECK(secp_point_add(r, P, P) == 0 && memcmp(r, twoP, sizeof(r)) == 0);
	}
}

TEST(point_bad_encodings_refused)
{
	uint8_t one[SECP_SCALAR_BYTES], g[SECP_POINT_BYTES], r[SECP_POINT_BYTES];
	size_t i;

	secp_scalar_from_u64(one, 1);
	CHECK(secp_point_mul_base(g, one) == 0);
	/* x = 1 is on the curve: the small-x point decodes; its x + p alias below does not. */
	CHECK(secp_point_is_valid(small_x_point));
	CHECK(secp_point_mul(r, one, small_x_point) == 0);
	CHECK(memcmp(r, small_x_point, sizeof(r)) == 0);
	for (i = 0; i < bad_points_count; i++) {
		const uint8_t *bad = bad_points[i].p;

		if (secp_point_is_valid(bad)) {
			harness_fail(__FILE__, __LINE__, bad_points[i].why);
			continue;
		}
		check_point(secp_point_add(r, bad, g), r, "");
		check_point(secp_point_add(r, g, bad), r, "");
		check_point(secp_point_sub(r, bad, g), r, "");
		check_point(secp_point_sub(r, g, bad), r, "");
		check_point(secp_point_mul(r, one, bad), r, "");
	}
}

TEST(point_zero_scalar_refused)
{
	uint8_t zero[SECP_SCALAR_BYTES], one[SECP_SCALAR_BYTES], g[SECP_POINT_BYTES];
	uint8_t r[SECP_POINT_BYTES];

	secp_scalar_from_u64(zero, 0);
	secp_scalar_from_u64(one, 1);
	CHECK(secp_point_mul_base(g, one) == 0);
	CHECK_HEX(g, sizeof(g), "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
	check_point(secp_point_mul_base(r, zero), r, "");
	check_point(secp_pubkey_of(r, zero), r, "");
	check_point(secp_point_mul(r, zero, g), r, "");
}
