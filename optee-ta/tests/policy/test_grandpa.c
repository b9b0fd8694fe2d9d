// SPDX-License-Identifier: Apache-2.0
/*
 * grandpa-vote (policy/grandpa_vote.c) through its rule interface: its parse
 * of the 53-byte localized payload and its rule (one target per set, round
 * and stage; a window of two rounds; lower sets and older rounds refused),
 * each decision through rules_check_and_advance as the TA makes it.
 */
#include <string.h>

#include "grandpa_payload.h"
#include "policy_tests.h"
#include "rules.h"
#include "triad_ta.h"

#define PREVOTE GRANDPA_PREVOTE
#define PRECOMMIT GRANDPA_PRECOMMIT
#define PRIMARY_PROPOSE GRANDPA_PRIMARY_PROPOSE

/* Parse, check and advance as the TA does; the marks must not move on a refusal or a repeat. */
static uint32_t sign(uint8_t marks[KEY_MARKS_BYTES], uint8_t stage, uint8_t tag,
		     uint32_t number, uint64_t round, uint64_t set_id, bool *changed)
{
	uint8_t payload[64], before[KEY_MARKS_BYTES];
	struct rule_claim c;
	uint32_t rc;
	size_t len;

	memset(&c, 0, sizeof(c));
	len = grandpa_payload(payload, stage, tag, number, round, set_id);
	rc = grandpa_vote_rule.parse(payload, len, &c);
	CHECK_EQ(rc, 0);
	memcpy(before, marks, KEY_MARKS_BYTES);
	*changed = false;
	rc = rules_check_and_advance(&grandpa_vote_rule, marks, &c, NULL, changed);
	if (rc || !*changed)
		CHECK(!memcmp(before, marks, KEY_MARKS_BYTES));
	/* babe-seal's and babe-vrf's bytes are never grandpa's */
	CHECK(!memcmp(before, marks, 50));
	return rc;
}

/* Signs: 0 and the marks moved. */
#define SIGNS_FRESH(...) do { CHECK_EQ(sign(marks, __VA_ARGS__, &changed), 0); CHECK(changed); } while (0)
/* Signs again: 0 and nothing moved. */
#define SIGNS_AGAIN(...) do { CHECK_EQ(sign(marks, __VA_ARGS__, &changed), 0); CHECK(!changed); } while (0)
#define REFUSED(rc, ...) CHECK_EQ(sign(marks, __VA_ARGS__, &changed), (rc))

TEST(grandpa_vote_parses_exactly_the_53_byte_localized_payload)
{
	uint8_t p[64];
	struct rule_claim c;
	size_t len = grandpa_payload(p, PRECOMMIT, 0x42, 0x01020304u, UINT64_C(0x1112131415161718),
			  UINT64_C(0x2122232425262728));
	uint8_t stage;

	CHECK_EQ(len, 53);
	memset(&c, 0, sizeof(c));
	CHECK_EQ(grandpa_vote_rule.parse(p, len, &c), 0);
	/* the key signs the 53 bytes themselves */
	CHECK(c.msg == p && c.msg_len == 53);
	CHECK_EQ(c.grandpa.stage, PRECOMMIT);
	CHECK(c.grandpa.target[0] == 0x42 && c.grandpa.target[31] == 0x42);
	CHECK(c.grandpa.target[32] == 0x04 && c.grandpa.target[35] == 0x01);
	CHECK(c.grandpa.round == UINT64_C(0x1112131415161718));
	CHECK(c.grandpa.set_id == UINT64_C(0x2122232425262728));
	/* any other length */
	CHECK_EQ(grandpa_vote_rule.parse(p, 52, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(grandpa_vote_rule.parse(p, 54, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(grandpa_vote_rule.parse(p, 0, &c), TRIAD_ERR_MALFORMED);
	/* stages 0..2 only */
	for (stage = 0; stage < 3; stage++) {
		p[0] = stage;
		CHECK_EQ(grandpa_vote_rule.parse(p, 53, &c), 0);
	}
	p[0] = 3;
	CHECK_EQ(grandpa_vote_rule.parse(p, 53, &c), TRIAD_ERR_MALFORMED);
	p[0] = 0xff;
	CHECK_EQ(grandpa_vote_rule.parse(p, 53, &c), TRIAD_ERR_MALFORMED);
}

TEST(grandpa_one_target_per_round_and_stage_and_stages_are_independent)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	bool changed;

	SIGNS_FRESH(PREVOTE, 0xa1, 100, 10, 5);
	/* another target, same (set_id, stage, round): the equivocation */
	REFUSED(TRIAD_ERR_CONFLICT, PREVOTE, 0xb2, 100, 10, 5);
	/* the same hash at another number is another target */
	REFUSED(TRIAD_ERR_CONFLICT, PREVOTE, 0xa1, 101, 10, 5);
	/* the identical vote again signs again */
	SIGNS_AGAIN(PREVOTE, 0xa1, 100, 10, 5);
	/* a precommit and a primary propose in the same round are their own stages */
	SIGNS_FRESH(PRECOMMIT, 0xb2, 99, 10, 5);
	SIGNS_FRESH(PRIMARY_PROPOSE, 0xc3, 98, 10, 5);
	REFUSED(TRIAD_ERR_CONFLICT, PRECOMMIT, 0xa1, 100, 10, 5);
	REFUSED(TRIAD_ERR_CONFLICT, PRIMARY_PROPOSE, 0xa1, 100, 10, 5);
	SIGNS_AGAIN(PRECOMMIT, 0xb2, 99, 10, 5);
	SIGNS_AGAIN(PRIMARY_PROPOSE, 0xc3, 98, 10, 5);
	SIGNS_AGAIN(PREVOTE, 0xa1, 100, 10, 5);
}

TEST(grandpa_window_is_the_highest_round_and_the_one_before)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	bool changed;

	SIGNS_FRESH(PREVOTE, 0xa1, 100, 10, 5);
	/* round 9, in the window: fresh votes sign, then hold their target */
	SIGNS_FRESH(PREVOTE, 0x91, 90, 9, 5);
	SIGNS_FRESH(PRECOMMIT, 0x92, 90, 9, 5);
	REFUSED(TRIAD_ERR_CONFLICT, PREVOTE, 0x99, 90, 9, 5);
	SIGNS_AGAIN(PREVOTE, 0x91, 90, 9, 5);
	/* below the window */
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0x81, 80, 8, 5);
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0x01, 1, 0, 5);
	/* round 11: round 10 stays in the window with its targets, round 9 leaves it */
	SIGNS_FRESH(PREVOTE, 0xb1, 110, 11, 5);
	SIGNS_AGAIN(PREVOTE, 0xa1, 100, 10, 5);
	REFUSED(TRIAD_ERR_CONFLICT, PREVOTE, 0xa2, 100, 10, 5);
	SIGNS_FRESH(PRECOMMIT, 0xa3, 100, 10, 5);
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0x91, 90, 9, 5);
	/* round 11's slots were round 9's: nothing of round 9 is held against round 11 */
	SIGNS_FRESH(PRECOMMIT, 0xb2, 110, 11, 5);
	REFUSED(TRIAD_ERR_CONFLICT, PRECOMMIT, 0x92, 90, 11, 5);
	/* a jump: round 20, then 19 fresh, 18 and 11 below the window */
	SIGNS_FRESH(PREVOTE, 0xd1, 200, 20, 5);
	SIGNS_FRESH(PREVOTE, 0xd0, 190, 19, 5);
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0xb1, 110, 11, 5);
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0xc1, 180, 18, 5);
	/* round 19's slots held nothing from round 11 (same parity) after the jump */
	SIGNS_FRESH(PRECOMMIT, 0xd3, 190, 19, 5);
}

