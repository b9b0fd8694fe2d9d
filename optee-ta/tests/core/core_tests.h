/* SPDX-License-Identifier: Apache-2.0 */
/* The TA core test program: FROST against @triad/frost's vectors, codec, state, policy. */
#ifndef TRIAD_CORE_TESTS_H
#define TRIAD_CORE_TESTS_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"

/* Decodes lowercase hex into out (at most cap bytes); returns the length or -1. */
int test_unhex(uint8_t *out, size_t cap, const char *hex);

/*
 * An sr25519 verifier for the tests (main.c): schnorrkel's checks on R || s
 * under the "substrate" context. 1 when the signature is valid.
 */
int test_sr25519_verify(const uint8_t sig[64], const uint8_t *msg, size_t msg_len,
			const uint8_t pk[32]);

#define FROST_TESTS(X)                               \
	X(frost_nonces_match_vectors)                \
	X(frost_binding_factors_r_and_c_match)       \
	X(frost_lagrange_matches_vectors)            \
	X(frost_shares_match_vectors)                \
	X(frost_vector_signatures_are_r_and_the_share_sum) \
	X(frost_dkg_round1_packages_of_the_vectors_pass_the_ta_s_checks) \
	X(frost_malformed_points_of_the_vectors_are_refused) \
	X(frost_set_checks_refuse_bad_sets)          \
	X(scalar_canonical_boundary)

/* libsodium's RFC 8032 verifier (test_frost_ed25519.c): 1 when `sig` is valid. */
int test_ed25519_verify(const uint8_t sig[64], const uint8_t *msg, size_t msg_len,
			const uint8_t pk[32]);

#define FROST_ED25519_TESTS(X)                                          \
	X(frost_ed25519_rfc9591_e1_key_and_shares)                      \
	X(frost_ed25519_rfc9591_e1_nonces_and_commitments)              \
	X(frost_ed25519_rfc9591_e1_binding_factors_and_group_commitment) \
	X(frost_ed25519_rfc9591_e1_signature_shares)                    \
	X(frost_ed25519_rfc9591_e1_signature_verifies_under_rfc8032)    \
	X(frost_ed25519_typescript_vectors_nonces_and_commitments)      \
	X(frost_ed25519_typescript_vectors_binding_factors_r_c_and_lagrange) \
	X(frost_ed25519_typescript_vectors_shares)                      \
	X(frost_ed25519_typescript_vectors_signatures_verify_under_rfc8032) \
	X(frost_ed25519_typescript_malformed_points_are_refused)        \
	X(frost_ed25519_typescript_dkg_packages_pass_the_ta_s_checks_in_ed25519_only) \
	X(frost_ed25519_challenge_is_rfc8032_s)                         \
	X(frost_ed25519_decoder_refuses_identity_small_order_non_canonical_torsion)

#define GRANDPA_COMMAND_TESTS(X)                                                     \
	X(gran_dkg_makes_an_ed25519_key_and_every_pair_signs_votes_rfc8032_verifies) \
	X(gran_key_signs_ownership_proofs_and_refuses_every_other_kind)              \
	X(gran_racing_targets_at_two_coordinators_never_both_sign)                   \
	X(gran_rounds_below_the_window_and_older_sets_regress_and_refresh_keeps_the_marks)

#define FROST_SECP256K1_TESTS(X)                                                 \
	X(secp256k1_weighted_shares_combined_keys_and_signatures_match_typescript) \
	X(secp256k1_typescript_dkg_packages_pass_the_ta_s_checks_and_blame_alterations) \
	X(secp256k1_suite_keeps_its_identity_neutral_and_refuses_it_from_outside)

#define ECDSA_COMMAND_TESTS(X)                                                       \
	X(beef_dkg_makes_a_secp256k1_key_and_every_pair_signs_the_same_ecdsa_signature) \
	X(beef_key_signs_ownership_proofs_and_refuses_every_other_kind)               \
	X(beef_racing_payloads_at_two_coordinators_never_both_sign)                   \
	X(beef_an_altered_cut_or_replayed_weighted_share_signs_nothing)               \
	X(beef_refresh_keeps_the_key_and_its_signature_and_the_store_keeps_both)

