// SPDX-License-Identifier: Apache-2.0
/*
 * The table of rules: which request kind a key may sign, by its key type,
 * flags and signature scheme (DESIGN.md 6). A kind without a row is unknown
 * (MALFORMED); a kind with rows none of which fits the key is refused
 * (POLICY). A `gran` key (ed25519) signs grandpa-vote and ownership-proof
 * alone, a `para` key para-statement and ownership-proof alone, a `beef` key
 * (ecdsa) beefy-commitment and ownership-proof alone; the sr25519 kinds name
 * sr25519 keys, so a `gran` key made before keys carried a scheme (sr25519)
 * signs no GRANDPA vote.
 *
 * A `beef` key's marks hold beefy-commitment's mark at offset 0, where a
 * `babe` key keeps babe-seal's (marks.h): giving a `beef` key another kind
 * with marks means moving one of them first.
 */
#include <string.h>

#include "babe_seal.h"
#include "rules.h"
#include "triad_ta.h"

/* A row's key type that fits every key type. */
#define ANY_KEY_TYPE NULL

/* The key flags a row looks at: a row fits a key whose flags agree on these. */
#define RULE_KEY_FLAGS TRIAD_KEY_FLAG_NON_SLASHABLE
/* A row's key flags that fit every key, slashable or not. */
#define ANY_KEY_FLAGS 0xff
/* A row's scheme that fits every key. */
#define ANY_SCHEME 0xff
#define SR25519 TRIAD_SCHEME_SR25519
#define ED25519 TRIAD_SCHEME_ED25519
#define ECDSA TRIAD_SCHEME_ECDSA

static const struct rule_row {
	uint8_t kind;	      /* TRIAD_KIND_* */
	const char *key_type; /* 4 characters, or ANY_KEY_TYPE */
	uint8_t key_flags;    /* the key's RULE_KEY_FLAGS must be exactly these, or ANY_KEY_FLAGS */
	uint8_t scheme;	      /* the key's TRIAD_SCHEME_*, or ANY_SCHEME */
	const struct rule *rule;
} rows[] = {
	/* kind                        key type      key flags                     scheme      rule */
	{ TRIAD_KIND_BABE_SEAL,       "babe",       0,                            SR25519,    &babe_seal_rule },
	{ TRIAD_KIND_RAW,             ANY_KEY_TYPE, TRIAD_KEY_FLAG_NON_SLASHABLE, SR25519,    &raw_rule },
	{ TRIAD_KIND_OWNERSHIP_PROOF, ANY_KEY_TYPE, ANY_KEY_FLAGS,                ANY_SCHEME, &ownership_proof_rule },
	{ TRIAD_KIND_BABE_VRF,        "babe",       0,                            SR25519,    &babe_vrf_rule },
	{ TRIAD_KIND_BABE_VRF_PRE_OUTPUT, "babe",   0,                            SR25519,    &babe_vrf_pre_output_rule },
	{ TRIAD_KIND_ASSIGNMENT_VRF,  "asgn",       0,                            SR25519,    &assignment_vrf_rule },
	{ TRIAD_KIND_GRANDPA_VOTE,    "gran",       0,                            ED25519,    &grandpa_vote_rule },
	{ TRIAD_KIND_PARA_STATEMENT,  "para",       0,                            SR25519,    &para_statement_rule },
	{ TRIAD_KIND_BEEFY_COMMITMENT, "beef",      0,                            ECDSA,      &beefy_commitment_rule },
};

/* GRANDPA's key signs with ed25519, BEEFY's with ecdsa; every other type with sr25519. */
static const char ed25519_types[][4] = { { 'g', 'r', 'a', 'n' } };
static const char ecdsa_types[][4] = { { 'b', 'e', 'e', 'f' } };

/* Authority discovery and im-online sign nothing slashable. */
static const char non_slashable_types[][4] = { { 'a', 'u', 'd', 'i' }, { 'i', 'm', 'o', 'n' } };

const struct rule *rules_find(const uint8_t key_type[4], uint8_t key_flags, uint8_t scheme,
			      uint8_t kind, uint32_t *rc)
{
	bool known = false;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct rule_row *row = &rows[i];

		if (row->kind != kind)
			continue;
		known = true;
		if ((row->key_type == ANY_KEY_TYPE || !memcmp(row->key_type, key_type, 4)) &&
		    (row->key_flags == ANY_KEY_FLAGS ||
		     (key_flags & RULE_KEY_FLAGS) == row->key_flags) &&
		    (row->scheme == ANY_SCHEME || row->scheme == scheme))
			return row->rule;
	}
	*rc = known ? TRIAD_ERR_POLICY : TRIAD_ERR_MALFORMED;
	return NULL;
}

uint32_t rules_check_and_advance(const struct rule *rule, uint8_t marks[KEY_MARKS_BYTES],
				 const struct rule_claim *claim, const struct rule_store *store,
				 bool *changed)
{
	uint32_t rc;

	if (rule->check_and_advance_stored) {
		if (!store)
			return TRIAD_ERR_STORAGE; /* nowhere to keep what it must: fail closed */
		return rule->check_and_advance_stored(marks, claim, store, changed);
	}
	if (!rule->check)
		return 0;
	rc = rule->check(marks, claim);
	if (!rc && rule->advance(marks, claim))
		*changed = true;
	return rc;
}

static bool type_in(const uint8_t key_type[4], const char (*types)[4], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!memcmp(key_type, types[i], 4))
			return true;
	return false;
}

int key_type_is_non_slashable(const uint8_t key_type[4])
{
	return type_in(key_type, non_slashable_types,
		       sizeof(non_slashable_types) / sizeof(non_slashable_types[0]));
}

uint8_t key_type_scheme(const uint8_t key_type[4])
{
	if (type_in(key_type, ed25519_types, sizeof(ed25519_types) / sizeof(ed25519_types[0])))
		return TRIAD_SCHEME_ED25519;
	if (type_in(key_type, ecdsa_types, sizeof(ecdsa_types) / sizeof(ecdsa_types[0])))
		return TRIAD_SCHEME_ECDSA;
	return TRIAD_SCHEME_SR25519;
}

void rules_info_mark(const uint8_t key_type[4], uint8_t key_flags, uint8_t scheme,
		     const uint8_t marks[KEY_MARKS_BYTES], bool *set, uint64_t *slot)
{
	struct babe_seal_mark m;
	uint32_t rc;

	memset(&m, 0, sizeof(m));
	if (rules_find(key_type, key_flags, scheme, TRIAD_KIND_BABE_SEAL, &rc) == &babe_seal_rule)
		babe_seal_read_mark(marks, &m);
	*set = m.set;
	*slot = m.slot;
}
