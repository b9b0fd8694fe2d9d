// SPDX-License-Identifier: Apache-2.0
/*
 * libsodium's ristretto255 group and scalar operations, and the edges our TA
 * code has to handle itself (DESIGN.md section 3, "Pitfalls"):
 * - crypto_core_ristretto255_is_valid_point() accepts the identity, and
 *   add/sub return the identity without complaint: the TA must reject an
 *   identity commitment or key itself (sodium_is_zero on the encoding);
 * - crypto_scalarmult_ristretto255[_base]() return -1 when the result is
 *   the identity (zero scalar, a multiple of l, identity input) and clear
 *   bit 255 of the scalar: pass reduced scalars.
 * Group elements: RFC 9496 Appendix A (multiples of B, invalid encodings),
 * cross-checked with @noble/curves' ristretto255.
 */
#include <string.h>

#include <sodium.h>

#include "sodium_tests.h"

/* RFC 9496 A.1: encodings of 1B..5B (0B, the identity, is all zeros). */
static const char *const multiples[] = {
	"e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
	"6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
	"94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
	"da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
	"e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
};

/* The group order l and neighbours, little-endian. */
#define L_HEX "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"
#define L_MINUS_1 "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"
#define L_MINUS_2 "ebd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"

static void scalar_u32(uint8_t s[32], uint32_t v)
{
	memset(s, 0, 32);
	s[0] = (uint8_t)v;
	s[1] = (uint8_t)(v >> 8);
	s[2] = (uint8_t)(v >> 16);
	s[3] = (uint8_t)(v >> 24);
}

static void base_point(uint8_t b[32])
{
	CHECK(unhex(b, 32, multiples[0]) == 0);
}

TEST(ristretto_small_multiples)
{
	uint8_t s[32], p[32], sum[32], b[32];
	uint32_t i;

	base_point(b);
	memcpy(sum, b, 32);
	for (i = 1; i <= 5; i++) {
		scalar_u32(s, i);
		CHECK(crypto_scalarmult_ristretto255_base(p, s) == 0);
		CHECK_HEX(p, 32, multiples[i - 1]);
		/* The same point by repeated addition. */
		if (i > 1)
			CHECK(crypto_core_ristretto255_add(sum, sum, b) == 0);
		CHECK_HEX(sum, 32, multiples[i - 1]);
		CHECK(crypto_core_ristretto255_is_valid_point(p) == 1);
	}
}

TEST(ristretto_add_sub)
{
	uint8_t p2[32], p3[32], r[32], b[32];
	static const uint8_t zero[32];

	CHECK(unhex(p2, 32, multiples[1]) == 0);
	CHECK(unhex(p3, 32, multiples[2]) == 0);
	base_point(b);
	CHECK(crypto_core_ristretto255_add(r, p2, p3) == 0);
	CHECK_HEX(r, 32, multiples[4]);
	CHECK(crypto_core_ristretto255_sub(r, r, p3) == 0);
	CHECK_HEX(r, 32, multiples[1]);
	/* B - B is the identity, and sub reports success: check it yourself. */
	CHECK(crypto_core_ristretto255_sub(r, b, b) == 0);
	CHECK(memcmp(r, zero, 32) == 0);
	CHECK(sodium_is_zero(r, 32) == 1);
}

/* RFC 9496 A.2 (a selection): each is rejected by @noble/curves too. */
static const char *const invalid[] = {
	/* non-canonical field encodings */
	"00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	/* negative field elements */
	"0100000000000000000000000000000000000000000000000000000000000000",
	"01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
	/* non-square x^2 */
	"26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
	"4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
};

TEST(ristretto_invalid_encodings_rejected)
{
	uint8_t p[32], b[32], r[32], one[32];
	size_t i;

	base_point(b);
	scalar_u32(one, 1);
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		CHECK(unhex(p, 32, invalid[i]) == 0);
		CHECK(crypto_core_ristretto255_is_valid_point(p) == 0);
		CHECK(crypto_scalarmult_ristretto255(r, one, p) == -1);
		CHECK(crypto_core_ristretto255_add(r, b, p) == -1);
		CHECK(crypto_core_ristretto255_sub(r, p, b) == -1);
	}
}

/* Documented pitfall: the identity is a valid encoding to libsodium. */
TEST(ristretto_identity_is_valid_point)
{
	static const uint8_t identity[32];
	uint8_t b[32], r[32];

	CHECK(crypto_core_ristretto255_is_valid_point(identity) == 1);
	/* ...and adding it is accepted: P + 0 = P. */
	base_point(b);
	CHECK(crypto_core_ristretto255_add(r, b, identity) == 0);
	CHECK_HEX(r, 32, multiples[0]);
}

