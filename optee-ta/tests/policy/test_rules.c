// SPDX-License-Identifier: Apache-2.0
/*
 * The table of rules (policy/rules.c) and the rules through their interface
 * (policy/rule.h): which key signs which kind, and babe-seal's mark on its
 * own, apart from the signing round trip that test_commands.c runs.
 */
#include <string.h>

#include <sodium.h>

#include "babe_header.h"
#include "babe_seal.h"
#include "policy_tests.h"
#include "header_vectors.h"
#include "rules.h"
#include "triad_ta.h"

#define NS TRIAD_KEY_FLAG_NON_SLASHABLE

static uint32_t find_rc_scheme(const char *key_type, uint8_t flags, uint8_t scheme, uint8_t kind,
			       const struct rule **rule)
{
	uint32_t rc = 0;

	*rule = rules_find((const uint8_t *)key_type, flags, scheme, kind, &rc);
	return *rule ? 0 : rc;
}

/* A key as a DKG makes it today: its scheme from its type. */
static uint32_t find_rc(const char *key_type, uint8_t flags, uint8_t kind,
			const struct rule **rule)
{
	return find_rc_scheme(key_type, flags, key_type_scheme((const uint8_t *)key_type), kind,
			      rule);
}

TEST(rules_table_maps_key_and_kind_to_a_rule)
{
	static const struct {
		const char *key_type;
		uint8_t flags, kind;
		const struct rule *rule; /* NULL: refused with rc */
		uint32_t rc;
	} cases[] = {
		{ "babe", 0, TRIAD_KIND_BABE_SEAL, &babe_seal_rule, 0 },
		{ "babe", 0, TRIAD_KIND_RAW, NULL, TRIAD_ERR_POLICY },
		{ "babe", NS, TRIAD_KIND_BABE_SEAL, NULL, TRIAD_ERR_POLICY },
		/* flags the rules do not look at change nothing */
		{ "babe", 0x80, TRIAD_KIND_BABE_SEAL, &babe_seal_rule, 0 },
		{ "audi", NS, TRIAD_KIND_RAW, &raw_rule, 0 },
		{ "imon", NS, TRIAD_KIND_RAW, &raw_rule, 0 },
		{ "audi", NS, TRIAD_KIND_BABE_SEAL, NULL, TRIAD_ERR_POLICY },
		{ "audi", 0, TRIAD_KIND_RAW, NULL, TRIAD_ERR_POLICY },
		{ "gran", 0, TRIAD_KIND_BABE_SEAL, NULL, TRIAD_ERR_POLICY },
		{ "gran", 0, TRIAD_KIND_RAW, NULL, TRIAD_ERR_POLICY },
		/* an ownership proof: every key, slashable or not */
		{ "babe", 0, TRIAD_KIND_OWNERSHIP_PROOF, &ownership_proof_rule, 0 },
		{ "gran", 0, TRIAD_KIND_OWNERSHIP_PROOF, &ownership_proof_rule, 0 },
		{ "audi", NS, TRIAD_KIND_OWNERSHIP_PROOF, &ownership_proof_rule, 0 },
		{ "imon", NS, TRIAD_KIND_OWNERSHIP_PROOF, &ownership_proof_rule, 0 },
		{ "beef", 0x80, TRIAD_KIND_OWNERSHIP_PROOF, &ownership_proof_rule, 0 },
		/* VRFs: babe's slot claims for babe keys, assignments for asgn keys, nothing else */
		{ "babe", 0, TRIAD_KIND_BABE_VRF, &babe_vrf_rule, 0 },
		{ "babe", 0, TRIAD_KIND_BABE_VRF_PRE_OUTPUT, &babe_vrf_pre_output_rule, 0 },
		{ "asgn", 0, TRIAD_KIND_ASSIGNMENT_VRF, &assignment_vrf_rule, 0 },
		{ "babe", 0, TRIAD_KIND_ASSIGNMENT_VRF, NULL, TRIAD_ERR_POLICY },
		{ "asgn", 0, TRIAD_KIND_BABE_VRF, NULL, TRIAD_ERR_POLICY },
		{ "asgn", 0, TRIAD_KIND_BABE_VRF_PRE_OUTPUT, NULL, TRIAD_ERR_POLICY },
		{ "asgn", 0, TRIAD_KIND_BABE_SEAL, NULL, TRIAD_ERR_POLICY },
		{ "babe", NS, TRIAD_KIND_BABE_VRF, NULL, TRIAD_ERR_POLICY },
		{ "audi", NS, TRIAD_KIND_ASSIGNMENT_VRF, NULL, TRIAD_ERR_POLICY },
		/* GRANDPA: gran keys vote and prove ownership, nothing else; no other key votes */
		{ "gran", 0, TRIAD_KIND_GRANDPA_VOTE, &grandpa_vote_rule, 0 },
		{ "gran", NS, TRIAD_KIND_GRANDPA_VOTE, NULL, TRIAD_ERR_POLICY },
		{ "gran", NS, TRIAD_KIND_RAW, NULL, TRIAD_ERR_POLICY },
		{ "gran", 0, TRIAD_KIND_BABE_VRF, NULL, TRIAD_ERR_POLICY },
		{ "gran", 0, TRIAD_KIND_BABE_VRF_PRE_OUTPUT, NULL, TRIAD_ERR_POLICY },
		{ "gran", 0, TRIAD_KIND_ASSIGNMENT_VRF, NULL, TRIAD_ERR_POLICY },
		{ "babe", 0, TRIAD_KIND_GRANDPA_VOTE, NULL, TRIAD_ERR_POLICY },
		{ "audi", NS, TRIAD_KIND_GRANDPA_VOTE, NULL, TRIAD_ERR_POLICY },
		{ "asgn", 0, TRIAD_KIND_GRANDPA_VOTE, NULL, TRIAD_ERR_POLICY },
		/* para statements: slashable sr25519 para keys, and only those; para signs nothing else */
		{ "para", 0, TRIAD_KIND_PARA_STATEMENT, &para_statement_rule, 0 },
		{ "para", 0, TRIAD_KIND_OWNERSHIP_PROOF, &ownership_proof_rule, 0 },
		{ "para", NS, TRIAD_KIND_PARA_STATEMENT, NULL, TRIAD_ERR_POLICY },
		{ "para", 0, TRIAD_KIND_RAW, NULL, TRIAD_ERR_POLICY },
		{ "para", 0, TRIAD_KIND_BABE_SEAL, NULL, TRIAD_ERR_POLICY },
		{ "para", 0, TRIAD_KIND_BABE_VRF, NULL, TRIAD_ERR_POLICY },
		{ "para", 0, TRIAD_KIND_BABE_VRF_PRE_OUTPUT, NULL, TRIAD_ERR_POLICY },
		{ "para", 0, TRIAD_KIND_ASSIGNMENT_VRF, NULL, TRIAD_ERR_POLICY },
		{ "para", 0, TRIAD_KIND_GRANDPA_VOTE, NULL, TRIAD_ERR_POLICY },
		{ "babe", 0, TRIAD_KIND_PARA_STATEMENT, NULL, TRIAD_ERR_POLICY },
		{ "asgn", 0, TRIAD_KIND_PARA_STATEMENT, NULL, TRIAD_ERR_POLICY },
		{ "gran", 0, TRIAD_KIND_PARA_STATEMENT, NULL, TRIAD_ERR_POLICY },
		{ "audi", NS, TRIAD_KIND_PARA_STATEMENT, NULL, TRIAD_ERR_POLICY },
		/* BEEFY: slashable ecdsa beef keys, and only those (the whole row: the test below) */
		{ "beef", 0, TRIAD_KIND_BEEFY_COMMITMENT, &beefy_commitment_rule, 0 },
		{ "beef", 0, TRIAD_KIND_OWNERSHIP_PROOF, &ownership_proof_rule, 0 },
		{ "beef", NS, TRIAD_KIND_BEEFY_COMMITMENT, NULL, TRIAD_ERR_POLICY },
		{ "beef", 0, TRIAD_KIND_BABE_SEAL, NULL, TRIAD_ERR_POLICY },
		{ "beef", 0, TRIAD_KIND_RAW, NULL, TRIAD_ERR_POLICY },
		{ "beef", 0, TRIAD_KIND_GRANDPA_VOTE, NULL, TRIAD_ERR_POLICY },
		{ "babe", 0, TRIAD_KIND_BEEFY_COMMITMENT, NULL, TRIAD_ERR_POLICY },
		{ "gran", 0, TRIAD_KIND_BEEFY_COMMITMENT, NULL, TRIAD_ERR_POLICY },
		{ "para", 0, TRIAD_KIND_BEEFY_COMMITMENT, NULL, TRIAD_ERR_POLICY },
		{ "asgn", 0, TRIAD_KIND_BEEFY_COMMITMENT, NULL, TRIAD_ERR_POLICY },
		{ "audi", NS, TRIAD_KIND_BEEFY_COMMITMENT, NULL, TRIAD_ERR_POLICY },
	};
	static const uint8_t unknown_kinds[] = { 0, 10, 11, 0x80, 0xff };
	static const char *const types[] = { "babe", "audi", "gran" };
	const struct rule *rule;
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_EQ(find_rc(cases[i].key_type, cases[i].flags, cases[i].kind, &rule),
			 cases[i].rc);
		CHECK(rule == cases[i].rule);
	}
	/* the scheme decides as well: a gran key sealed before keys had one is sr25519 */
	CHECK_EQ(find_rc_scheme("gran", 0, TRIAD_SCHEME_SR25519, TRIAD_KIND_GRANDPA_VOTE, &rule),
		 TRIAD_ERR_POLICY);
	CHECK_EQ(find_rc_scheme("gran", 0, TRIAD_SCHEME_SR25519, TRIAD_KIND_OWNERSHIP_PROOF, &rule),
		 0);
	CHECK(rule == &ownership_proof_rule);
	CHECK_EQ(find_rc_scheme("babe", 0, TRIAD_SCHEME_ED25519, TRIAD_KIND_BABE_SEAL, &rule),
		 TRIAD_ERR_POLICY);
	CHECK_EQ(find_rc_scheme("babe", 0, TRIAD_SCHEME_ED25519, TRIAD_KIND_BABE_VRF, &rule),
		 TRIAD_ERR_POLICY);
	CHECK_EQ(find_rc_scheme("audi", NS, TRIAD_SCHEME_ED25519, TRIAD_KIND_RAW, &rule),
		 TRIAD_ERR_POLICY);
	CHECK_EQ(find_rc_scheme("para", 0, TRIAD_SCHEME_ED25519, TRIAD_KIND_PARA_STATEMENT, &rule),
		 TRIAD_ERR_POLICY);
	/* a beef key made before beef meant ecdsa (sr25519) signs no BEEFY commitment */
	CHECK_EQ(find_rc_scheme("beef", 0, TRIAD_SCHEME_SR25519, TRIAD_KIND_BEEFY_COMMITMENT, &rule),
		 TRIAD_ERR_POLICY);
	CHECK_EQ(find_rc_scheme("beef", 0, TRIAD_SCHEME_ED25519, TRIAD_KIND_BEEFY_COMMITMENT, &rule),
		 TRIAD_ERR_POLICY);
	CHECK_EQ(find_rc_scheme("beef", 0, TRIAD_SCHEME_SR25519, TRIAD_KIND_OWNERSHIP_PROOF, &rule),
		 0);
	/* an ecdsa key of another type signs no BEEFY commitment either */
	CHECK_EQ(find_rc_scheme("babe", 0, TRIAD_SCHEME_ECDSA, TRIAD_KIND_BEEFY_COMMITMENT, &rule),
		 TRIAD_ERR_POLICY);
	CHECK_EQ(find_rc_scheme("babe", 0, TRIAD_SCHEME_ECDSA, TRIAD_KIND_BABE_SEAL, &rule),
		 TRIAD_ERR_POLICY);
	for (i = 0; i < sizeof(unknown_kinds); i++)
		for (j = 0; j < 3; j++) {
			CHECK_EQ(find_rc(types[j], 0, unknown_kinds[i], &rule), TRIAD_ERR_MALFORMED);
			CHECK_EQ(find_rc(types[j], NS, unknown_kinds[i], &rule), TRIAD_ERR_MALFORMED);
			CHECK(rule == NULL);
		}
}

