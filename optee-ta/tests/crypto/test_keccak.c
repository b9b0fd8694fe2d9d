// SPDX-License-Identifier: Apache-2.0
/*
 * Keccak-f[1600] known answers. The expected values were computed with a
 * separate Python model that derives the round constants and rotation
 * offsets from the FIPS 202 rules (not from tables), itself checked against
 * Python's hashlib.sha3_256 on the same SHA-3 inputs used below: see
 * gen_keccak_kat.py.
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
