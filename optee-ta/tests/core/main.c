// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "core_tests.h"
#include "frost.h"

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int test_unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t len = strlen(hex), i;

	if (len % 2 || len / 2 > cap)
		return -1;
	for (i = 0; i < len / 2; i++) {
		int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(len / 2);
}

/*
 * What schnorrkel's verify checks, over libsodium: the marker bit that tells
 * sr25519 from ed25519 set, s canonical once it is cleared, R a point, and
 * s·B == R + c·PK with c from the Merlin transcript. The challenge is the
 * TA's own (schnorrkel_challenge), so this verifier is first checked against
 * the vectors' signatures, which @triad/frost checks against schnorrkel.
 */
int test_sr25519_verify(const uint8_t sig[64], const uint8_t *msg, size_t msg_len,
			const uint8_t pk[32])
{
	uint8_t s[32], c[32], lhs[32], rhs[32];

	if (!(sig[63] & 0x80))
		return 0;
	memcpy(s, sig + 32, 32);
	s[31] &= 0x7f;
	if (!scalar_is_canonical(s) || !point_is_valid_non_identity(sig) ||
	    !point_is_valid_non_identity(pk))
		return 0;
	schnorrkel_challenge(c, sig, pk, msg, msg_len);
	if (crypto_scalarmult_ristretto255_base(lhs, s) ||
	    crypto_scalarmult_ristretto255(rhs, c, pk) || crypto_core_ristretto255_add(rhs, rhs, sig))
		return 0;
	return sodium_memcmp(lhs, rhs, 32) == 0;
}

HARNESS_MAIN(CORE_TESTS)
