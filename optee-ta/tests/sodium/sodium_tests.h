/* SPDX-License-Identifier: Apache-2.0 */
/* The libsodium test program: its test list, helpers and the TEE stub's hooks. */
#ifndef TRIAD_SODIUM_TESTS_H
#define TRIAD_SODIUM_TESTS_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include <tee_internal_api.h>

#include "harness.h"

#define TEST_LIST(X)                                  \
	X(ristretto_small_multiples)                  \
	X(ristretto_vectors_scalarmult_base)          \
	X(ristretto_vectors_scalarmult)               \
	X(ristretto_add_sub)                          \
	X(ristretto_invalid_encodings_rejected)       \
	X(ristretto_identity_is_valid_point)          \
	X(ristretto_zero_scalar_fails)                \
	X(ristretto_identity_point_fails)             \
	X(ristretto_scalarmult_ignores_bit_255)       \
	X(ristretto_scalar_ops)                       \
	X(ristretto_scalar_invert_zero_fails)         \
	X(ristretto_scalar_random)                    \
	X(frost_rfc9591_shares_and_lagrange)          \
	X(frost_rfc9591_nonces_h3)                    \
	X(frost_rfc9591_binding_factors_h1)           \
	X(frost_rfc9591_signature)                    \
	X(frost_triad_signature_shares)               \
	X(frost_triad_group_commitment_and_verify)    \
	X(sha512_known_answers)                       \
	X(sha512_streaming)                           \
	X(blake2b_known_answers)                      \
	X(blake2b_keyed)                              \
	X(blake2b_streaming)                          \
	X(blake2b_bad_lengths_fail)                   \
	X(hmacsha512_known_answers)                   \
	X(aead_rfc8439_encrypt)                       \
	X(aead_rfc8439_decrypt)                       \
	X(aead_tampering_fails)                       \
	X(aead_in_place)                              \
	X(shim_randomness_goes_to_tee)                \
	X(shim_misuse_panics)                         \
	X(utils_memzero_memcmp_is_zero)               \
	X(version_header_generated)

#define TEST_PROTO(name) TEST(name);
TEST_LIST(TEST_PROTO)

/* Decodes exactly `len` bytes of lowercase hex; 0 on success, -1 if not. */
int unhex(uint8_t *out, size_t len, const char *hex);

#include "tee_stub.h"

#endif /* TRIAD_SODIUM_TESTS_H */