TEST(grandpa_lower_set_id_regresses_and_a_higher_one_resets)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	bool changed;

	/* a fresh key at round 0: the window's arithmetic does not wrap */
	SIGNS_FRESH(PREVOTE, 0x01, 1, 0, 5);
	SIGNS_AGAIN(PREVOTE, 0x01, 1, 0, 5);
	REFUSED(TRIAD_ERR_CONFLICT, PREVOTE, 0x02, 1, 0, 5);
	SIGNS_FRESH(PREVOTE, 0xa1, 100, 10, 5);
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0xa1, 100, 10, 4);
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0x41, 400, 400, 4);
	/* set 6 starts its rounds again: round 1 is fresh, and round 10's target is free */
	SIGNS_FRESH(PREVOTE, 0x61, 600, 1, 6);
	SIGNS_FRESH(PREVOTE, 0x62, 610, 2, 6);
	REFUSED(TRIAD_ERR_CONFLICT, PREVOTE, 0x63, 610, 2, 6);
	SIGNS_AGAIN(PREVOTE, 0x61, 600, 1, 6);
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0xa1, 100, 10, 5);
	REFUSED(TRIAD_ERR_REGRESSION, PREVOTE, 0x60, 600, 0, 6);
}

/* advance alone, without its check, never records a vote the rule refuses */
TEST(grandpa_advance_never_moves_the_mark_back)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 }, before[KEY_MARKS_BYTES], p[64];
	struct rule_claim c;
	bool changed;

	SIGNS_FRESH(PREVOTE, 0xa1, 100, 10, 5);
	memcpy(before, marks, sizeof(marks));
	memset(&c, 0, sizeof(c));
	CHECK_EQ(grandpa_vote_rule.parse(p, grandpa_payload(p, PREVOTE, 0x41, 40, 40, 4), &c), 0);
	CHECK(!grandpa_vote_rule.advance(marks, &c));
	CHECK_EQ(grandpa_vote_rule.parse(p, grandpa_payload(p, PRECOMMIT, 0x81, 80, 8, 5), &c), 0);
	CHECK(!grandpa_vote_rule.advance(marks, &c));
	CHECK(!memcmp(before, marks, sizeof(marks)));
}

/*
 * The mark's bytes at offset 50 (marks.h, grandpa_vote.c): set:u8 set_id:u64
 * round:u64 present:u8, then 6 targets of 36 bytes, slot (round & 1) * 3 + stage.
 */
TEST(grandpa_mark_keeps_its_sealed_layout)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	bool changed;
	size_t slot = (11 & 1) * 3 + PRECOMMIT;
	const uint8_t *target = marks + 50 + 18 + slot * 36;

	SIGNS_FRESH(PRECOMMIT, 0x5a, 0x01020304u, 11, UINT64_C(0x0807060504030201));
	CHECK_EQ(marks[50], 1);
	CHECK(marks[51] == 0x01 && marks[58] == 0x08);
	CHECK(marks[59] == 11 && marks[66] == 0);
	CHECK_EQ(marks[67], 1u << slot);
	CHECK(target[0] == 0x5a && target[31] == 0x5a);
	CHECK(target[32] == 0x04 && target[35] == 0x01);
	CHECK_EQ(50 + 18 + 6 * 36, KEY_MARKS_BYTES_V5); /* format 6 appends para-statement's */
}