/*
 * A beef key keeps beefy-commitment's mark where a babe key keeps babe-seal's
 * (marks.h): that holds only while the table lets a beef key sign no other
 * kind with marks. Every kind number, every flag the rules look at.
 */
TEST(rules_a_beef_key_signs_beefy_commitments_and_ownership_proofs_alone)
{
	const struct rule *rule;
	unsigned int kind;
	uint8_t flags;

	CHECK_EQ(key_type_scheme((const uint8_t *)"beef"), TRIAD_SCHEME_ECDSA);
	CHECK_EQ(key_type_scheme((const uint8_t *)"gran"), TRIAD_SCHEME_ED25519);
	CHECK_EQ(key_type_scheme((const uint8_t *)"babe"), TRIAD_SCHEME_SR25519);
	CHECK_EQ(key_type_scheme((const uint8_t *)"para"), TRIAD_SCHEME_SR25519);
	CHECK_EQ(key_type_scheme((const uint8_t *)"Beef"), TRIAD_SCHEME_SR25519);
	for (flags = 0; flags <= NS; flags++)
		for (kind = 0; kind <= 0xff; kind++) {
			uint32_t rc = find_rc("beef", flags, (uint8_t)kind, &rule);

			if (kind == TRIAD_KIND_BEEFY_COMMITMENT && flags == 0)
				CHECK(rc == 0 && rule == &beefy_commitment_rule);
			else if (kind == TRIAD_KIND_OWNERSHIP_PROOF)
				CHECK(rc == 0 && rule == &ownership_proof_rule);
			else
				CHECK(rc != 0 && rule == NULL);
			/* whatever a beef key may sign keeps no marks but beefy-commitment's */
			CHECK(!rule || rule == &beefy_commitment_rule ||
			      (!rule->check && !rule->check_and_advance_stored));
		}
}