TEST(ristretto_zero_scalar_fails)
{
	static const uint8_t zero[32];
	uint8_t l[32], b[32], r[32];

	base_point(b);
	CHECK(unhex(l, 32, L_HEX) == 0);
	memset(r, 0xa5, sizeof(r));
	CHECK(crypto_scalarmult_ristretto255_base(r, zero) == -1);
	CHECK(sodium_is_zero(r, 32) == 1);
	CHECK(crypto_scalarmult_ristretto255(r, zero, b) == -1);
	/* l is zero mod l: same result. */
	CHECK(crypto_scalarmult_ristretto255_base(r, l) == -1);
	CHECK(crypto_scalarmult_ristretto255(r, l, b) == -1);
}

TEST(ristretto_identity_point_fails)
{
	static const uint8_t identity[32];
	uint8_t one[32], r[32];

	scalar_u32(one, 1);
	CHECK(crypto_scalarmult_ristretto255(r, one, identity) == -1);
}

/*
 * Bit 255 of the scalar is dropped without an error, so 2^255 + 1 acts as
 * 1, which is wrong mod l; below 2^255 unreduced scalars still work (l + 1
 * acts as 1). Our code passes only reduced scalars.
 */
TEST(ristretto_scalarmult_ignores_bit_255)
{
	uint8_t s[32], b[32], r[32], l_plus_1[32];

	base_point(b);
	scalar_u32(s, 1);
	s[31] = 0x80;
	CHECK(crypto_scalarmult_ristretto255_base(r, s) == 0);
	CHECK_HEX(r, 32, multiples[0]);
	CHECK(crypto_scalarmult_ristretto255(r, s, b) == 0);
	CHECK_HEX(r, 32, multiples[0]);

	CHECK(unhex(l_plus_1, 32, L_HEX) == 0);
	l_plus_1[0]++; /* 0xed -> 0xee, no carry */
	CHECK(crypto_scalarmult_ristretto255_base(r, l_plus_1) == 0);
	CHECK_HEX(r, 32, multiples[0]);
}

TEST(ristretto_scalar_ops)
{
	uint8_t one[32], two[32], r[32], lm1[32], wide[64];

	scalar_u32(one, 1);
	scalar_u32(two, 2);
	crypto_core_ristretto255_scalar_negate(lm1, one);
	CHECK_HEX(lm1, 32, L_MINUS_1);
	crypto_core_ristretto255_scalar_sub(r, one, two);
	CHECK_HEX(r, 32, L_MINUS_1);
	crypto_core_ristretto255_scalar_add(r, lm1, one);
	CHECK(sodium_is_zero(r, 32) == 1);
	crypto_core_ristretto255_scalar_mul(r, lm1, two);
	CHECK_HEX(r, 32, L_MINUS_2);
	crypto_core_ristretto255_scalar_mul(r, lm1, lm1);
	CHECK(memcmp(r, one, 32) == 0);
	/* complement(s) = 1 - s */
	crypto_core_ristretto255_scalar_complement(r, two);
	CHECK_HEX(r, 32, L_MINUS_1);
	/* 512-bit reduction: l itself, and 2^512 - 1 (value from Python). */
	memset(wide, 0, sizeof(wide));
	CHECK(unhex(wide, 32, L_HEX) == 0);
	crypto_core_ristretto255_scalar_reduce(r, wide);
	CHECK(sodium_is_zero(r, 32) == 1);
	memset(wide, 0xff, sizeof(wide));
	crypto_core_ristretto255_scalar_reduce(r, wide);
	CHECK_HEX(r, 32, "000f9c44e31106a447938568a71b0ed065bef517d273ecce3d9a307c1b419903");
	/* 1/2 */
	CHECK(crypto_core_ristretto255_scalar_invert(r, two) == 0);
	CHECK_HEX(r, 32, "f7e97a2e8d31092c6bce7b51ef7c6f0a00000000000000000000000000000008");
}

TEST(ristretto_scalar_invert_zero_fails)
{
	static const uint8_t zero[32];
	uint8_t r[32];

	CHECK(crypto_core_ristretto255_scalar_invert(r, zero) == -1);
}

/* Random scalars and points come from TEE_GenerateRandom via the shim. */
TEST(ristretto_scalar_random)
{
	uint8_t s1[32], s2[32], r[32], wide[64] = { 0 }, p[32];
	size_t before = tee_stub_random_bytes;

	crypto_core_ristretto255_scalar_random(s1);
	crypto_core_ristretto255_scalar_random(s2);
	CHECK(tee_stub_random_bytes - before >= 64);
	CHECK(memcmp(s1, s2, 32) != 0);
	CHECK(sodium_is_zero(s1, 32) == 0);
	/* canonical: reducing it changes nothing */
	memcpy(wide, s1, 32);
	crypto_core_ristretto255_scalar_reduce(r, wide);
	CHECK(memcmp(r, s1, 32) == 0);

	before = tee_stub_random_bytes;
	crypto_core_ristretto255_random(p);
	CHECK(tee_stub_random_bytes - before == crypto_core_ristretto255_HASHBYTES);
	CHECK(crypto_core_ristretto255_is_valid_point(p) == 1);
}
