// SPDX-License-Identifier: Apache-2.0
/*
 * babe-seal (DESIGN.md 6). Payload: a pre-seal header (babe_header.h). The
 * TA signs blake2-256 of exactly those bytes. Rule: one header per slot; a
 * slot below the mark is a regression, the same slot with another header a
 * conflict, the same header again an idempotent retry.
 *
 * Mark, at offset 0 of the key's marks: set:u8 slot:u64 hash[32] (41 bytes,
 * little-endian), as sealed state format 2 holds it; set is 1 or unset.
 */
#include <string.h>

#include <sodium.h>

#include "babe_header.h"
#include "babe_seal.h"
#include "codec.h"
#include "rule.h"
#include "triad_ta.h"

void babe_seal_read_mark(const uint8_t marks[KEY_MARKS_BYTES], struct babe_seal_mark *m)
{
	struct reader r;

	reader_init(&r, marks, KEY_MARKS_BYTES);
	m->set = read_u8(&r) == 1;
	m->slot = read_u64(&r);
	read_into(&r, m->hash, sizeof(m->hash));
}

static void write_mark(uint8_t marks[KEY_MARKS_BYTES], const struct babe_seal_mark *m)
{
	struct writer w;

	writer_init(&w, marks, KEY_MARKS_BYTES);
	write_u8(&w, m->set);
	write_u64(&w, m->slot);
	write_bytes(&w, m->hash, sizeof(m->hash));
}

static uint32_t parse(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	struct babe_preseal hdr;

	if (babe_parse_preseal_header(payload, len, &hdr))
		return TRIAD_ERR_MALFORMED;
	crypto_generichash_blake2b(claim->digest, sizeof(claim->digest), payload, len, NULL, 0);
	claim->msg = claim->digest;
	claim->msg_len = sizeof(claim->digest);
	claim->scope = hdr.slot;
	return 0;
}

static uint32_t check(const uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim)
{
	struct babe_seal_mark m;

	babe_seal_read_mark(marks, &m);
	if (m.set && claim->scope < m.slot)
		return TRIAD_ERR_REGRESSION;
	if (m.set && claim->scope == m.slot && sodium_memcmp(claim->digest, m.hash, 32))
		return TRIAD_ERR_CONFLICT;
	return 0;
}

/* Only ever forward: a slot at or below the mark leaves it as it is. */
static bool advance(uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim)
{
	struct babe_seal_mark m;

	babe_seal_read_mark(marks, &m);
	if (m.set && claim->scope <= m.slot)
		return false;
	m.set = true;
	m.slot = claim->scope;
	memcpy(m.hash, claim->digest, sizeof(m.hash));
	write_mark(marks, &m);
	return true;
}

const struct rule babe_seal_rule = { "babe-seal", parse, check, advance, NULL };
