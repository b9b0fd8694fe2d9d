// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness for beefy-commitment (ta/policy/beefy_commitment.c): the
 * parser on arbitrary bytes, and the rule over a run of commitments. Besides
 * ASan and UBSan it checks, aborting on any violation:
 *   - parse answers 0 or MALFORMED, the same for the same bytes; on 0 the
 *     key signs the payload as it is, the digest is BLAKE2b-256 of it, the
 *     block number and set id are the last 12 bytes, and a walk of its own
 *     finds 1..16 entries with ids strictly increasing, values of at most
 *     1024 bytes, every compact canonical and the whole at most 4096 bytes;
 *   - over the run, the rule answers 0, CONFLICT or REGRESSION; the marks
 *     move only on 0 and only in the beefy region; and a reference model of
 *     what was signed never holds two digests for one block, a block below
 *     one signed before, or a set below one signed before.
 * Input: records of len:u16 (little-endian, mod 4200) then the payload; the
 * first record is also parsed alone as the whole input.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "rules.h"
#include "triad_ta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)            \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define MARK_BYTES 45 /* beefy_commitment.c: set:u8 set_id:u64 block:u32 digest[32] */

static uint64_t le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* A canonical Compact<u32> below 2^30 at p (the bounds keep every one here there). */
static size_t compact(const uint8_t *p, size_t left, uint32_t *v)
{
	REQUIRE(left >= 1);
	switch (p[0] & 3) {
	case 0:
		*v = p[0] >> 2;
		return 1;
	case 1:
		REQUIRE(left >= 2);
		*v = (uint32_t)le(p, 2) >> 2;
		REQUIRE(*v >= 64);
		return 2;
	case 2:
		REQUIRE(left >= 4);
		*v = (uint32_t)le(p, 4) >> 2;
		REQUIRE(*v >= 1u << 14);
		return 4;
	default:
		abort(); /* 2^30 and more: beyond every bound */
	}
}

/* What the parser must have seen, walked again independently. */
static void walk(const uint8_t *p, size_t len, const struct rule_claim *c)
{
	const uint8_t *prev = NULL;
	uint32_t n, vlen, i;
	size_t pos;

	REQUIRE(len <= BEEFY_MAX_COMMITMENT_BYTES && len >= 12);
	pos = compact(p, len, &n);
	REQUIRE(n >= 1 && n <= BEEFY_MAX_ENTRIES && n == c->beefy.entries);
	for (i = 0; i < n; i++) {
		REQUIRE(len - pos >= 2 + 12);
		/* ids strictly increasing, bytewise */
		REQUIRE(!prev || memcmp(prev, p + pos, 2) < 0);
		prev = p + pos;
		pos += 2;
		pos += compact(p + pos, len - pos, &vlen);
		REQUIRE(vlen <= BEEFY_MAX_VALUE_BYTES && vlen <= len - pos);
		pos += vlen;
	}
	REQUIRE(len - pos == 12);
	REQUIRE(c->beefy.block_number == (uint32_t)le(p + pos, 4));
	REQUIRE(c->beefy.validator_set_id == le(p + pos + 4, 8));
}

static uint32_t parse(const uint8_t *p, size_t len, struct rule_claim *c)
{
	struct rule_claim again;
	uint8_t hash[32];
	uint32_t rc;

	memset(c, 0, sizeof(*c));
	memset(&again, 0, sizeof(again));
	rc = beefy_commitment_rule.parse(p, len, c);
	REQUIRE(rc == 0 || rc == TRIAD_ERR_MALFORMED);
	REQUIRE(beefy_commitment_rule.parse(p, len, &again) == rc);
	if (rc)
		return rc;
	REQUIRE(!memcmp(&again.beefy, &c->beefy, sizeof(c->beefy)));
	REQUIRE(c->msg == p && c->msg_len == len);
	REQUIRE(c->vrf.transcript == VRF_TRANSCRIPT_NONE && c->scope == c->beefy.block_number);
	crypto_generichash_blake2b(hash, sizeof(hash), p, len, NULL, 0);
	REQUIRE(!memcmp(hash, c->digest, 32));
	walk(p, len, c);
	return 0;
}

/* What the run has signed: (block, set, digest), at most one digest per block. */
#define MODEL_MAX 4096
static struct signed_commitment {
	uint32_t block;
	uint64_t set_id;
	uint8_t digest[32];
} model[MODEL_MAX];
static size_t model_n;

static void model_add(const struct rule_claim *c)
{
	size_t i;

	for (i = 0; i < model_n; i++) {
		/* the rule's promises: one commitment per block, and never back */
		REQUIRE(model[i].block != c->beefy.block_number ||
			!memcmp(model[i].digest, c->digest, 32));
		REQUIRE(model[i].block <= c->beefy.block_number);
		REQUIRE(model[i].set_id <= c->beefy.validator_set_id);
	}
	if (model_n == MODEL_MAX)
		return;
	model[model_n].block = c->beefy.block_number;
	model[model_n].set_id = c->beefy.validator_set_id;
	memcpy(model[model_n].digest, c->digest, 32);
	model_n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t marks[KEY_MARKS_BYTES], before[KEY_MARKS_BYTES];
	struct rule_claim c;
	size_t pos = 0;

	parse(data, size, &c);
	memset(marks, 0, sizeof(marks));
	model_n = 0;
	while (pos + 2 <= size) {
		size_t len = (size_t)(data[pos] | data[pos + 1] << 8) % 4200;
		bool changed = false;
		uint32_t rc;

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		if (!parse(data + pos, len, &c)) {
			memcpy(before, marks, sizeof(marks));
			rc = rules_check_and_advance(&beefy_commitment_rule, marks, &c, NULL,
						     &changed);
			REQUIRE(rc == 0 || rc == TRIAD_ERR_CONFLICT || rc == TRIAD_ERR_REGRESSION);
			REQUIRE(rc == 0 || !memcmp(before, marks, sizeof(marks)));
			REQUIRE(changed || !memcmp(before, marks, sizeof(marks)));
			/* the rest of a beef key's area is never touched */
			REQUIRE(!memcmp(before + MARK_BYTES, marks + MARK_BYTES,
					KEY_MARKS_BYTES - MARK_BYTES));
			if (!rc)
				model_add(&c);
		}
		pos += len;
	}
	return 0;
}
