// SPDX-License-Identifier: Apache-2.0
/*
 * SHA-512, BLAKE2b (plain and keyed: the blake2-256 header hash and MACs)
 * and HMAC-SHA512 from libsodium against known answers: published ones
 * (FIPS 180-2, RFC 7693, RFC 4231) and values computed with Python's
 * hashlib/hmac for the longer inputs (gen_kat.py prints them all).
 * Lengths 111/112 and 128/129 straddle SHA-512's padding and BLAKE2b's
 * block boundaries.
 */
#include <string.h>

#include <sodium.h>

#include "sodium_tests.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint8_t msg[1000];

/* (i * 7 + 3) mod 256, as in tests/crypto and gen_kat.py */
static const uint8_t *pattern(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	return msg;
}

struct kat {
	const char *abc_or_null; /* the message if not pattern(len) */
	size_t len;
	const char *want;
};

static const uint8_t *kat_message(const struct kat *k)
{
	return k->abc_or_null ? (const uint8_t *)k->abc_or_null : pattern(k->len);
}

static const struct kat sha512_kats[] = {
	{ "", 0, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
		 "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
	{ "abc", 3, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
		    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	{ NULL, 111, "68cffa6d0d76f309c9ce0d35280939f8e25990c43b7b086ccdf709be35b07d4d"
		     "dba599541ff2b1c19d34ea49aeafb9659adb7ac3c0b078bb30a22d57fc6687ef" },
	{ NULL, 112, "d0865c524d1dddf7c23b799c413f5adcd7caefd3f66a9b49750ec81066012c25"
		     "a8bcf94ddea6dc525691673097ca40e0101e897fc97218cfdb0704084e2bef4b" },
	{ NULL, 1000, "00e36fccf193e59697a92b5ab24666ce6326d7fa16bf10832d0991ddc591112e"
		      "9dfa6a636950ed9c4d67344a760654c2ff7785e1d60094d651038735b5dccabd" },
};

TEST(sha512_known_answers)
{
	uint8_t out[crypto_hash_sha512_BYTES];
	size_t i;

	for (i = 0; i < COUNT(sha512_kats); i++) {
		const struct kat *k = &sha512_kats[i];

		CHECK(crypto_hash_sha512(out, kat_message(k), k->len) == 0);
		CHECK_HEX(out, sizeof(out), k->want);
	}
}

/* Any split of the input gives the one-shot answer (chunks of 1..150). */
TEST(sha512_streaming)
{
	const struct kat *k = &sha512_kats[COUNT(sha512_kats) - 1];
	uint8_t out[crypto_hash_sha512_BYTES];
	crypto_hash_sha512_state st;
	size_t step, off, n;

	for (step = 1; step <= 150; step += 7) {
		const uint8_t *m = kat_message(k);

		crypto_hash_sha512_init(&st);
		for (off = 0; off < k->len; off += n) {
			n = k->len - off < step ? k->len - off : step;
			crypto_hash_sha512_update(&st, m + off, n);
		}
		crypto_hash_sha512_final(&st, out);
		CHECK_HEX(out, sizeof(out), k->want);
	}
}

static const struct kat blake2b256_kats[] = {
	{ "", 0, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8" },
	{ "abc", 3, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319" },
	{ NULL, 128, "f0501d06597880592bc49234eef100ec1ff349058d0e9d9b753504e24af86dd6" },
	{ NULL, 129, "a34a4e1e03c541dfbf3099c4b6c143c022ced65c28bd7e8a10e0a098461aecf0" },
	{ NULL, 1000, "d62b6c768ce1afc8367e0498ab2f8e3f7c178c35b1429f14c4604b545d200f52" },
};

TEST(blake2b_known_answers)
{
	uint8_t out[64];
	size_t i;

	for (i = 0; i < COUNT(blake2b256_kats); i++) {
		const struct kat *k = &blake2b256_kats[i];

		CHECK(crypto_generichash_blake2b(out, 32, kat_message(k), k->len,
						 NULL, 0) == 0);
		CHECK_HEX(out, 32, k->want);
	}
	/* RFC 7693 Appendix A */
	CHECK(crypto_generichash_blake2b(out, 64, (const uint8_t *)"abc", 3, NULL, 0) == 0);
	CHECK_HEX(out, 64, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
			   "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
	CHECK(crypto_generichash_blake2b(out, 64, pattern(1000), 1000, NULL, 0) == 0);
	CHECK_HEX(out, 64, "4bdd2c9cf31d797a81d245c989ffb7515143ca345c66f73087dd5c58bf642bf0"
			   "83ba16894eab79e3b08d5126404d833e7510271b50be36a7b7cbbb46f5c89fac");
}

TEST(blake2b_keyed)
{
	uint8_t key[64], out[64];
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	CHECK(crypto_generichash_blake2b(out, 32, pattern(1000), 1000, key, 32) == 0);
	CHECK_HEX(out, 32, "eb07b428f1674f6598aaecf9b898c520824910d6f4c531e6f62f81b9d5946387");
	/* The BLAKE2 reference's keyed KAT for the empty message. */
	CHECK(crypto_generichash_blake2b(out, 64, NULL, 0, key, 64) == 0);
	CHECK_HEX(out, 64, "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
			   "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568");
}

TEST(blake2b_streaming)
{
	crypto_generichash_blake2b_state st;
	uint8_t key[32], out[32];
	size_t step, off, n;

	for (off = 0; off < sizeof(key); off++)
		key[off] = (uint8_t)off;
	for (step = 1; step <= 200; step += 13) {
		const uint8_t *m = pattern(1000);

		CHECK(crypto_generichash_blake2b_init(&st, key, 32, 32) == 0);
		for (off = 0; off < 1000; off += n) {
			n = 1000 - off < step ? 1000 - off : step;
			CHECK(crypto_generichash_blake2b_update(&st, m + off, n) == 0);
		}
		CHECK(crypto_generichash_blake2b_final(&st, out, 32) == 0);
		CHECK_HEX(out, 32, "eb07b428f1674f6598aaecf9b898c520824910d6f4c531e6f62f81b9d5946387");
	}
}

/* Out-of-range lengths are refused with -1 (not a panic) by the API. */
TEST(blake2b_bad_lengths_fail)
{
	crypto_generichash_blake2b_state st;
	uint8_t key[65] = { 0 }, out[65];

	CHECK(crypto_generichash_blake2b(out, 0, key, 1, NULL, 0) == -1);
	CHECK(crypto_generichash_blake2b(out, 65, key, 1, NULL, 0) == -1);
	CHECK(crypto_generichash_blake2b(out, 32, key, 1, key, 65) == -1);
	CHECK(crypto_generichash_blake2b_init(&st, NULL, 0, 65) == -1);
	CHECK(crypto_generichash_blake2b_init(&st, key, 65, 32) == -1);
}

static void str_update(crypto_auth_hmacsha512_state *st, const char *s)
{
	crypto_auth_hmacsha512_update(st, (const uint8_t *)s, strlen(s));
}

TEST(hmacsha512_known_answers)
{
	crypto_auth_hmacsha512_state st;
	uint8_t key[131], out[crypto_auth_hmacsha512_BYTES];
	size_t i;

	/* RFC 4231 test case 1 */
	memset(key, 0x0b, 20);
	crypto_auth_hmacsha512_init(&st, key, 20);
	str_update(&st, "Hi There");
	crypto_auth_hmacsha512_final(&st, out);
	CHECK_HEX(out, 64, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
			   "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
	/* test case 2 */
	crypto_auth_hmacsha512_init(&st, (const uint8_t *)"Jefe", 4);
	str_update(&st, "what do ya want ");
	str_update(&st, "for nothing?");
	crypto_auth_hmacsha512_final(&st, out);
	CHECK_HEX(out, 64, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
			   "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
	/* test case 6: a key longer than the block is hashed first */
	memset(key, 0xaa, sizeof(key));
	crypto_auth_hmacsha512_init(&st, key, sizeof(key));
	str_update(&st, "Test Using Larger Than Block-Size Key - Hash Key First");
	crypto_auth_hmacsha512_final(&st, out);
	CHECK_HEX(out, 64, "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
			   "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");

	/* The one-shot API (32-byte key) and its verifier. */
	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	CHECK(crypto_auth_hmacsha512(out, pattern(1000), 1000, key) == 0);
	CHECK_HEX(out, 64, "c286d56ec95cb27ed098c0e9f86e70f80f5a22deb8efc5bb5d7f2a09711fd6dc"
			   "538ae0e6f1853e34174485fb1b2ad881352683e9ab793b17fea9344898439d73");
	CHECK(crypto_auth_hmacsha512_verify(out, pattern(1000), 1000, key) == 0);
	out[63] ^= 1;
	CHECK(crypto_auth_hmacsha512_verify(out, pattern(1000), 1000, key) == -1);
}
