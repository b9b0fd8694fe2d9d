/* SPDX-License-Identifier: Apache-2.0 */
/* The policy test program: its test list; main() is HARNESS_MAIN in main.c. */
#ifndef TRIAD_POLICY_TESTS_H
#define TRIAD_POLICY_TESTS_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"

/*
 * One header from gen-header-vectors.mjs (build/policy/header_vectors.h).
 * For err == BABE_OK the other fields are the values @polkadot/types decoded
 * from the same bytes; vrf_off is where the VRF pre-output starts (0 for
 * SecondaryPlain, which has none).
 */
struct header_vector {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	int err;
	uint64_t number;
	uint64_t slot;
	uint32_t authority_index;
	int variant;
	size_t vrf_off;
};

/*
 * One BEEFY Commitment from gen-beefy-vectors.mjs (build/policy/beefy_vectors.h).
 * ok: the node's encoding, made by @polkadot/types, which the TA takes; the
 * other fields are then the values @polkadot/types decoded from the bytes.
 * Not ok: the TA answers MALFORMED (and so must @triad/proto).
 */
struct beefy_vector {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	int ok;
	uint32_t block_number;
	uint64_t validator_set_id;
	size_t entries;
};

#define TEST_LIST(X)                                \
	X(scale_fixed_width_little_endian)          \
	X(scale_fixed_width_truncated)              \
	X(scale_compact_canonical)                  \
	X(scale_compact_non_canonical)              \
	X(scale_compact_range)                      \
	X(scale_compact_truncated)                  \
	X(scale_vec_u8)                             \
	X(scale_null_arguments)                     \
	X(babe_hand_built_header)                   \
	X(babe_hand_built_other_engine_first)       \
	X(babe_empty_and_null_input)                \
	X(babe_out_zeroed_on_error)                 \
	X(babe_vectors_valid)                       \
	X(babe_vectors_invalid)                     \
	X(babe_vectors_every_truncation)            \
	X(babe_vectors_hashed_bytes_do_not_matter)  \
	X(babe_vectors_every_byte_flipped)          \
	X(rules_table_maps_key_and_kind_to_a_rule)  \
	X(ownership_proof_signs_pop_and_the_owner_only) \
	X(rules_non_slashable_key_types)            \
	X(babe_seal_parse_signs_the_header_hash_at_its_slot) \
	X(babe_seal_rule_ok_conflict_regression_and_repeat) \
	X(babe_seal_mark_keeps_the_sealed_layout)   \
	X(raw_rule_signs_the_payload_and_keeps_no_marks) \
	X(rules_info_mark_is_babe_seal_s_or_none)   \
	X(grandpa_vote_parses_exactly_the_53_byte_localized_payload) \
	X(grandpa_one_target_per_round_and_stage_and_stages_are_independent) \
	X(grandpa_window_is_the_highest_round_and_the_one_before) \
	X(grandpa_lower_set_id_regresses_and_a_higher_one_resets) \
	X(grandpa_advance_never_moves_the_mark_back) \
	X(grandpa_mark_keeps_its_sealed_layout)    \
	X(para_parses_every_form_and_signs_the_payload_as_is) \
	X(para_refuses_every_malformed_payload)     \
	X(para_valid_then_invalid_conflicts_in_both_orders_and_repeats_sign) \
	X(para_approvals_of_several_are_all_or_nothing) \
	X(para_window_is_six_sessions_and_a_higher_session_moves_it) \
	X(para_invalid_set_holds_sixteen_then_refuses_and_frees_sessions_that_left) \
	X(para_log_holds_exactly_its_capacity_then_refuses) \
	X(para_a_tampered_rolled_back_or_missing_page_is_a_storage_fault) \
	X(para_a_crash_between_the_page_and_the_key_object_is_harmless) \
	X(para_a_new_key_in_the_slot_never_reads_the_old_key_s_pages) \
	X(para_a_session_slot_reused_never_reads_the_older_session_s_pages) \
	X(para_mark_keeps_its_sealed_layout)        \
	X(rules_a_beef_key_signs_beefy_commitments_and_ownership_proofs_alone) \
	X(beefy_parses_the_node_s_encodings_and_signs_their_bytes) \
	X(beefy_refuses_every_malformed_encoding)   \
	X(beefy_one_commitment_per_block_repeats_sign_and_lower_blocks_regress) \
	X(beefy_a_lower_set_regresses_and_a_new_set_keeps_the_block_mark) \
	X(beefy_advance_never_moves_the_mark_back)  \
	X(beefy_mark_keeps_its_sealed_layout)

#define TEST_PROTO(name) TEST(name);
TEST_LIST(TEST_PROTO)

#endif /* TRIAD_POLICY_TESTS_H */
