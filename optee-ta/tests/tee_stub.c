// SPDX-License-Identifier: Apache-2.0
/*
 * The two GP functions ta/sodium/randombytes_tee.c calls, for the tests
 * (no TEE here): randomness from getrandom(2), which qemu-user passes
 * through, and a TEE_Panic that a test can catch. Counters let the tests
 * see that libsodium's randomness really goes through the shim.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#include "tee_stub.h"

size_t tee_stub_random_calls;
size_t tee_stub_random_bytes;
jmp_buf *tee_stub_panic_jmp;
TEE_Result tee_stub_panic_code;

void TEE_GenerateRandom(void *randomBuffer, size_t randomBufferLen)
{
	unsigned char *p = randomBuffer;
	size_t left = randomBufferLen;

	tee_stub_random_calls++;
	tee_stub_random_bytes += randomBufferLen;
	/* Reads over 256 bytes may come back short or be interrupted. */
	while (left > 0) {
		ssize_t n = getrandom(p, left, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("tee_stub: getrandom");
			abort();
		}
		p += n;
		left -= (size_t)n;
	}
}

/* Returns to the test's setjmp when one is armed, else ends the run. */
void TEE_Panic(TEE_Result panicCode)
{
	jmp_buf *env = tee_stub_panic_jmp;

	tee_stub_panic_code = panicCode;
	if (env) {
		tee_stub_panic_jmp = NULL;
		longjmp(*env, 1);
	}
	fprintf(stderr, "TEE_Panic(0x%08lx)\n", (unsigned long)panicCode);
	abort();
}
