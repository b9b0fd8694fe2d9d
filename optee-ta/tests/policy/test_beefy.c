// SPDX-License-Identifier: Apache-2.0
/*
 * beefy-commitment (policy/beefy_commitment.c) through its rule interface:
 * its parse of the node's Commitment encodings (gen-beefy-vectors.mjs, made
 * by @polkadot/types) and of every malformed form, and its rule (one
 * commitment per block number; repeats sign; lower blocks and lower sets
 * refused; a new set keeps the block mark), each decision through
 * rules_check_and_advance as the TA makes it, on the rule the table gives a
 * `beef` key.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "policy_tests.h" /* struct beefy_vector, before the vectors */
#include "beefy_vectors.h"
#include "codec.h"
#include "rules.h"
#include "triad_ta.h"

#define MARK_BYTES 45 /* set:u8 set_id:u64 block:u32 digest[32], from offset 0 */
#define PAYLOAD_BYTES 48

/* One "mh" entry (the MMR root: 32 bytes of `root`), block_number, validator_set_id: 48 bytes. */
static size_t beefy_payload(uint8_t buf[PAYLOAD_BYTES], uint8_t root, uint32_t block,
			    uint64_t set_id)
{
	struct writer w;

	writer_init(&w, buf, PAYLOAD_BYTES);
	write_u8(&w, 1 << 2); /* compact(1) entry */
	write_bytes(&w, "mh", 2);
	write_u8(&w, 32 << 2); /* compact(32) bytes */
	memset(buf + w.len, root, 32);
	w.len += 32;
	write_u32(&w, block);
	write_u64(&w, set_id);
	return w.error ? 0 : w.len;
}

/* The rule the table gives a `beef` key (ecdsa) for beefy-commitment. */
static const struct rule *beef_rule(void)
{
	uint32_t rc = 0;
	const struct rule *rule = rules_find((const uint8_t *)"beef", 0, TRIAD_SCHEME_ECDSA,
					     TRIAD_KIND_BEEFY_COMMITMENT, &rc);

	CHECK(rule == &beefy_commitment_rule && rc == 0);
	return rule;
}

/* Parse, check and advance as the TA does; the marks must not move on a refusal or a repeat. */
static uint32_t sign(uint8_t marks[KEY_MARKS_BYTES], uint8_t root, uint32_t block, uint64_t set_id,
		     bool *changed)
{
	const struct rule *rule = beef_rule();
	uint8_t payload[PAYLOAD_BYTES], before[KEY_MARKS_BYTES];
	struct rule_claim c;
	uint32_t rc;
	size_t len = beefy_payload(payload, root, block, set_id);

	memset(&c, 0, sizeof(c));
	CHECK_EQ(len, PAYLOAD_BYTES);
	CHECK_EQ(rule->parse(payload, len, &c), 0);
	memcpy(before, marks, KEY_MARKS_BYTES);
	*changed = false;
	rc = rules_check_and_advance(rule, marks, &c, NULL, changed);
	if (rc || !*changed)
		CHECK(!memcmp(before, marks, KEY_MARKS_BYTES));
	/* nothing past the mark is ever beefy's */
	CHECK(!memcmp(before + MARK_BYTES, marks + MARK_BYTES, KEY_MARKS_BYTES - MARK_BYTES));
	return rc;
}

/* Signs: 0 and the marks moved. */
#define SIGNS_FRESH(...) do { CHECK_EQ(sign(marks, __VA_ARGS__, &changed), 0); CHECK(changed); } while (0)
/* Signs again: 0 and nothing moved. */
#define SIGNS_AGAIN(...) do { CHECK_EQ(sign(marks, __VA_ARGS__, &changed), 0); CHECK(!changed); } while (0)
#define REFUSED(rc, ...) CHECK_EQ(sign(marks, __VA_ARGS__, &changed), (rc))

static uint32_t parse(const uint8_t *p, size_t len, struct rule_claim *c)
{
	memset(c, 0, sizeof(*c));
	return beefy_commitment_rule.parse(p, len, c);
}

