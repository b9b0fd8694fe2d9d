// SPDX-License-Identifier: Apache-2.0
/*
 * What the libsodium files compiled into the TA (mk/libsodium.mk) need from
 * the two libsodium files we leave out, mapped to the GP TEE Internal Core
 * API. The same source is built for the board, the emulated TA and the
 * tests; only the provider of TEE_* differs (OP-TEE's libutee, the GP port
 * of the emulated build, tests/sodium/tee_stub.c).
 *
 * - randombytes/randombytes.c would bring the whole pluggable generator
 *   (sysrandom, internal ChaCha20 DRBG, randombytes_set_implementation).
 *   In a TA the TEE's own generator is the only acceptable source, so
 *   randombytes_buf, the only randombytes_* function the chosen files
 *   call (the *_random and *_keygen functions), goes straight to
 *   TEE_GenerateRandom. randombytes_random/uniform/stir/close are
 *   deliberately absent: a caller fails to link instead of getting
 *   another generator.
 * - sodium/core.c holds sodium_init() (CPU feature probing, pthread
 *   locks, a generator stir) and sodium_misuse(). None of the chosen files
 *   needs sodium_init(): every dispatch pointer they have starts at the
 *   portable implementation, so there is no sodium_init() here either (a
 *   call to it fails to link, on purpose). sodium_misuse() is what
 *   libsodium calls on a caller's bug (e.g. a message longer than the
 *   AEAD accepts); in a TA that is a panic.
 */
#include <tee_internal_api.h>

#include <sodium/core.h>
#include <sodium/randombytes.h>

void randombytes_buf(void *const buf, const size_t size)
{
	/* GP 1.3 takes a size_t length, as libsodium does: no truncation. */
	TEE_GenerateRandom(buf, size);
}

void sodium_misuse(void)
{
	TEE_Panic(TEE_ERROR_BAD_STATE);
	/*
	 * TEE_Panic does not return, but OP-TEE's header does not say so;
	 * the loop keeps sodium_misuse's noreturn promise to the compiler.
	 */
	for (;;)
		;
}
