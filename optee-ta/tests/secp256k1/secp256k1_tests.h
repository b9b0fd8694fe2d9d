/* SPDX-License-Identifier: Apache-2.0 */
/* The secp256k1 test program (ta/crypto/secp256k1_ops.c): its test list; main() is in main.c. */
#ifndef TRIAD_SECP256K1_TESTS_H
#define TRIAD_SECP256K1_TESTS_H

#include "harness.h"

#define TEST_LIST(X)                               \
	X(scalar_known_answers)                    \
	X(scalar_from_u64_and_is_zero)             \
	X(scalar_reduce_wide_known_answers)        \
	X(scalar_non_canonical_refused)            \
	X(scalar_invert_zero_refused)              \
	X(point_known_answers)                     \
	X(point_identity_results_refused)          \
	X(point_bad_encodings_refused)             \
	X(point_zero_scalar_refused)               \
	X(xmd_rfc9380_known_answers)               \
	X(xmd_bad_lengths_refused)                 \
	X(frost_hash_to_field_known_answers)       \
	X(frost_hash_known_answers)                \
	X(frost_hashes_stream_over_parts)          \
	X(ecdsa_known_answers)                     \
	X(ecdsa_never_high_s)                      \
	X(ecdsa_recover_is_strict)                 \
	X(ecdsa_bad_key_refused)                   \
	X(ecdsa_combined_shares_sign_as_the_key)   \
	X(context_blinded_with_tee_randomness)     \
	X(library_callbacks_panic)

#define TEST_PROTO(name) TEST(name);
TEST_LIST(TEST_PROTO)

/* Arrays' element counts. */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif /* TRIAD_SECP256K1_TESTS_H */