/* A vector's verdict, naming the vector (and the cut) when it is not the one expected. */
static void expect(const struct beefy_vector *v, size_t len, uint32_t want, struct rule_claim *c)
{
	uint32_t rc = parse(v->bytes, len, c);
	char line[160];

	if (rc == want)
		return;
	snprintf(line, sizeof(line), "vector %s cut at %lu of %lu: rc 0x%lx, expected 0x%lx",
		 v->name, (unsigned long)len, (unsigned long)v->len, (unsigned long)rc,
		 (unsigned long)want);
	harness_fail(__FILE__, __LINE__, line);
}

TEST(beefy_parses_the_node_s_encodings_and_signs_their_bytes)
{
	struct rule_claim c;
	uint8_t hash[32], own[PAYLOAD_BYTES];
	size_t i, accepted = 0;

	for (i = 0; i < BEEFY_VECTOR_COUNT; i++) {
		const struct beefy_vector *v = &beefy_vectors[i];

		if (!v->ok)
			continue;
		accepted++;
		expect(v, v->len, 0, &c);
		/* the values @polkadot/types decoded from the same bytes */
		CHECK_EQ(c.beefy.block_number, v->block_number);
		CHECK(c.beefy.validator_set_id == v->validator_set_id);
		CHECK_EQ(c.beefy.entries, v->entries);
		CHECK(c.scope == v->block_number);
		/* the key signs the encoding itself (keccak-256 of it, in the signing core) */
		CHECK(c.msg == v->bytes && c.msg_len == v->len);
		/* the marks compare BLAKE2b-256 of the same bytes */
		crypto_generichash_blake2b(hash, sizeof(hash), v->bytes, v->len, NULL, 0);
		CHECK(!memcmp(c.digest, hash, 32));
		CHECK(c.vrf.transcript == VRF_TRANSCRIPT_NONE);
	}
	CHECK(accepted >= 17);
	/* these tests' own encoding is @polkadot/types' byte for byte */
	CHECK_EQ(beefy_payload(own, 0xab, 27123456u, 3219), PAYLOAD_BYTES);
	CHECK_EQ(beefy_vectors[0].len, PAYLOAD_BYTES);
	CHECK(!memcmp(own, beefy_vectors[0].bytes, 4)); /* 04 "mh" 80 */
	CHECK(!memcmp(own + 36, beefy_vectors[0].bytes + 36, 12)); /* block, set */
	CHECK(!strcmp(beefy_vectors[0].name, "polkadot_mmr_root"));
}

TEST(beefy_refuses_every_malformed_encoding)
{
	struct rule_claim c;
	size_t i, cut, refused = 0, cuts = 0;

	for (i = 0; i < BEEFY_VECTOR_COUNT; i++) {
		const struct beefy_vector *v = &beefy_vectors[i];

		if (v->ok) {
			/* every truncation of an accepted encoding */
			for (cut = 0; cut < v->len; cut++, cuts++)
				expect(v, cut, TRIAD_ERR_MALFORMED, &c);
			continue;
		}
		refused++;
		expect(v, v->len, TRIAD_ERR_MALFORMED, &c);
	}
	CHECK(refused >= 30 && cuts > 4096);
	CHECK_EQ(parse(NULL, 0, &c), TRIAD_ERR_MALFORMED);
}

TEST(beefy_one_commitment_per_block_repeats_sign_and_lower_blocks_regress)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	bool changed;

	SIGNS_FRESH(0xa1, 1000, 5);
	/* the identical commitment again: a retry, signed, nothing moves */
	SIGNS_AGAIN(0xa1, 1000, 5);
	/* another payload for the same (set, block): the double vote */
	REFUSED(TRIAD_ERR_CONFLICT, 0xb2, 1000, 5);
	/* below the mark, whatever the payload */
	REFUSED(TRIAD_ERR_REGRESSION, 0xa1, 999, 5);
	REFUSED(TRIAD_ERR_REGRESSION, 0xc3, 0, 5);
	/* above it: signed, and the mark follows */
	SIGNS_FRESH(0xc3, 1008, 5);
	REFUSED(TRIAD_ERR_REGRESSION, 0xa1, 1000, 5);
	REFUSED(TRIAD_ERR_CONFLICT, 0xa1, 1008, 5);
	SIGNS_AGAIN(0xc3, 1008, 5);
	/* a jump ahead is allowed: the TA cannot know which blocks GRANDPA finalized */
	SIGNS_FRESH(0xd4, 4000000000u, 5);
	SIGNS_FRESH(0xd5, UINT32_MAX, 5);
	REFUSED(TRIAD_ERR_REGRESSION, 0xd4, 4000000000u, 5);
}

