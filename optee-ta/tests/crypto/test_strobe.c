// SPDX-License-Identifier: Apache-2.0
/*
 * STROBE-128 subset: one external known answer, then the misuse rules.
 *
 * The known answer is the start of the "simple tests" vector of the STROBE
 * reference test suite (as carried by StrobeGo and strobe-rs): init with
 * "custom string", KEY("010101"), AD("hello, how are you good sir?"),
 * PRF(16), with the full 200-byte state after each step.
 */
#include <string.h>

#include "strobe.h"
#include "crypto_tests.h"

static const char state_after_init[] =
	"9c7f75fa8b893ab70ad448513c0b5263dc0c475c551526f6733bea22f16cb57c"
	"d31f682e660ee912824a772201ee1394226f4afcb62d331293cc92e8a624acf6"
	"e1b60095e322bbfbc845e5b26995fe7d7c841374d1ff5898c92ee0636b067273"
	"21c92a603907035349ccbb1b92b7b0057e8fa87fcebc7e88656fcb45ae04bc34"
	"cabeaebe79d91750c0e8bf13b966504d1343597265dd8865adf91409cc9b20d5"
	"f47444041f97b699ddfbdee91ea87bd09bf8b02da75a96e947f07f5b65bb4e6e"
	"fefaa16abfd9fbf6";
static const char state_after_key[] =
	"3031303130310e6be02d3677fb5a70dfc1f3a6f889f561699f053f97f705d671"
	"383c613b13b3e4184397827ad73b9c26e13af703f0bf70ff10d71516bb8a05a5"
	"b69775f1722daf9178b71cfca96cf36cd0fab68cac22f3f35afec0bf5066656d"
	"142761e3200b9e76a9ddd6ad74932110afd4a776fd82515edfe028dd4858abfd"
	"a1c3b6bff17e9b82aad3b519e51e704cba48a6e383c8504cd1f7b13d7a6ac6e9"
	"690ed05ae90744c5c32a97af08d66f15c9357bf20ea9276cab5ac736b8a68f25"
	"b095c409a1c48fd4";
static const char state_after_ad[] =
	"3031303130310e6988485a1b947650b7ae848699fb904110f0701ff0986ab251"
	"4b55130413b3e4184397827ad73b9c26e13af703f0bf70ff10d71516bb8a05a5"
	"b69775f1722daf9178b71cfca96cf36cd0fab68cac22f3f35afec0bf5066656d"
	"142761e3200b9e76a9ddd6ad74932110afd4a776fd82515edfe028dd4858abfd"
	"a1c3b6bff17e9b82aad3b519e51e704cba48a6e383c8504cd1f7b13d7a6ac6e9"
	"690ed05ae90744c5c32a97af08d66f15c9357bf20ea9276cab5ac736b8a68f25"
	"b095c409a1c48fd4";
static const char state_after_prf[] =
	"000000000000000000000000000000006380b09c7f711ca1c97eb6612cf25c2a"
	"b2abfb9cba447b27e72134629c3947281a0be4044d4e03c60564c66885407a2e"
	"6982603b07390ab718c0fa70f25e857c189caf2bdf42786669bc2f5d43440869"
	"e8feb7d47780383bb82c84705220c4d08b5df18081cb4939f3a38d059ee18529"
	"e85c6dade82e3c8b3c6cd0b56203299bb7311dfcbb68d1b5be5df6d2b8697dd6"
	"0e89ca4fd78ffbd1c22b939311775d913a8bf324b8ebac782e1f99605eccf03c"
	"0e59770c177812d1";

TEST(strobe_kat_key_ad_prf)
{
	static const char proto[] = "custom string";
	static const char key[] = "010101";
	static const char ad[] = "hello, how are you good sir?";
	struct strobe128 s;
	uint8_t out[16];

	CHECK_EQ(strobe128_init(&s, proto, strlen(proto)), STROBE_OK);
	CHECK_HEX(s.st, sizeof(s.st), state_after_init);
	CHECK_EQ(strobe128_key(&s, key, strlen(key), false), STROBE_OK);
	CHECK_HEX(s.st, sizeof(s.st), state_after_key);
	CHECK_EQ(strobe128_ad(&s, ad, strlen(ad), false), STROBE_OK);
	CHECK_HEX(s.st, sizeof(s.st), state_after_ad);
	CHECK_EQ(strobe128_prf(&s, out, sizeof(out), false), STROBE_OK);
	CHECK_HEX(out, sizeof(out), "5ce86d0815c02a27d8bdd923f2cb0bd8");
	CHECK_HEX(s.st, sizeof(s.st), state_after_prf);
}

/*
 * `more` must make split calls indistinguishable from one call, across a
 * block boundary (400 bytes > 2 * STROBE_R) and for every kind of op.
 */