TEST(ownership_proof_signs_pop_and_the_owner_only)
{
	struct rule_claim claim;
	uint8_t owner[33];

	memset(owner, 0x5a, sizeof(owner));
	memset(&claim, 0, sizeof(claim));
	CHECK_EQ(ownership_proof_rule.parse(owner, 32, &claim), 0);
	CHECK_EQ(claim.msg_len, 36);
	CHECK(!memcmp(claim.msg, "POP_", 4) && !memcmp(claim.msg + 4, owner, 32));
	CHECK(ownership_proof_rule.check == NULL && ownership_proof_rule.advance == NULL);
	CHECK_EQ(ownership_proof_rule.parse(owner, 31, &claim), TRIAD_ERR_MALFORMED);
	CHECK_EQ(ownership_proof_rule.parse(owner, 33, &claim), TRIAD_ERR_MALFORMED);
	CHECK_EQ(ownership_proof_rule.parse(owner, 0, &claim), TRIAD_ERR_MALFORMED);
}

TEST(rules_non_slashable_key_types)
{
	CHECK(key_type_is_non_slashable((const uint8_t *)"audi"));
	CHECK(key_type_is_non_slashable((const uint8_t *)"imon"));
	CHECK(!key_type_is_non_slashable((const uint8_t *)"babe"));
	CHECK(!key_type_is_non_slashable((const uint8_t *)"gran"));
	CHECK(!key_type_is_non_slashable((const uint8_t *)"para"));
	CHECK(!key_type_is_non_slashable((const uint8_t *)"beef"));
}

