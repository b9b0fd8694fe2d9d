// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness for the VRF kinds' payload parsers (ta/policy/babe_vrf.c,
 * assignment_vrf.c), the only code that reads host bytes into the fields a
 * VRF transcript is built from. Besides ASan and UBSan it checks, aborting
 * on any violation:
 *   - babe-vrf and babe-vrf-pre-output accept exactly 48 bytes, and their
 *     fields are the little-endian slot, epoch and randomness;
 *   - assignment-vrf accepts kind 1 with exactly a u32 core, or kind 0 with
 *     a CoreBitfield that an independent decode here finds canonical, of the
 *     exact length, with no bit past its length and at least one core; its
 *     cores point inside the input, after the story;
 *   - the same bytes always give the same answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "triad_ta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)           \
	do {                    \
		if (!(cond))    \
			abort(); \
	} while (0)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* SCALE compact u32, canonical only; 0 bytes read when it is not. */
static size_t compact(const uint8_t *p, size_t n, uint32_t *v)
{
	if (n < 1)
		return 0;
	switch (p[0] & 3) {
	case 0:
		*v = p[0] >> 2;
		return 1;
	case 1:
		if (n < 2)
			return 0;
		*v = (uint32_t)(p[0] | p[1] << 8) >> 2;
		return *v > 63 ? 2 : 0;
	case 2:
		if (n < 4)
			return 0;
		*v = ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		      (uint32_t)p[3] << 24) >> 2;
		return *v > 16383 ? 4 : 0;
	default:
		return 0; /* over 2^30 bits: never a CoreBitfield here */
	}
}

static int bitfield_ok(const uint8_t *p, size_t n)
{
	uint32_t bits;
	size_t used = compact(p, n, &bits), nbytes, i;
	uint8_t any = 0;

	if (!used || bits == 0 || bits > 4096)
		return 0;
	nbytes = (bits + 7) / 8;
	if (n != used + nbytes)
		return 0;
	for (i = 0; i < nbytes; i++)
		any |= p[used + i];
	if (bits % 8 && p[used + nbytes - 1] >> (bits % 8))
		return 0;
	return any != 0;
}

static uint32_t parse(const struct rule *rule, const uint8_t *data, size_t size,
		      struct rule_claim *claim)
{
	uint32_t rc;
	struct rule_claim again;

	memset(claim, 0, sizeof(*claim));
	memset(&again, 0, sizeof(again));
	rc = rule->parse(data, size, claim);
	REQUIRE(rc == 0 || rc == TRIAD_ERR_MALFORMED);
	REQUIRE(rule->parse(data, size, &again) == rc);
	REQUIRE(rc || !memcmp(&again.vrf, &claim->vrf, sizeof(again.vrf)));
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct rule *babe[] = { &babe_vrf_rule, &babe_vrf_pre_output_rule };
	struct rule_claim c;
	size_t i;

	for (i = 0; i < 2; i++) {
		uint32_t rc = parse(babe[i], data, size, &c);

		REQUIRE((rc == 0) == (size == 48));
		if (rc)
			continue;
		REQUIRE(c.vrf.transcript == VRF_TRANSCRIPT_BABE && c.msg == NULL);
		REQUIRE(c.vrf.pre_output_only == (i == 1));
		REQUIRE(c.vrf.slot == le64(data) && c.scope == c.vrf.slot);
		REQUIRE(c.vrf.epoch == le64(data + 8));
		REQUIRE(!memcmp(c.vrf.randomness, data + 16, 32));
	}
	if (parse(&assignment_vrf_rule, data, size, &c))
		return 0;
	REQUIRE(size >= 33 && !memcmp(c.vrf.story, data + 1, 32) && c.msg == NULL);
	if (data[0] == 1) {
		REQUIRE(c.vrf.transcript == VRF_TRANSCRIPT_DELAY && size == 37);
		REQUIRE(c.vrf.core == (uint32_t)(data[33] | data[34] << 8 | data[35] << 16) +
					      ((uint32_t)data[36] << 24));
	} else {
		REQUIRE(data[0] == 0 && c.vrf.transcript == VRF_TRANSCRIPT_MODULO_COMPACT);
		REQUIRE(c.vrf.cores == data + 33 && c.vrf.cores_len == size - 33);
		REQUIRE(bitfield_ok(data + 33, size - 33));
	}
	return 0;
}
