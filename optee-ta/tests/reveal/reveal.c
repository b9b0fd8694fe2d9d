// SPDX-License-Identifier: Apache-2.0
/*
 * triad_test_reveal() for ta-host-reveal: appends "what hex" lines to the file
 * named by TRIAD_TEST_REVEAL_FILE (nothing when unset).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "test_reveal.h"

void triad_test_reveal(const char *what, const uint8_t *secret, size_t len)
{
	const char *path = getenv("TRIAD_TEST_REVEAL_FILE");
	FILE *f;
	size_t i;

	if (!path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "%s ", what);
	for (i = 0; i < len; i++)
		fprintf(f, "%02x", secret[i]);
	fputc('\n', f);
	fclose(f);
}
