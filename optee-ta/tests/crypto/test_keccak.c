// SPDX-License-Identifier: Apache-2.0
/*
 * Keccak-f[1600] known answers. The expected values were computed with a
 * separate Python model that derives the round constants and rotation
 * offsets from the FIPS 202 rules (not from tables), itself checked against
 * Python's hashlib.sha3_256 on the same SHA-3 inputs used below: see
 * gen_keccak_kat.py. The Keccak-256 answers are @noble/hashes' keccak_256:
 * see gen_keccak256_kat.mjs.
 */
#include <string.h>

#include "keccak.h"
#include "crypto_tests.h"

/* Keccak-f[1600] applied once to the all-zero state. */
static const char zero_state_permuted[] =
	"e7dde140798f25f18a47c033f9ccd584eea95aa61e2698d54d49806f304715bd"
	"57d05362054e288bd46f8e7f2da497ffc44746a4a0e5fe90762e19d60cda5b8c"
	"9c05191bf7a630ad64fc8fd0b75a933035d617233fa95aeb0321710d26e6a6a9"
	"5f55cfdb167ca58126c84703cd31b8439f56a5111a2ff20161aed9215a63e505"
	"f270c98cf2febe641166c47b95703661cb0ed04f555a7cb8c832cf1c8ae83e8c"
	"14263aae22790c94e409c5a224f94118c26504e72635f5163ba1307fe944f675"
	"49a2ec5c7bfff1ea";

TEST(keccak_zero_state)
{
	/* First lane 0xF1258F7940E1DDE7, stored little-endian. */
	static const uint8_t lane0[8] = {
		0xe7, 0xdd, 0xe1, 0x40, 0x79, 0x8f, 0x25, 0xf1
	};
	uint8_t st[KECCAK_STATE_BYTES] = { 0 };

	keccak_f1600(st);
	CHECK(memcmp(st, lane0, sizeof(lane0)) == 0);
	CHECK_HEX(st, sizeof(st), zero_state_permuted);
}

/* The state is bytes, so any address must do (armv7 faults on some). */
TEST(keccak_unaligned_state)
{
	uint8_t buf[KECCAK_STATE_BYTES + 8];
	uint8_t ref[KECCAK_STATE_BYTES];
	size_t off, i;

	for (off = 1; off < 8; off++) {
		for (i = 0; i < sizeof(ref); i++)
			ref[i] = (uint8_t)(i * 31 + off);
		memset(buf, 0xa5, sizeof(buf));
		memcpy(buf + off, ref, sizeof(ref));
		keccak_f1600(ref);
		keccak_f1600(buf + off);
		CHECK(memcmp(buf + off, ref, sizeof(ref)) == 0);
		CHECK(buf[off - 1] == 0xa5);
		CHECK(buf[off + KECCAK_STATE_BYTES] == 0xa5);
	}
}

/* SHA3-256 on top of the permutation: rate 136, domain/pad bits 0x06..0x80. */
static void sha3_256(const uint8_t *msg, size_t len, uint8_t out[32])
{
	enum { RATE = 136 };
	uint8_t st[KECCAK_STATE_BYTES] = { 0 };
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		st[n++] ^= msg[i];
		if (n == RATE) {
			keccak_f1600(st);
			n = 0;
		}
	}
	st[n] ^= 0x06;
	st[RATE - 1] ^= 0x80;
	keccak_f1600(st);
	memcpy(out, st, 32);
}

TEST(keccak_sha3_256)
{
	/* Messages are (i * 7 + 3) mod 256, except "abc"; 136 is the rate. */
	static const struct {
		size_t len;
		const char *digest; /* hashlib.sha3_256(msg).hexdigest() */
	} kat[] = {
		{ 0, "a7ffc6f8bf1ed76651c14756a061d662"
		     "f580ff4de43b49fa82d80a4b80f8434a" },
		{ 3, "3a985da74fe225b2045c172d6bd390bd"
		     "855f086e3e9d525b46bfe24511431532" },
		{ 135, "d9dcf1f98e49a79b0643a9e68fef4807"
		       "9ff8777c5e7e7f93469ded65f192ac71" },
		{ 136, "743bd32e775ac7387a57d4d574c89dde"
		       "f5ebcb08bb5cc6b88c55a27b5035cc45" },
		{ 200, "9da37ea2fb33acd563a014f50d6f7cc2"
		       "25f25577a81d900452b72b5de98f239d" },
		{ 1024, "a67e997949aad2430976b019071f5e15"
			"2d39c1f8f37e1dc39dd730e014eae4e5" },
	};
	uint8_t msg[1024];
	uint8_t md[32];
	size_t k, i;

	for (k = 0; k < sizeof(kat) / sizeof(kat[0]); k++) {
		for (i = 0; i < kat[k].len; i++)
			msg[i] = (uint8_t)(i * 7 + 3);
		if (kat[k].len == 3)
			memcpy(msg, "abc", 3);
		sha3_256(msg, kat[k].len, md);
		CHECK_HEX(md, sizeof(md), kat[k].digest);
	}
}

