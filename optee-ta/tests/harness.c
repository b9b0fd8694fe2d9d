// SPDX-License-Identifier: Apache-2.0
#include <stdio.h>
#include <string.h>

#include "harness.h"
static const char *current;
static int current_failed;

void harness_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "FAIL %s: %s:%d: %s\n", current, file, line, what);
	current_failed = 1;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void harness_check_hex(const char *file, int line, const char *expr,
		       const uint8_t *got, size_t len, const char *want_hex)
{
	size_t i;
	int same = strlen(want_hex) == 2 * len;

	for (i = 0; same && i < len; i++)
		same = nibble(want_hex[2 * i]) == got[i] >> 4 &&
		       nibble(want_hex[2 * i + 1]) == (got[i] & 15);
	if (same)
		return;

	harness_fail(file, line, expr);
	fprintf(stderr, "  got:  ");
	for (i = 0; i < len; i++)
		fprintf(stderr, "%02x", got[i]);
	fprintf(stderr, "\n  want: %s\n", want_hex);
}

int harness_run(const struct harness_test *tests, size_t count)
{
	size_t i;
	int passed = 0, failed = 0;

	for (i = 0; i < count; i++) {
		current = tests[i].name;
		current_failed = 0;
		tests[i].fn();
		if (current_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