TEST(strobe_more_equals_one_call)
{
	static const size_t split[] = { 0, 1, 165, 166, 167, 399, 400 };
	uint8_t data[400], whole[400], parts[400];
	struct strobe128 a, b;
	size_t k, i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ 0x5a);

	for (k = 0; k < sizeof(split) / sizeof(split[0]); k++) {
		size_t n = split[k];

		CHECK_EQ(strobe128_init(&a, "p", 1), STROBE_OK);
		CHECK_EQ(strobe128_init(&b, "p", 1), STROBE_OK);

		CHECK_EQ(strobe128_meta_ad(&a, data, 400, false), STROBE_OK);
		CHECK_EQ(strobe128_meta_ad(&b, data, n, false), STROBE_OK);
		CHECK_EQ(strobe128_meta_ad(&b, data + n, 400 - n, true),
			 STROBE_OK);
		CHECK_EQ(strobe128_key(&a, data, 400, false), STROBE_OK);
		CHECK_EQ(strobe128_key(&b, data, n, false), STROBE_OK);
		CHECK_EQ(strobe128_key(&b, data + n, 400 - n, true),
			 STROBE_OK);
		CHECK_EQ(strobe128_ad(&a, data, 400, false), STROBE_OK);
		CHECK_EQ(strobe128_ad(&b, data, n, false), STROBE_OK);
		CHECK_EQ(strobe128_ad(&b, data + n, 400 - n, true), STROBE_OK);
		CHECK_EQ(strobe128_prf(&a, whole, 400, false), STROBE_OK);
		CHECK_EQ(strobe128_prf(&b, parts, n, false), STROBE_OK);
		CHECK_EQ(strobe128_prf(&b, parts + n, 400 - n, true),
			 STROBE_OK);

		CHECK(memcmp(whole, parts, sizeof(whole)) == 0);
		CHECK(memcmp(a.st, b.st, sizeof(a.st)) == 0);
		CHECK_EQ(a.pos, b.pos);
	}
}

/* After a failure the object is dead: every later call fails too. */
static void check_dead(struct strobe128 *s)
{
	uint8_t out[8];

	memset(out, 0xff, sizeof(out));
	CHECK_EQ(strobe128_ad(s, "x", 1, false), STROBE_ERR_STATE);
	CHECK_EQ(strobe128_prf(s, out, sizeof(out), false), STROBE_ERR_STATE);
	CHECK_HEX(out, sizeof(out), "0000000000000000");
}

TEST(strobe_more_with_other_op_fails)
{
	struct strobe128 s;

	CHECK_EQ(strobe128_init(&s, "p", 1), STROBE_OK);
	CHECK_EQ(strobe128_meta_ad(&s, "label", 5, false), STROBE_OK);
	CHECK_EQ(strobe128_ad(&s, "data", 4, true), STROBE_ERR_MISUSE);
	check_dead(&s);

	CHECK_EQ(strobe128_init(&s, "p", 1), STROBE_OK);
	CHECK_EQ(strobe128_ad(&s, "data", 4, false), STROBE_OK);
	CHECK_EQ(strobe128_meta_ad(&s, "label", 5, true), STROBE_ERR_MISUSE);
	check_dead(&s);

	CHECK_EQ(strobe128_init(&s, "p", 1), STROBE_OK);
	CHECK_EQ(strobe128_ad(&s, "data", 4, false), STROBE_OK);
	CHECK_EQ(strobe128_key(&s, "k", 1, true), STROBE_ERR_MISUSE);
	check_dead(&s);
}

TEST(strobe_prf_more_after_ad_fails)
{
	struct strobe128 s;
	uint8_t out[8];

	memset(out, 0xff, sizeof(out));
	CHECK_EQ(strobe128_init(&s, "p", 1), STROBE_OK);
	CHECK_EQ(strobe128_ad(&s, "data", 4, false), STROBE_OK);
	CHECK_EQ(strobe128_prf(&s, out, sizeof(out), true), STROBE_ERR_MISUSE);
	CHECK_HEX(out, sizeof(out), "0000000000000000");
	check_dead(&s);
}

TEST(strobe_null_buffer_fails)
{
	struct strobe128 s;
	uint8_t out[4];

	/* A NULL buffer is fine when there is nothing to read or write. */
	CHECK_EQ(strobe128_init(&s, NULL, 0), STROBE_OK);
	CHECK_EQ(strobe128_ad(&s, NULL, 0, false), STROBE_OK);
	CHECK_EQ(strobe128_prf(&s, NULL, 0, false), STROBE_OK);
	CHECK_EQ(strobe128_prf(&s, out, sizeof(out), false), STROBE_OK);

	CHECK_EQ(strobe128_ad(&s, NULL, 1, false), STROBE_ERR_PARAM);
	check_dead(&s);
	CHECK_EQ(strobe128_init(&s, NULL, 1), STROBE_ERR_PARAM);
	check_dead(&s);
	CHECK_EQ(strobe128_init(&s, "p", 1), STROBE_OK);
	CHECK_EQ(strobe128_prf(&s, NULL, 1, false), STROBE_ERR_PARAM);
	check_dead(&s);

	CHECK_EQ(strobe128_init(NULL, "p", 1), STROBE_ERR_PARAM);
	CHECK_EQ(strobe128_ad(NULL, "x", 1, false), STROBE_ERR_PARAM);
	strobe128_wipe(NULL);
}

TEST(strobe_uninitialised_fails)
{
	struct strobe128 s;

	memset(&s, 0, sizeof(s));
	CHECK_EQ(strobe128_meta_ad(&s, "x", 1, false), STROBE_ERR_STATE);
	check_dead(&s);
}

TEST(strobe_wiped_fails)
{
	struct strobe128 s;
	size_t i;
	int all_zero = 1;

	CHECK_EQ(strobe128_init(&s, "p", 1), STROBE_OK);
	CHECK_EQ(strobe128_key(&s, "secret", 6, false), STROBE_OK);
	strobe128_wipe(&s);
	for (i = 0; i < sizeof(s); i++)
		all_zero &= ((const uint8_t *)&s)[i] == 0;
	CHECK(all_zero);
	check_dead(&s);
}