/* Keccak-256's messages: the SHA3-256 test's pattern, "abc" for length 3. */
static void keccak256_msg(uint8_t *msg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	if (len == 3)
		memcpy(msg, "abc", 3);
}

/* node gen_keccak256_kat.mjs: @noble/hashes' keccak_256(msg). */
static const struct {
	size_t len;
	const char *digest;
} keccak256_kat[] = {
	{ 0, "c5d2460186f7233c927e7db2dcc703c0"
	     "e500b653ca82273b7bfad8045d85a470" },
	{ 3, "4e03657aea45a94fc7d47ba826c8d667"
	     "c0d1e6e33a64a036ec44f58fa12d6c45" },
	/* 135: the pad is the one byte 0x81; 136: a whole block of padding. */
	{ 135, "00ef96af9cf4b24c7f269d922294444a"
	       "197d0a33638c2e56634c57e892103a8f" },
	{ 136, "742061bcad767ed4c4f5883b1dcb1aad"
	       "11afdcc140dc469d953759b127b9f9ed" },
	{ 137, "e3371f61e770abf254c34239c3b0099a"
	       "d90594507415bc81dd0a10b9692bbf2a" },
	{ 200, "66d2cdf3ab4c5bd3c75add9b60b14ac5"
	       "b7789534fa2da3f348853b847359a3a0" },
	{ 272, "ac141fd7b0a0ffcd2e967254d508da3e"
	       "c616596493c36fa304425647d90e6de5" },
	{ 1024, "659d180a9c2d3536b18946e40dc0bac8"
		"56f2c03d8cd7b4be2d0af097d854a29b" },
};

#define KECCAK256_KATS (sizeof(keccak256_kat) / sizeof(keccak256_kat[0]))

TEST(keccak256_known_answers)
{
	uint8_t msg[1024];
	uint8_t md[KECCAK256_BYTES];
	size_t k;

	for (k = 0; k < KECCAK256_KATS; k++) {
		keccak256_msg(msg, keccak256_kat[k].len);
		keccak256(md, msg, keccak256_kat[k].len);
		CHECK_HEX(md, sizeof(md), keccak256_kat[k].digest);
	}
	/* Nothing to hash may come as NULL. */
	keccak256(md, NULL, 0);
	CHECK_HEX(md, sizeof(md), keccak256_kat[0].digest);
}

/* Streaming gives the one-shot answer however the input is cut. */
TEST(keccak256_streaming)
{
	uint8_t msg[1024];
	uint8_t md[KECCAK256_BYTES];
	struct keccak256 k;
	size_t n, cut, chunk, i, len;

	for (n = 0; n < KECCAK256_KATS; n++) {
		len = keccak256_kat[n].len;
		keccak256_msg(msg, len);
		/* Every two-piece cut (the 1024-byte input every 61st). */
		for (cut = 0; cut <= len; cut += len > 300 ? 61 : 1) {
			keccak256_init(&k);
			keccak256_update(&k, msg, cut);
			keccak256_update(&k, msg + cut, len - cut);
			keccak256_final(&k, md);
			CHECK_HEX(md, sizeof(md), keccak256_kat[n].digest);
		}
		/* Pieces of every size up to past the rate, and empty updates between. */
		for (chunk = 1; chunk <= KECCAK256_RATE + 1; chunk++) {
			keccak256_init(&k);
			for (i = 0; i < len; i += chunk) {
				keccak256_update(&k, msg + i, len - i < chunk ? len - i : chunk);
				keccak256_update(&k, NULL, 0);
			}
			keccak256_final(&k, md);
			CHECK_HEX(md, sizeof(md), keccak256_kat[n].digest);
		}
	}
}

/* final leaves no state behind, and init starts afresh after it. */
TEST(keccak256_final_wipes)
{
	static const uint8_t zero[sizeof(struct keccak256)];
	uint8_t md[KECCAK256_BYTES];
	struct keccak256 k;

	keccak256_init(&k);
	keccak256_update(&k, "abc", 3);
	keccak256_final(&k, md);
	CHECK(memcmp(&k, zero, sizeof(k)) == 0);
	keccak256_init(&k);
	keccak256_update(&k, "abc", 3);
	keccak256_final(&k, md);
	CHECK_HEX(md, sizeof(md), keccak256_kat[1].digest);
}