#define PARA_COMMAND_TESTS(X)                                          \
	X(para_dkg_makes_an_sr25519_key_and_every_pair_signs_every_form) \
	X(para_key_signs_ownership_proofs_and_refuses_every_other_kind)  \
	X(para_racing_sides_at_two_coordinators_never_both_sign)         \
	X(para_window_regresses_and_refresh_keeps_the_marks_and_the_logs) \
	X(para_a_refused_or_unsealed_statement_changes_nothing)          \
	X(para_key_format_5_object_migrates_through_the_store_to_format_6)

#define VRF_TESTS(X)                                              \
	X(vrf_input_point_and_extra_digest_match_vectors)         \
	X(vrf_commitments_on_h_and_pre_output_shares_match_vectors) \
	X(vrf_binding_factors_r_hr_and_c_match_vectors)           \
	X(vrf_shares_match_vectors_and_a_bad_one_fails_its_check) \
	X(vrf_pre_output_shares_combine_to_the_single_key_pre_output) \
	X(vrf_set_checks_refuse_bad_sets)

#define VRF_COMMAND_TESTS(X)                                     \
	X(vrf_every_pair_makes_a_verifying_babe_vrf_and_assignments) \
	X(vrf_pre_output_from_every_pair_is_the_proofs_pre_output) \
	X(vrf_babe_window_refuses_far_slots_and_marks_lazily)    \
	X(vrf_tampered_messages_are_refused)                     \
	X(vrf_bad_cosigner_share_is_blamed)                      \
	X(vrf_kinds_and_commands_do_not_mix)                     \
	X(vrf_malformed_payloads_are_refused_and_burn_the_nonce) \
	X(state_reads_format_3_4_and_5_key_objects_without_newer_marks)

#define COMMAND_TESTS(X)                                 \
	X(dkg_gives_one_key_and_every_pair_signs)        \
	X(sign_finish_gives_r_that_makes_a_valid_signature) \
	X(sign_refuses_conflict_and_regression_allows_repeat) \
	X(sign_nonce_is_single_use_and_must_be_known)    \
	X(a_full_nonce_pool_forgets_its_oldest_pair_first) \
	X(sign_refuses_malformed_requests_and_burns_the_nonce) \
	X(sign_policy_keeps_raw_off_slashable_keys)      \
	X(dkg_refuses_non_slashable_flag_on_slashable_types) \
	X(dkg_blames_a_bad_proof_and_a_tampered_share)   \
	X(dkg_equivocated_round1_cannot_complete)        \
	X(storage_failure_releases_nothing)              \
	X(state_round_trips_and_rejects_corruption)      \
	X(state_reads_format_2_as_sealed_before)         \
	X(get_info_and_export_public_describe_the_key)   \
	X(counter_messages_are_authenticated)            \
	X(a_restarted_ta_is_locked_until_every_peer_vouches) \
	X(a_rolled_back_ta_is_caught_and_signs_nothing)   \
	X(an_ack_held_across_a_rollback_releases_nothing) \
	X(refresh_keeps_the_key_and_marks_and_changes_every_share) \
	X(two_babe_keys_sign_each_with_its_own_nonces_and_marks) \
	X(sixty_four_keys_then_the_table_is_full) \
	X(a_retired_key_signs_nothing_and_its_share_is_gone_from_storage) \
	X(ownership_proof_signs_pop_and_the_owner) \
	X(store_migrates_format_2_and_refuses_what_does_not_parse) \
	X(store_refuses_a_rolled_back_key_object_and_a_missing_one) \
	X(store_recovers_a_key_written_before_a_lost_core_write)

#define CORE_TESTS(X) FROST_TESTS(X) FROST_ED25519_TESTS(X) COMMAND_TESTS(X) \
	GRANDPA_COMMAND_TESTS(X) PARA_COMMAND_TESTS(X) FROST_SECP256K1_TESTS(X) \
	ECDSA_COMMAND_TESTS(X) VRF_TESTS(X) \
	VRF_COMMAND_TESTS(X)

#define TEST_PROTO(name) TEST(name);
CORE_TESTS(TEST_PROTO)

#endif /* TRIAD_CORE_TESTS_H */
