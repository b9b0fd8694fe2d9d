/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A deliberately tiny test harness: plain C99 and stdio, so the same binary
 * builds natively and for armhf/arm64 under qemu-user with no test library.
 *
 * A test is a void function using CHECK*; a failed check prints the test's
 * name and location and marks the test failed (later checks still run, so
 * one run shows every broken expectation).
 */
#ifndef TRIAD_TEST_HARNESS_H
#define TRIAD_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

void harness_fail(const char *file, int line, const char *what);
void harness_check_hex(const char *file, int line, const char *expr,
		       const uint8_t *got, size_t len, const char *want_hex);

#define CHECK(cond)                                                    \
	do {                                                           \
		if (!(cond))                                           \
			harness_fail(__FILE__, __LINE__, #cond);       \
	} while (0)

#define CHECK_EQ(a, b) CHECK((a) == (b))

/* Compares `len` bytes at `buf` with a lowercase hex string. */
#define CHECK_HEX(buf, len, hex) \
	harness_check_hex(__FILE__, __LINE__, #buf, (buf), (len), (hex))

#define TEST(name) void name(void)

struct harness_test {
	const char *name;
	void (*fn)(void);
};

#define HARNESS_ENTRY(name) { #name, name },

/*
 * Runs every test, prints "N passed, M failed" as the last line and returns
 * the process exit status. Each test program's main() is one call to it.
 */
int harness_run(const struct harness_test *tests, size_t count);

/* main() for a test program whose tests are declared by LIST(X) (prototypes in scope). */

#define HARNESS_MAIN(LIST)                                                  \
	static const struct harness_test harness_tests[] = { LIST(HARNESS_ENTRY) }; \
	int main(void)                                                      \
	{                                                                   \
		return harness_run(harness_tests,                           \
				   sizeof(harness_tests) / sizeof(harness_tests[0])); \
	}

#endif /* TRIAD_TEST_HARNESS_H */
