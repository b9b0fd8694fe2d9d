// SPDX-License-Identifier: Apache-2.0
/*
 * ta/sodium/randombytes_tee.c (libsodium's randomness and misuse handler
 * mapped to the GP API) and the helpers of libsodium's utils.c the TA uses.
 */
#include <limits.h>
#include <string.h>

#include <sodium.h>

#include "sodium_tests.h"

TEST(shim_randomness_goes_to_tee)
{
	uint8_t a[64] = { 0 }, b[64] = { 0 }, key[crypto_aead_chacha20poly1305_ietf_KEYBYTES];
	size_t calls = tee_stub_random_calls, bytes = tee_stub_random_bytes;

	randombytes_buf(a, sizeof(a));
	randombytes_buf(b, sizeof(b));
	CHECK_EQ(tee_stub_random_calls - calls, 2);
	CHECK_EQ(tee_stub_random_bytes - bytes, 128);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	randombytes_buf(a, 0);
	CHECK_EQ(tee_stub_random_calls - calls, 3);

	/* libsodium's own key generators use it too. */
	bytes = tee_stub_random_bytes;
	crypto_aead_chacha20poly1305_ietf_keygen(key);
	CHECK_EQ(tee_stub_random_bytes - bytes, sizeof(key));
}

/*
 * A caller's bug libsodium cannot report with a return value ends in
 * sodium_misuse(), which the shim turns into TEE_Panic. Here: a message
 * longer than the AEAD allows (checked before any byte is read).
 */
TEST(shim_misuse_panics)
{
	static const uint8_t key[32], nonce[12];
	uint8_t c[32];
	unsigned long long clen = 0;
	jmp_buf env;
	volatile int panicked = 0;

	tee_stub_panic_code = TEE_SUCCESS;
	if (setjmp(env) == 0) {
		tee_stub_panic_jmp = &env;
		crypto_aead_chacha20poly1305_ietf_encrypt(c, &clen, c, ULLONG_MAX, NULL, 0,
							  NULL, nonce, key);
	} else {
		panicked = 1;
	}
	tee_stub_panic_jmp = NULL;
	CHECK(panicked);
	CHECK_EQ(tee_stub_panic_code, TEE_ERROR_BAD_STATE);
}

TEST(utils_memzero_memcmp_is_zero)
{
	uint8_t a[33], b[33];

	memset(a, 0x5a, sizeof(a));
	memcpy(b, a, sizeof(b));
	CHECK(sodium_memcmp(a, b, sizeof(a)) == 0);
	CHECK(sodium_memcmp(a, b, 0) == 0);
	b[32] ^= 0x80;
	CHECK(sodium_memcmp(a, b, sizeof(a)) == -1);
	CHECK(sodium_is_zero(a, sizeof(a)) == 0);
	sodium_memzero(a, sizeof(a) - 1);
	CHECK(sodium_is_zero(a, sizeof(a) - 1) == 1);
	CHECK(sodium_is_zero(a, sizeof(a)) == 0); /* the last byte was kept */
	CHECK(a[32] == 0x5a);
	CHECK(sodium_is_zero(a, 0) == 1);
}

/* sodium.h's version.h is the one mk/libsodium.mk generates from the source. */
TEST(version_header_generated)
{
	CHECK(strcmp(SODIUM_VERSION_STRING, "1.0.18") == 0);
	CHECK_EQ(SODIUM_LIBRARY_VERSION_MAJOR, 10);
	CHECK_EQ(SODIUM_LIBRARY_VERSION_MINOR, 3);
#ifdef SODIUM_LIBRARY_MINIMAL
	CHECK(!"a full (non-minimal) libsodium was expected");
#endif
}