TEST(babe_seal_parse_signs_the_header_hash_at_its_slot)
{
	struct rule_claim claim;
	uint8_t hash[32];
	size_t i, valid = 0, invalid = 0;

	for (i = 0; i < HEADER_VECTOR_COUNT; i++) {
		const struct header_vector *v = &header_vectors[i];

		memset(&claim, 0, sizeof(claim));
		if (v->err != BABE_OK) {
			CHECK_EQ(babe_seal_rule.parse(v->bytes, v->len, &claim), TRIAD_ERR_MALFORMED);
			invalid++;
			continue;
		}
		valid++;
		CHECK_EQ(babe_seal_rule.parse(v->bytes, v->len, &claim), 0);
		crypto_generichash_blake2b(hash, 32, v->bytes, v->len, NULL, 0);
		CHECK(claim.scope == v->slot);
		CHECK(!memcmp(claim.digest, hash, 32));
		CHECK(claim.msg == claim.digest && claim.msg_len == 32);
	}
	CHECK(valid >= 25 && invalid > 0);
}

static void claim_at(struct rule_claim *c, uint64_t slot, uint8_t tag)
{
	memset(c, 0, sizeof(*c));
	memset(c->digest, tag, sizeof(c->digest));
	c->msg = c->digest;
	c->msg_len = sizeof(c->digest);
	c->scope = slot;
}

/* check then advance through the table's one step; marks untouched on a refusal. */
static uint32_t step(uint8_t marks[KEY_MARKS_BYTES], uint64_t slot, uint8_t tag, bool *changed)
{
	uint8_t before[KEY_MARKS_BYTES];
	struct rule_claim c;
	uint32_t rc;

	claim_at(&c, slot, tag);
	memcpy(before, marks, KEY_MARKS_BYTES);
	*changed = false;
	rc = rules_check_and_advance(&babe_seal_rule, marks, &c, NULL, changed);
	if (rc || !*changed)
		CHECK(!memcmp(before, marks, KEY_MARKS_BYTES));
	return rc;
}

