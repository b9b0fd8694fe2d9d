// SPDX-License-Identifier: Apache-2.0
/*
 * Scalars mod n against bigint arithmetic in gen-secp256k1-vectors.mjs (the
 * inverse there is Fermat's, not the library's safegcd), and every refusal
 * of a non-canonical scalar.
 */
#include <stdint.h>
#include <string.h>

#include "secp256k1_ops.h"
#include "secp256k1_tests.h"
#include "secp256k1_vectors.h"

/* As long as the longest output (a signature) so every refusal compares with it. */
static const uint8_t zero[SECP_ECDSA_RECOVERABLE_BYTES];

TEST(scalar_known_answers)
{
	uint8_t out[SECP_SCALAR_BYTES];
	size_t i;

	for (i = 0; i < scalar_vecs_count; i++) {
		const struct scalar_vec *v = &scalar_vecs[i];

		CHECK(secp_scalar_is_canonical(v->a) && secp_scalar_is_canonical(v->b));
		CHECK(secp_scalar_add(out, v->a, v->b) == 0);
		CHECK_HEX(out, sizeof(out), v->sum);
		CHECK(secp_scalar_sub(out, v->a, v->b) == 0);
		CHECK_HEX(out, sizeof(out), v->diff);
		CHECK(secp_scalar_mul(out, v->a, v->b) == 0);
		CHECK_HEX(out, sizeof(out), v->prod);
		CHECK(secp_scalar_negate(out, v->a) == 0);
		CHECK_HEX(out, sizeof(out), v->neg_a);
		if (*v->inv_a) {
			CHECK(secp_scalar_invert(out, v->a) == 0);
			CHECK_HEX(out, sizeof(out), v->inv_a);
		} else {
			CHECK(secp_scalar_invert(out, v->a) == -1);
		}
		/* The output may be an input. */
		memcpy(out, v->a, sizeof(out));
		CHECK(secp_scalar_add(out, out, v->b) == 0);
		CHECK_HEX(out, sizeof(out), v->sum);
	}
}

TEST(scalar_from_u64_and_is_zero)
{
	uint8_t s[SECP_SCALAR_BYTES];

	secp_scalar_from_u64(s, 0);
	CHECK(secp_scalar_is_zero(s) && memcmp(s, zero, sizeof(s)) == 0);
	secp_scalar_from_u64(s, UINT64_C(0x0102030405060708));
	CHECK_HEX(s, sizeof(s), "0000000000000000000000000000000000000000000000000102030405060708");
	CHECK(!secp_scalar_is_zero(s) && secp_scalar_is_canonical(s));
	secp_scalar_from_u64(s, UINT64_MAX);
	CHECK_HEX(s, sizeof(s), "000000000000000000000000000000000000000000000000ffffffffffffffff");
	/* n reduces to zero, but is no encoding of it. */
	CHECK(!secp_scalar_is_zero(bad_scalars[0].s));
	memset(s, 0, sizeof(s));
	s[0] = 0x80;
	CHECK(!secp_scalar_is_zero(s));
}

TEST(scalar_reduce_wide_known_answers)
{
	uint8_t out[SECP_SCALAR_BYTES];
	size_t i;

	for (i = 0; i < wide_vecs_count; i++) {
		secp_scalar_reduce_wide(out, wide_vecs[i].in);
		CHECK_HEX(out, sizeof(out), wide_vecs[i].out);
	}
}

/* Anything >= n is refused wherever a scalar goes in, and the output is zeroed. */
TEST(scalar_non_canonical_refused)
{
	uint8_t one[SECP_SCALAR_BYTES], g[SECP_POINT_BYTES], out[SECP_ECDSA_RECOVERABLE_BYTES];
	size_t i;

	secp_scalar_from_u64(one, 1);
	CHECK(secp_point_mul_base(g, one) == 0);
	for (i = 0; i < bad_scalars_count; i++) {
		const uint8_t *bad = bad_scalars[i].s;

		CHECK(!secp_scalar_is_canonical(bad));
#define REFUSED(call, len)                                                     \
	do {                                                                   \
		memset(out, 0xa5, sizeof(out));                                \
		CHECK((call) == -1);                                           \
		CHECK(memcmp(out, zero, (len)) == 0);                          \
	} while (0)
		REFUSED(secp_scalar_add(out, bad, one), 32);
		REFUSED(secp_scalar_add(out, one, bad), 32);
		REFUSED(secp_scalar_sub(out, bad, one), 32);
		REFUSED(secp_scalar_sub(out, one, bad), 32);
		REFUSED(secp_scalar_mul(out, bad, one), 32);
		REFUSED(secp_scalar_mul(out, one, bad), 32);
		REFUSED(secp_scalar_negate(out, bad), 32);
		REFUSED(secp_scalar_invert(out, bad), 32);
		REFUSED(secp_point_mul(out, bad, g), 33);
		REFUSED(secp_point_mul_base(out, bad), 33);
		REFUSED(secp_pubkey_of(out, bad), 33);
		REFUSED(secp_ecdsa_sign_prehashed_recoverable(out, bad, one), 65);
#undef REFUSED
	}
}

TEST(scalar_invert_zero_refused)
{
	uint8_t out[SECP_SCALAR_BYTES];

	memset(out, 0xa5, sizeof(out));
	CHECK(secp_scalar_invert(out, zero) == -1);
	CHECK(memcmp(out, zero, sizeof(out)) == 0);
	/* Zero is a scalar like any other for the rest. */
	CHECK(secp_scalar_negate(out, zero) == 0 && secp_scalar_is_zero(out));
}
