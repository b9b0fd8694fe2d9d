/* SPDX-License-Identifier: Apache-2.0 */
/* The crypto test program: its test list; main() is HARNESS_MAIN in main.c. */
#ifndef TRIAD_CRYPTO_TESTS_H
#define TRIAD_CRYPTO_TESTS_H

#include <stdint.h>

#include "harness.h"

/* Only where size_t can express a length that LE32 cannot. */
#if SIZE_MAX > UINT32_MAX
#define TEST_LIST_WIDE(X) X(merlin_length_over_u32_fails)
#else
#define TEST_LIST_WIDE(X)
#endif

#define TEST_LIST(X)                          \
	X(keccak_zero_state)                  \
	X(keccak_unaligned_state)             \
	X(keccak_sha3_256)                    \
	X(keccak256_known_answers)            \
	X(keccak256_streaming)                \
	X(keccak256_final_wipes)              \
	X(strobe_kat_key_ad_prf)              \
	X(strobe_more_equals_one_call)        \
	X(strobe_more_with_other_op_fails)    \
	X(strobe_prf_more_after_ad_fails)     \
	X(strobe_null_buffer_fails)           \
	X(strobe_uninitialised_fails)         \
	X(strobe_wiped_fails)                 \
	X(merlin_equivalence_simple)          \
	X(merlin_complex)                     \
	X(merlin_empty_label_and_message)     \
	X(merlin_challenge_after_error_zeroed) \
	TEST_LIST_WIDE(X)

#define TEST_PROTO(name) TEST(name);
TEST_LIST(TEST_PROTO)

#endif /* TRIAD_CRYPTO_TESTS_H */