TEST(beefy_a_lower_set_regresses_and_a_new_set_keeps_the_block_mark)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 };
	bool changed;

	SIGNS_FRESH(0xa1, 1000, 5);
	/* a lower set, at any block: its set is decided first */
	REFUSED(TRIAD_ERR_REGRESSION, 0xa1, 1001, 4);
	REFUSED(TRIAD_ERR_REGRESSION, 0xa1, 1000, 4);
	REFUSED(TRIAD_ERR_REGRESSION, 0xa1, UINT32_MAX, 0);
	/* a new set keeps the block mark: below it REGRESSION, at it another payload for it */
	REFUSED(TRIAD_ERR_REGRESSION, 0xe1, 999, 6);
	REFUSED(TRIAD_ERR_CONFLICT, 0xa1, 1000, 6);
	/* its first block after the mark: signed, and the set moves */
	SIGNS_FRESH(0xe1, 1004, 6);
	SIGNS_AGAIN(0xe1, 1004, 6);
	REFUSED(TRIAD_ERR_REGRESSION, 0xf1, 1100, 5);
	SIGNS_FRESH(0xe2, 1100, 6);
	/* a set far ahead (a TA that missed sessions) moves it as well */
	SIGNS_FRESH(0x71, 2000, UINT64_MAX);
	REFUSED(TRIAD_ERR_REGRESSION, 0x72, 2001, UINT64_MAX - 1);
	SIGNS_AGAIN(0x71, 2000, UINT64_MAX);
}

/* advance alone, without its check, never records a commitment the rule refuses */
TEST(beefy_advance_never_moves_the_mark_back)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 }, before[KEY_MARKS_BYTES], p[PAYLOAD_BYTES];
	struct rule_claim c;
	bool changed;

	SIGNS_FRESH(0xa1, 1000, 5);
	memcpy(before, marks, sizeof(marks));
	CHECK_EQ(parse(p, beefy_payload(p, 0xb2, 1000, 5), &c), 0); /* the conflict */
	CHECK(!beefy_commitment_rule.advance(marks, &c));
	CHECK_EQ(parse(p, beefy_payload(p, 0xb2, 999, 5), &c), 0);
	CHECK(!beefy_commitment_rule.advance(marks, &c));
	CHECK_EQ(parse(p, beefy_payload(p, 0xb2, 2000, 4), &c), 0);
	CHECK(!beefy_commitment_rule.advance(marks, &c));
	CHECK_EQ(parse(p, beefy_payload(p, 0xb2, 1000, 6), &c), 0);
	CHECK(!beefy_commitment_rule.advance(marks, &c));
	CHECK(!memcmp(before, marks, sizeof(marks)));
}

/*
 * The mark's bytes at offset 0 of a `beef` key's marks (marks.h,
 * beefy_commitment.c): set:u8 set_id:u64 block:u32 digest[32], and nothing
 * else of the area touched.
 */
TEST(beefy_mark_keeps_its_sealed_layout)
{
	uint8_t marks[KEY_MARKS_BYTES] = { 0 }, p[PAYLOAD_BYTES], hash[32];
	bool changed;
	size_t i, len;

	SIGNS_FRESH(0x5a, 0x04030201u, UINT64_C(0x0c0b0a0908070605));
	CHECK_EQ(marks[0], 1);
	for (i = 0; i < 8; i++)
		CHECK_EQ(marks[1 + i], 5 + i);
	for (i = 0; i < 4; i++)
		CHECK_EQ(marks[9 + i], 1 + i);
	len = beefy_payload(p, 0x5a, 0x04030201u, UINT64_C(0x0c0b0a0908070605));
	crypto_generichash_blake2b(hash, sizeof(hash), p, len, NULL, 0);
	CHECK(!memcmp(marks + 13, hash, 32));
	for (i = MARK_BYTES; i < KEY_MARKS_BYTES; i++)
		CHECK_EQ(marks[i], 0);
	/* a set byte other than 1 reads as no mark: anything signs */
	marks[0] = 2;
	SIGNS_FRESH(0x11, 1, 0);
	CHECK_EQ(marks[0], 1);
	/* the area is the one every key object format 6 seals */
	CHECK_EQ(KEY_MARKS_BYTES, 723);
}