TEST(babe_seal_rule_ok_conflict_regression_and_repeat)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	struct babe_seal_mark m;
	struct rule_claim c;
	bool changed;

	babe_seal_read_mark(marks, &m);
	CHECK(!m.set);
	/* the interface alone: check says ok, advance moves the mark */
	claim_at(&c, 100, 0xaa);
	CHECK_EQ(babe_seal_rule.check(marks, &c), 0);
	CHECK(babe_seal_rule.advance(marks, &c));
	babe_seal_read_mark(marks, &m);
	CHECK(m.set && m.slot == 100 && m.hash[0] == 0xaa && m.hash[31] == 0xaa);
	/* the same header again: allowed, nothing changes */
	CHECK_EQ(babe_seal_rule.check(marks, &c), 0);
	CHECK(!babe_seal_rule.advance(marks, &c));
	/* through the table's one step */
	CHECK_EQ(step(marks, 100, 0xaa, &changed), 0);
	CHECK(!changed);
	CHECK_EQ(step(marks, 100, 0xbb, &changed), TRIAD_ERR_CONFLICT);
	CHECK(!changed);
	CHECK_EQ(step(marks, 99, 0xaa, &changed), TRIAD_ERR_REGRESSION);
	CHECK_EQ(step(marks, 0, 0xcc, &changed), TRIAD_ERR_REGRESSION);
	CHECK_EQ(step(marks, 101, 0xbb, &changed), 0);
	CHECK(changed);
	babe_seal_read_mark(marks, &m);
	CHECK(m.set && m.slot == 101 && m.hash[0] == 0xbb);
	CHECK_EQ(step(marks, 100, 0xbb, &changed), TRIAD_ERR_REGRESSION);
	/* advance never moves a mark back, even if called without a check */
	claim_at(&c, 50, 0xdd);
	CHECK(!babe_seal_rule.advance(marks, &c));
	babe_seal_read_mark(marks, &m);
	CHECK(m.slot == 101);
}

/*
 * The bytes sealed state formats 2 and 3 have always held per key: set:u8
 * slot:u64 hash[32], first in the marks (key format 4 appends babe-vrf's,
 * format 5 grandpa-vote's, format 6 para-statement's).
 */
TEST(babe_seal_mark_keeps_the_sealed_layout)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	struct babe_seal_mark m;
	struct rule_claim c;
	size_t i;

	CHECK_EQ(KEY_MARKS_BYTES_V3, 41);
	CHECK_EQ(KEY_MARKS_BYTES_V4, 50);
	CHECK_EQ(KEY_MARKS_BYTES_V5, 284);
	CHECK_EQ(KEY_MARKS_BYTES, 723);
	claim_at(&c, UINT64_C(0x0807060504030201), 0x5a);
	CHECK(babe_seal_rule.advance(marks, &c));
	CHECK_EQ(marks[0], 1);
	for (i = 0; i < 8; i++)
		CHECK_EQ(marks[1 + i], i + 1);
	for (i = 9; i < 41; i++)
		CHECK_EQ(marks[i], 0x5a);
	/* any set byte other than 1 reads as unset, as state_decode always read it */
	marks[0] = 2;
	babe_seal_read_mark(marks, &m);
	CHECK(!m.set);
}

TEST(raw_rule_signs_the_payload_and_keeps_no_marks)
{
	static const uint8_t payload[] = "authority discovery record";
	uint8_t marks[KEY_MARKS_BYTES];
	struct rule_claim c;
	bool changed = false;

	memset(marks, 0x11, sizeof(marks));
	CHECK_EQ(raw_rule.parse(payload, sizeof(payload), &c), 0);
	CHECK(c.msg == payload && c.msg_len == sizeof(payload));
	CHECK(raw_rule.check == NULL && raw_rule.advance == NULL);
	CHECK_EQ(rules_check_and_advance(&raw_rule, marks, &c, NULL, &changed), 0);
	CHECK(!changed);
	CHECK(marks[0] == 0x11 && marks[40] == 0x11);
}

TEST(rules_info_mark_is_babe_seal_s_or_none)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	struct rule_claim c;
	bool set;
	uint64_t slot;

	claim_at(&c, 77, 1);
	CHECK(babe_seal_rule.advance(marks, &c));
	rules_info_mark((const uint8_t *)"babe", 0, TRIAD_SCHEME_SR25519, marks, &set, &slot);
	CHECK(set && slot == 77);
	/* a key that cannot sign babe-seal reports no mark, whatever its bytes */
	rules_info_mark((const uint8_t *)"audi", NS, TRIAD_SCHEME_SR25519, marks, &set, &slot);
	CHECK(!set && slot == 0);
}
