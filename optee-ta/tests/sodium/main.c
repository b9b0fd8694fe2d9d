// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include "sodium_tests.h"

int unhex(uint8_t *out, size_t len, const char *hex)
{
	size_t i;

	if (strlen(hex) != 2 * len)
		return -1;
	for (i = 0; i < 2 * len; i++) {
		char c = hex[i];
		int v = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (v < 0)
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(v << 4);
		else
			out[i / 2] |= (uint8_t)v;
	}
	return 0;
}

#define SODIUM_TESTS(X) TEST_LIST(X)
HARNESS_MAIN(SODIUM_TESTS)
