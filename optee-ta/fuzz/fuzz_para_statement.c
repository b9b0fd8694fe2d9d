// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness for para-statement (ta/policy/para_statement.c, para_log.c):
 * the parser on arbitrary bytes, and the rule over a run of statements with
 * its logs in an object store in RAM. Besides ASan and UBSan it checks,
 * aborting on any violation:
 *   - parse answers 0 or MALFORMED, the same for the same bytes, and on 0 the
 *     key signs the payload as it is; the form fits its magic and length
 *     (BKNG 73, DISP 41, APPR 40 or 4 + compact + 32n + 4 with 2 <= n <= 64,
 *     VCPC 45, else a bitfield), the session is read where the form has it,
 *     and the candidates point into the payload;
 *   - over the run, the rule answers 0, CONFLICT, REGRESSION or POLICY; the
 *     marks move only on 0; and a reference model of every (session, tag,
 *     side) signed never holds both sides of one (session, tag).
 * Input: records of len:u16 (little-endian, mod 2200) then the payload; the
 * first record is also parsed alone as the whole input.
 */
#include <stdlib.h>
#include <string.h>

#include "mem_store.h"
#include "rules.h"
#include "triad_ta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REQUIRE(cond)            \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t parse(const uint8_t *p, size_t len, struct rule_claim *c)
{
	struct rule_claim again;
	uint32_t rc;

	memset(c, 0, sizeof(*c));
	memset(&again, 0, sizeof(again));
	rc = para_statement_rule.parse(p, len, c);
	REQUIRE(rc == 0 || rc == TRIAD_ERR_MALFORMED);
	REQUIRE(para_statement_rule.parse(p, len, &again) == rc);
	if (rc)
		return rc;
	REQUIRE(!memcmp(&again.para, &c->para, sizeof(c->para)));
	REQUIRE(c->msg == p && c->msg_len == len);
	REQUIRE(c->vrf.transcript == VRF_TRANSCRIPT_NONE);
	switch (c->para.form) {
	case PARA_FORM_BACKING:
		REQUIRE(len == 73 && !memcmp(p, "BKNG", 4) && (p[4] == 1 || p[4] == 2));
		REQUIRE(c->para.session == le32(p + 37) && c->para.candidates == p + 5);
		REQUIRE(c->para.side == PARA_SIDE_VALID && c->para.n == 1);
		break;
	case PARA_FORM_DISPUTE:
		REQUIRE(len == 41 && !memcmp(p, "DISP", 4) && p[4] <= 1);
		REQUIRE(c->para.session == le32(p + 37) && c->para.candidates == p + 5);
		REQUIRE(c->para.side == (p[4] ? PARA_SIDE_VALID : PARA_SIDE_INVALID));
		break;
	case PARA_FORM_APPROVAL:
		REQUIRE(!memcmp(p, "APPR", 4) && c->para.side == PARA_SIDE_VALID);
		REQUIRE(c->para.session == le32(p + len - 4));
		if (len == 40)
			REQUIRE(c->para.n == 1 && c->para.candidates == p + 4);
		else
			REQUIRE(c->para.n >= 2 && c->para.n <= 64 &&
				len == 4 + (c->para.n < 64 ? 1u : 2u) + 32 * c->para.n + 4 &&
				c->para.candidates == p + len - 4 - 32 * c->para.n);
		break;
	case PARA_FORM_PVF_CHECK:
		REQUIRE(len == 45 && !memcmp(p, "VCPC", 4) && p[4] <= 1);
		REQUIRE(c->para.session == le32(p + 37) && c->para.side == PARA_SIDE_NONE);
		break;
	case PARA_FORM_BITFIELD:
		REQUIRE(len >= 38 && c->para.side == PARA_SIDE_NONE);
		REQUIRE(c->para.session == le32(p + len - 36));
		REQUIRE(memcmp(p, "BKNG", 4) && memcmp(p, "APPR", 4) && memcmp(p, "VCPC", 4));
		break;
	default:
		abort();
	}
	REQUIRE(c->para.side == PARA_SIDE_NONE ? c->para.candidates == NULL
					       : c->para.candidates >= p &&
							 c->para.candidates + 32 * c->para.n <= p + len);
	return 0;
}

/* What the run has signed: (session, tag, side). */
#define MODEL_MAX 4096
static struct signed_side {
	uint32_t session;
	uint8_t tag[8];
	uint8_t side;
} model[MODEL_MAX];
static size_t model_n;

static void model_add(uint32_t session, const uint8_t *cand, uint8_t side)
{
	size_t i;

	for (i = 0; i < model_n; i++)
		if (model[i].session == session && !memcmp(model[i].tag, cand, 8)) {
			/* the rule's one promise: never the other side of what it signed */
			REQUIRE(model[i].side == side);
			return;
		}
	if (model_n == MODEL_MAX)
		return;
	model[model_n].session = session;
	memcpy(model[model_n].tag, cand, 8);
	model[model_n].side = side;
	model_n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mem_store disk;
	static uint8_t marks[KEY_MARKS_BYTES], before[KEY_MARKS_BYTES];
	static const uint8_t key_pk[32] = { 0x50, 0x41, 0x52, 0x41 };
	const struct rule_store store = { &mem_store_io, 3, key_pk };
	struct rule_claim c;
	size_t pos = 0, i;

	parse(data, size, &c);
	mem_store_clear(&disk);
	mem_store_use(&disk);
	memset(marks, 0, sizeof(marks));
	model_n = 0;
	while (pos + 2 <= size) {
		size_t len = (size_t)(data[pos] | data[pos + 1] << 8) % 2200;
		bool changed = false;
		uint32_t rc;

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		if (!parse(data + pos, len, &c)) {
			memcpy(before, marks, sizeof(marks));
			rc = rules_check_and_advance(&para_statement_rule, marks, &c, &store,
						     &changed);
			REQUIRE(rc == 0 || rc == TRIAD_ERR_CONFLICT || rc == TRIAD_ERR_REGRESSION ||
				rc == TRIAD_ERR_POLICY);
			REQUIRE(rc == 0 || !memcmp(before, marks, sizeof(marks)));
			REQUIRE(changed || !memcmp(before, marks, sizeof(marks)));
			/* the kinds before it keep their bytes */
			REQUIRE(!memcmp(before, marks, 284));
			for (i = 0; !rc && i < c.para.n && c.para.side != PARA_SIDE_NONE; i++)
				model_add(c.para.session, c.para.candidates + 32 * i, c.para.side);
		}
		pos += len;
	}
	return 0;
}
