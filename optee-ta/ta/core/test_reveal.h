/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A test-only window onto the TA's secrets. In a build with TRIAD_TEST_REVEAL
 * (only build/host/ta-host-reveal, never the board or the real ta-host) every
 * secret the TA makes is also handed to triad_test_reveal(), so a test can
 * scan everything that crossed the TA boundary for those exact bytes. In
 * every other build the macro is nothing at all.
 */
#ifndef TRIAD_TEST_REVEAL_H
#define TRIAD_TEST_REVEAL_H

#include <stddef.h>
#include <stdint.h>

#ifdef TRIAD_TEST_REVEAL
void triad_test_reveal(const char *what, const uint8_t *secret, size_t len);
#define TEST_REVEAL(what, secret, len) triad_test_reveal((what), (secret), (len))
#else
#define TEST_REVEAL(what, secret, len) ((void)0)
#endif

#endif /* TRIAD_TEST_REVEAL_H */
