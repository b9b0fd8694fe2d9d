// SPDX-License-Identifier: Apache-2.0
/*
 * para-statement (policy/para_statement.c, para_log.c) through its rule
 * interface, over an object store in RAM: its parse of every form and every
 * malformed variant, and its rule (never both sides of one (session,
 * candidate); identical repeats; approvals all or nothing; a window of 6
 * sessions; the invalid set and the logs full; the logs' pages checked
 * against the marks on every read; a crash between a page and the key's
 * object; a new key in a slot), each decision through rules_check_and_advance
 * as the TA makes it.
 */
#include <string.h>

#include "mem_store.h"
#include "para_log.h"
#include "para_payload.h"
#include "policy_tests.h"
#include "rules.h"
#include "triad_ta.h"

#define MARK_OFFSET 284 /* para-statement's marks follow grandpa-vote's */

static struct mem_store disk;
static uint8_t key_pk[32] = { 0x11, 0x22, 0x33 };
static struct rule_store store = { &mem_store_io, 7, key_pk };
static uint8_t marks[KEY_MARKS_BYTES];
static bool changed;
static uint8_t p[PARA_PAYLOAD_MAX + 64];

/* A key with no para marks, over an empty disk. */
static void fresh_key(void)
{
	mem_store_clear(&disk);
	mem_store_use(&disk);
	memset(marks, 0, sizeof(marks));
	memset(key_pk, 0, sizeof(key_pk));
	key_pk[0] = 0x11;
	store.io = &mem_store_io;
	store.key_slot = 7;
	store.key_pk = key_pk;
}

static uint32_t parse(const uint8_t *payload, size_t len, struct rule_claim *c)
{
	memset(c, 0, sizeof(*c));
	return para_statement_rule.parse(payload, len, c);
}

/* Parse, check and advance as the TA does; the marks must not move on a refusal or a repeat. */
static uint32_t sign(const uint8_t *payload, size_t len)
{
	uint8_t before[KEY_MARKS_BYTES];
	struct rule_claim c;
	uint32_t rc;

	CHECK_EQ(parse(payload, len, &c), 0);
	memcpy(before, marks, KEY_MARKS_BYTES);
	changed = false;
	rc = rules_check_and_advance(&para_statement_rule, marks, &c, &store, &changed);
	if (rc || !changed)
		CHECK(!memcmp(before, marks, KEY_MARKS_BYTES));
	/* the other kinds' bytes are never para's */
	CHECK(!memcmp(before, marks, MARK_OFFSET));
	return rc;
}

/* Signs: 0 and the marks moved. */
#define SIGNS_FRESH(len) do { CHECK_EQ(sign(p, (len)), 0); CHECK(changed); } while (0)
/* Signs again: 0 and nothing moved. */
#define SIGNS_AGAIN(len) do { CHECK_EQ(sign(p, (len)), 0); CHECK(!changed); } while (0)
#define REFUSED(rc, len) CHECK_EQ(sign(p, (len)), (rc))

TEST(para_parses_every_form_and_signs_the_payload_as_is)
{
	struct rule_claim c;
	uint8_t hash[32];
	size_t len, i;

	CHECK(para_statement_rule.check == NULL && para_statement_rule.advance == NULL);
	CHECK(para_statement_rule.check_and_advance_stored != NULL);
	/* backing: Seconded and Valid, the session from the signing context */
	for (i = 1; i <= 2; i++) {
		len = para_backing(p, (uint8_t)i, 0x01020304, 0x0a0b0c0d);
		CHECK_EQ(len, 73);
		CHECK_EQ(parse(p, len, &c), 0);
		CHECK(c.msg == p && c.msg_len == 73);
		CHECK_EQ(c.para.form, PARA_FORM_BACKING);
		CHECK_EQ(c.para.side, PARA_SIDE_VALID);
		CHECK_EQ(c.para.session, 0x0a0b0c0du);
		CHECK(c.para.n == 1 && c.para.candidates == p + 5);
		para_candidate(hash, 0x01020304);
		CHECK(!memcmp(c.para.candidates, hash, 32));
		CHECK(c.vrf.transcript == VRF_TRANSCRIPT_NONE);
	}
	/* dispute votes: valid and invalid */
	len = para_dispute(p, 1, 5, 77);
	CHECK_EQ(len, 41);
	CHECK_EQ(parse(p, len, &c), 0);
	CHECK(c.msg == p && c.msg_len == 41);
	CHECK(c.para.form == PARA_FORM_DISPUTE && c.para.side == PARA_SIDE_VALID);
	CHECK(c.para.session == 77 && c.para.n == 1 && c.para.candidates == p + 5);
	len = para_dispute(p, 0, 5, 77);
	CHECK_EQ(parse(p, len, &c), 0);
	CHECK(c.para.form == PARA_FORM_DISPUTE && c.para.side == PARA_SIDE_INVALID);
	/* approvals: one, two, 64 */
	len = para_approval(p, 9, 0x01000000);
	CHECK_EQ(len, 40);
	CHECK_EQ(parse(p, len, &c), 0);
	CHECK(c.para.form == PARA_FORM_APPROVAL && c.para.side == PARA_SIDE_VALID);
	CHECK(c.para.session == 0x01000000 && c.para.n == 1 && c.para.candidates == p + 4);
	len = para_approvals(p, 2, 100, 3);
	CHECK_EQ(len, 4 + 1 + 64 + 4);
	CHECK_EQ(parse(p, len, &c), 0);
	CHECK(c.para.form == PARA_FORM_APPROVAL && c.para.n == 2 && c.para.candidates == p + 5);
	CHECK(c.para.session == 3 && c.msg == p && c.msg_len == len);
	para_candidate(hash, 101);
	CHECK(!memcmp(c.para.candidates + 32, hash, 32));
	len = para_approvals(p, 64, 100, 3);
	CHECK_EQ(len, 4 + 2 + 64 * 32 + 4); /* 64 takes a two-byte compact */
	CHECK_EQ(parse(p, len, &c), 0);
	CHECK(c.para.n == 64 && c.para.candidates == p + 6);
	/* PVF pre-check, accept and reject: no side */
	for (i = 0; i < 2; i++) {
		len = para_pvf_check(p, (uint8_t)i, 12, 400);
		CHECK_EQ(len, 45);
		CHECK_EQ(parse(p, len, &c), 0);
		CHECK(c.para.form == PARA_FORM_PVF_CHECK && c.para.side == PARA_SIDE_NONE);
		CHECK(c.para.session == 12 && c.para.candidates == NULL && c.msg_len == 45);
	}
	/* bitfields of 1, 8, 100 and 4096 bits, and an all-zero one (no chunk held) */
	len = para_bitfield(p, 1, 21);
	CHECK_EQ(len, 1 + 1 + 36);
	CHECK_EQ(parse(p, len, &c), 0);
	CHECK(c.para.form == PARA_FORM_BITFIELD && c.para.side == PARA_SIDE_NONE);
	CHECK(c.para.session == 21 && c.msg == p && c.msg_len == len);
	CHECK_EQ(parse(p, para_bitfield(p, 8, 21), &c), 0);
	len = para_bitfield(p, 100, 21);
	CHECK_EQ(len, 2 + 13 + 36);
	CHECK_EQ(parse(p, len, &c), 0);
	memset(p + 2, 0, 13);
	CHECK_EQ(parse(p, len, &c), 0);
	len = para_bitfield(p, 4096, 22);
	CHECK_EQ(len, 2 + 512 + 36);
	CHECK_EQ(parse(p, len, &c), 0);
	CHECK(c.para.form == PARA_FORM_BITFIELD && c.para.session == 22);
	/*
	 * No magic reads as a bitfield: "BKNG", "APPR" and "VCPC" are compacts
	 * above 4096, and "DISP" is 17 bits whose last byte ('P') sets bits
	 * past them. So a 40-byte "DISP" payload is neither form.
	 */
	memcpy(p, "DISP", 4);
	memset(p + 4, 0, 36);
	CHECK_EQ(parse(p, 40, &c), TRIAD_ERR_MALFORMED);
	p[3] = 0x01; /* "DIS\x01": the same 17 bits, nothing past them */
	CHECK_EQ(parse(p, 40, &c), 0);
	CHECK(c.para.form == PARA_FORM_BITFIELD && c.para.side == PARA_SIDE_NONE);
}

TEST(para_refuses_every_malformed_payload)
{
	struct rule_claim c;
	size_t len;

	CHECK_EQ(parse(p, 0, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(NULL, 0, &c), TRIAD_ERR_MALFORMED);
	/* backing: a byte short, a byte more, variants 0 and 3 */
	len = para_backing(p, 2, 1, 1);
	CHECK_EQ(parse(p, len - 1, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, para_backing(p, 0, 1, 1), &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, para_backing(p, 3, 1, 1), &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(c.para.form, 0); /* nothing half-parsed is left behind */
	/* dispute: bool 2 and 0xff, a byte short, a byte more */
	CHECK_EQ(parse(p, para_dispute(p, 2, 1, 1), &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, para_dispute(p, 0xff, 1, 1), &c), TRIAD_ERR_MALFORMED);
	len = para_dispute(p, 0, 1, 1);
	CHECK_EQ(parse(p, len - 1, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED);
	/* approval, single: a byte short, a byte more */
	len = para_approval(p, 1, 1);
	CHECK_EQ(parse(p, len - 1, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED);
	/* approval, several: n = 0 and n = 1 in the vector form, 65, trailing and missing bytes */
	CHECK_EQ(parse(p, para_approvals(p, 0, 1, 1), &c), TRIAD_ERR_MALFORMED);
	len = para_approvals(p, 1, 1, 1);
	CHECK_EQ(len, 41);
	CHECK_EQ(parse(p, len, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, para_approvals(p, 65, 1, 1), &c), TRIAD_ERR_MALFORMED);
	len = para_approvals(p, 3, 1, 1);
	CHECK_EQ(parse(p, len, &c), 0);
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, len - 1, &c), TRIAD_ERR_MALFORMED);
	/* a non-canonical compact: 3 as two bytes (0x0d 0x00) */
	len = para_approvals(p, 3, 1, 1);
	memmove(p + 6, p + 5, len - 5);
	p[4] = 3 << 2 | 1;
	p[5] = 0;
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED);
	p[4] = 3 << 2;
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED); /* and canonical, one byte left over */
	/* PVF pre-check: bool 2, a byte short, a byte more */
	CHECK_EQ(parse(p, para_pvf_check(p, 2, 1, 1), &c), TRIAD_ERR_MALFORMED);
	len = para_pvf_check(p, 1, 1, 1);
	CHECK_EQ(parse(p, len - 1, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED);
	/* bitfields: 0 bits, 4097 bits, a byte short, a byte more, a bit past the length */
	CHECK_EQ(parse(p, para_bitfield(p, 0, 1), &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, para_bitfield(p, 4097, 1), &c), TRIAD_ERR_MALFORMED);
	len = para_bitfield(p, 100, 1);
	CHECK_EQ(parse(p, len - 1, &c), TRIAD_ERR_MALFORMED);
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED);
	p[2 + 12] = 0x10; /* bit 100 of a 100-bit field (bits 96..99 live in that byte) */
	CHECK_EQ(parse(p, len, &c), TRIAD_ERR_MALFORMED);
	/* a non-canonical compact bit count: 5 bits as two bytes */
	len = para_bitfield(p, 5, 1);
	memmove(p + 2, p + 1, len - 1);
	p[0] = 5 << 2 | 1;
	p[1] = 0;
	CHECK_EQ(parse(p, len + 1, &c), TRIAD_ERR_MALFORMED);
	/* an unknown magic of a magic form's length, and a known magic with another's layout */
	len = para_dispute(p, 1, 1, 1);
	memcpy(p, "DISQ", 4);
	CHECK_EQ(parse(p, len, &c), TRIAD_ERR_MALFORMED);
	len = para_backing(p, 1, 1, 1);
	memcpy(p, "APPR", 4);
	CHECK_EQ(parse(p, len, &c), TRIAD_ERR_MALFORMED);
}

TEST(para_valid_then_invalid_conflicts_in_both_orders_and_repeats_sign)
{
	fresh_key();
	/* backed (Seconded), then a dispute vote against it: CONFLICT */
	SIGNS_FRESH(para_backing(p, 1, 10, 100));
	SIGNS_AGAIN(para_backing(p, 1, 10, 100));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 10, 100));
	/* the other valid-side forms of it sign, and append nothing new */
	SIGNS_AGAIN(para_backing(p, 2, 10, 100));
	SIGNS_AGAIN(para_approval(p, 10, 100));
	SIGNS_AGAIN(para_dispute(p, 1, 10, 100));
	/* the same candidate in another session is another (session, candidate) */
	SIGNS_FRESH(para_dispute(p, 0, 10, 101));
	SIGNS_AGAIN(para_dispute(p, 0, 10, 101));
	/* invalid first: every valid-side form of it is CONFLICT */
	REFUSED(TRIAD_ERR_CONFLICT, para_backing(p, 1, 10, 101));
	REFUSED(TRIAD_ERR_CONFLICT, para_backing(p, 2, 10, 101));
	REFUSED(TRIAD_ERR_CONFLICT, para_approval(p, 10, 101));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 1, 10, 101));
	REFUSED(TRIAD_ERR_CONFLICT, para_approvals(p, 2, 10, 101));
	SIGNS_AGAIN(para_dispute(p, 0, 10, 101));
	/* an approval logged in an earlier page than the last is still found by the scan */
	SIGNS_FRESH(para_approval(p, 500, 100));
	SIGNS_FRESH(para_approvals(p, 64, 1000, 100));
	SIGNS_FRESH(para_approvals(p, 64, 2000, 100));
	SIGNS_FRESH(para_approvals(p, 64, 3000, 100)); /* 3 + 192 tags: two pages */
	CHECK_EQ(mem_store_count(&disk, "triad-para-07-4-"), 2); /* 100 % 6 = 4 */
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 500, 100));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 3063, 100));
	SIGNS_FRESH(para_dispute(p, 0, 3064, 100));
	/* bitfields and PVF pre-checks take no side: they sign and record nothing */
	SIGNS_AGAIN(para_bitfield(p, 80, 100));
	SIGNS_AGAIN(para_pvf_check(p, 0, 100, 3));
	SIGNS_AGAIN(para_pvf_check(p, 1, 100, 3));
}

TEST(para_approvals_of_several_are_all_or_nothing)
{
	struct rule_claim c;
	size_t writes, len;

	fresh_key();
	SIGNS_FRESH(para_dispute(p, 0, 7, 50)); /* candidate 7 is invalid in session 50 */
	writes = disk.writes;
	/* 5..8 holds 7: refused, and none of 5, 6, 8 is recorded */
	REFUSED(TRIAD_ERR_CONFLICT, para_approvals(p, 4, 5, 50));
	CHECK_EQ(disk.writes, writes);
	SIGNS_FRESH(para_dispute(p, 0, 5, 50));
	SIGNS_FRESH(para_dispute(p, 0, 8, 50));
	/* without 7 the rest sign; then each of them is valid-side */
	SIGNS_FRESH(para_approvals(p, 2, 20, 50));
	SIGNS_AGAIN(para_approvals(p, 2, 20, 50));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 20, 50));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 21, 50));
	/* a repeated candidate within one approval is one tag */
	len = para_approvals(p, 2, 30, 50);
	memcpy(p + 5 + 32, p + 5, 32);
	CHECK_EQ(parse(p, len, &c), 0);
	writes = disk.writes;
	SIGNS_FRESH(len);
	CHECK_EQ(disk.writes, writes + 1);
	SIGNS_AGAIN(para_approval(p, 30, 50));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 30, 50));
	SIGNS_FRESH(para_dispute(p, 0, 31, 50));
}

TEST(para_window_is_six_sessions_and_a_higher_session_moves_it)
{
	fresh_key();
	/* no mark yet: any session */
	SIGNS_AGAIN(para_bitfield(p, 8, 1000)); /* records nothing: the window does not move */
	SIGNS_FRESH(para_approval(p, 1, 20));
	SIGNS_FRESH(para_approval(p, 1, 15)); /* 20 - 5: in the window */
	REFUSED(TRIAD_ERR_REGRESSION, para_approval(p, 2, 14));
	REFUSED(TRIAD_ERR_REGRESSION, para_dispute(p, 0, 2, 14));
	REFUSED(TRIAD_ERR_REGRESSION, para_backing(p, 1, 2, 0));
	/* bitfields and PVF pre-checks obey it too */
	REFUSED(TRIAD_ERR_REGRESSION, para_bitfield(p, 8, 14));
	REFUSED(TRIAD_ERR_REGRESSION, para_pvf_check(p, 1, 14, 0));
	SIGNS_AGAIN(para_bitfield(p, 8, 15));
	SIGNS_AGAIN(para_pvf_check(p, 1, 15, 0));
	/* and never move it: session 100 is fine, and 20 still is afterwards */
	SIGNS_AGAIN(para_bitfield(p, 8, 100));
	SIGNS_AGAIN(para_pvf_check(p, 1, 100, 0));
	SIGNS_AGAIN(para_approval(p, 1, 20));
	/* an invalid vote of session 21 moves it: 15 leaves, 16 stays */
	SIGNS_FRESH(para_dispute(p, 0, 9, 21));
	REFUSED(TRIAD_ERR_REGRESSION, para_approval(p, 1, 15));
	SIGNS_AGAIN(para_approval(p, 1, 20));
	SIGNS_FRESH(para_approval(p, 1, 16));
	/* session 27 reuses 21's slot (27 % 6 = 21 % 6): 21's log and invalid entry are gone */
	SIGNS_FRESH(para_approval(p, 3, 27));
	REFUSED(TRIAD_ERR_REGRESSION, para_dispute(p, 0, 9, 21));
	SIGNS_FRESH(para_approval(p, 9, 27)); /* 21's invalid 9 is not 27's */
	/* far ahead: everything below moves out */
	SIGNS_FRESH(para_approval(p, 1, 0xffffffffu));
	REFUSED(TRIAD_ERR_REGRESSION, para_approval(p, 1, 27));
	SIGNS_FRESH(para_approval(p, 2, 0xfffffffau));
	REFUSED(TRIAD_ERR_REGRESSION, para_approval(p, 1, 0xfffffff9u));
}

TEST(para_invalid_set_holds_sixteen_then_refuses_and_frees_sessions_that_left)
{
	uint32_t i;

	fresh_key();
	for (i = 0; i < 16; i++)
		SIGNS_FRESH(para_dispute(p, 0, 100 + i, 40 + i % 3));
	/* full: a 17th is refused (POLICY) rather than an entry forgotten */
	REFUSED(TRIAD_ERR_POLICY, para_dispute(p, 0, 200, 42));
	/* repeats still sign, and valid-side statements of the 16 are still CONFLICT */
	for (i = 0; i < 16; i++) {
		SIGNS_AGAIN(para_dispute(p, 0, 100 + i, 40 + i % 3));
		REFUSED(TRIAD_ERR_CONFLICT, para_approval(p, 100 + i, 40 + i % 3));
	}
	/* session 46 moves 40 out of the window (46 - 40 = 6): its 6 entries are free */
	SIGNS_FRESH(para_approval(p, 1, 46));
	for (i = 0; i < 6; i++)
		SIGNS_FRESH(para_dispute(p, 0, 300 + i, 46));
	REFUSED(TRIAD_ERR_POLICY, para_dispute(p, 0, 400, 46));
	/* 41's and 42's are still held */
	REFUSED(TRIAD_ERR_CONFLICT, para_approval(p, 101, 41));
	REFUSED(TRIAD_ERR_CONFLICT, para_backing(p, 2, 102, 42));
}

TEST(para_log_holds_exactly_its_capacity_then_refuses)
{
	uint32_t done;

	CHECK_EQ(PARA_LOG_CAPACITY, 32768);
	fresh_key();
	for (done = 0; done < PARA_LOG_CAPACITY; done += 64)
		SIGNS_FRESH(para_approvals(p, 64, 100000 + done, 9));
	CHECK_EQ(mem_store_count(&disk, "triad-para-07-3-"), 256);
	/* exactly full: identical repeats still sign (in the last page, or found by a scan) */
	SIGNS_AGAIN(para_approval(p, 100000 + PARA_LOG_CAPACITY - 1, 9));
	SIGNS_AGAIN(para_approval(p, 100000, 9));
	SIGNS_AGAIN(para_approvals(p, 64, 110000, 9));
	/* a new candidate is POLICY, alone or among repeats */
	REFUSED(TRIAD_ERR_POLICY, para_approvals(p, 2, 100000 + PARA_LOG_CAPACITY - 1, 9));
	REFUSED(TRIAD_ERR_POLICY, para_approval(p, 1, 9));
	REFUSED(TRIAD_ERR_POLICY, para_backing(p, 1, 1, 9));
	/* the whole log is scanned (every page checked) for an invalid vote */
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 100000, 9));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 100000 + 20000, 9));
	SIGNS_FRESH(para_dispute(p, 0, 1, 9));
	/* other sessions have their own logs */
	SIGNS_FRESH(para_approval(p, 1, 10));
	/* one short of full: 2 new of a 2-approval do not fit, nothing is written */
	fresh_key();
	for (done = 0; done < PARA_LOG_CAPACITY - 64; done += 64)
		SIGNS_FRESH(para_approvals(p, 64, done, 9));
	SIGNS_FRESH(para_approvals(p, 63, done, 9));
	REFUSED(TRIAD_ERR_POLICY, para_approvals(p, 2, 1000000, 9));
	SIGNS_FRESH(para_approval(p, 1000000, 9));
	REFUSED(TRIAD_ERR_POLICY, para_approval(p, 1000001, 9));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 1000000, 9));
	SIGNS_FRESH(para_dispute(p, 0, 1000001, 9));
}

TEST(para_a_tampered_rolled_back_or_missing_page_is_a_storage_fault)
{
	static struct mem_store old;
	struct mem_store_object *o;
	uint8_t ragged[32 + 6 * 8];

	fresh_key();
	SIGNS_FRESH(para_approvals(p, 64, 1, 3));
	mem_store_copy(&old, &disk); /* the disk with page 0 holding 64 tags */
	SIGNS_FRESH(para_approvals(p, 64, 65, 3));
	SIGNS_FRESH(para_approvals(p, 10, 129, 3)); /* page 1 begun */

	/* page 0 rolled back to 64 tags (the marks count 128): a scan is STORAGE */
	o = mem_store_get(&old, "triad-para-07-3-000");
	CHECK(o != NULL);
	if (!o)
		return;
	mem_store_put(&disk, o->id, o->data, o->len);
	REFUSED(TRIAD_ERR_STORAGE, para_dispute(p, 0, 999, 3));
	/* appending reads only the last page: it still signs, a scan still refuses */
	SIGNS_FRESH(para_approval(p, 500, 3));
	REFUSED(TRIAD_ERR_STORAGE, para_dispute(p, 0, 999, 3));

	/* an earlier page whose start is not the chain so far: the scan refuses */
	fresh_key();
	SIGNS_FRESH(para_approvals(p, 64, 1, 3));
	SIGNS_FRESH(para_approvals(p, 64, 65, 3));
	SIGNS_FRESH(para_approvals(p, 2, 129, 3));
	o = mem_store_get(&disk, "triad-para-07-3-000");
	CHECK(o != NULL);
	if (!o)
		return;
	o->data[5] ^= 0x40;
	REFUSED(TRIAD_ERR_STORAGE, para_dispute(p, 0, 999, 3));
	SIGNS_FRESH(para_approval(p, 131, 3)); /* the last page is page 1: it verifies */
	o->data[5] ^= 0x40;
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 131, 3));

	/* a flipped tag in the last page: the append and the scan refuse */
	fresh_key();
	SIGNS_FRESH(para_approvals(p, 5, 1, 3));
	o = mem_store_get(&disk, "triad-para-07-3-000");
	CHECK(o != NULL);
	if (!o)
		return;
	o->data[32 + 8 + 2] ^= 1;
	REFUSED(TRIAD_ERR_STORAGE, para_approval(p, 77, 3));
	REFUSED(TRIAD_ERR_STORAGE, para_dispute(p, 0, 77, 3));
	o->data[32 + 8 + 2] ^= 1;
	/* its start head changed: refused too */
	o->data[0] ^= 1;
	REFUSED(TRIAD_ERR_STORAGE, para_approval(p, 77, 3));
	o->data[0] ^= 1;
	/* cut short of the count, or a ragged length */
	o->len = 32 + 4 * 8;
	REFUSED(TRIAD_ERR_STORAGE, para_approval(p, 77, 3));
	o->len = 32 + 5 * 8;
	memset(ragged, 0, sizeof(ragged));
	memcpy(ragged, o->data, o->len);
	mem_store_put(&disk, o->id, ragged, 32 + 5 * 8 + 3);
	REFUSED(TRIAD_ERR_STORAGE, para_approval(p, 77, 3));
	mem_store_put(&disk, o->id, ragged, 32 + 5 * 8);
	SIGNS_FRESH(para_approval(p, 77, 3));
	/* gone */
	mem_store_io.remove("triad-para-07-3-000");
	REFUSED(TRIAD_ERR_STORAGE, para_approval(p, 78, 3));
	REFUSED(TRIAD_ERR_STORAGE, para_dispute(p, 0, 78, 3));
	/* no storage at all: fail closed, for every form, before anything */
	fresh_key();
	store.io = NULL;
	REFUSED(TRIAD_ERR_STORAGE, para_approval(p, 1, 3));
	REFUSED(TRIAD_ERR_STORAGE, para_backing(p, 1, 1, 3));
	REFUSED(TRIAD_ERR_STORAGE, para_dispute(p, 0, 1, 3));
	REFUSED(TRIAD_ERR_STORAGE, para_bitfield(p, 8, 3));
	store.io = &mem_store_io;
	SIGNS_FRESH(para_approval(p, 1, 3));
	mem_store_clear(&old);
}

TEST(para_a_crash_between_the_page_and_the_key_object_is_harmless)
{
	uint8_t sealed[KEY_MARKS_BYTES];
	size_t writes;

	fresh_key();
	SIGNS_FRESH(para_approvals(p, 3, 1, 8));
	memcpy(sealed, marks, sizeof(sealed));
	/* candidate 50's tag reaches the page, then the TA dies before the key object is sealed */
	SIGNS_FRESH(para_approval(p, 50, 8));
	memcpy(marks, sealed, sizeof(marks));
	/* the uncounted tag is never read: 50's invalid side signs, and the log still verifies */
	SIGNS_FRESH(para_dispute(p, 0, 50, 8));
	REFUSED(TRIAD_ERR_CONFLICT, para_approval(p, 50, 8));
	SIGNS_FRESH(para_approval(p, 51, 8));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 51, 8));
	SIGNS_AGAIN(para_dispute(p, 0, 50, 8));
	/* a page write that fails: refused (STORAGE), the marks as they were */
	fresh_key();
	SIGNS_FRESH(para_approvals(p, 64, 1, 8));
	SIGNS_FRESH(para_approvals(p, 63, 65, 8));
	disk.fail_prefix = "triad-para-";
	disk.fail_after = 0;
	REFUSED(TRIAD_ERR_STORAGE, para_approval(p, 900, 8));
	/* crossing a page: the first page written, the second fails; nothing counts */
	disk.fail_after = 1;
	writes = disk.writes;
	REFUSED(TRIAD_ERR_STORAGE, para_approvals(p, 3, 900, 8));
	CHECK_EQ(disk.writes, writes + 1);
	disk.fail_prefix = NULL;
	SIGNS_FRESH(para_dispute(p, 0, 900, 8));
	SIGNS_FRESH(para_approvals(p, 2, 901, 8));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 902, 8));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 127, 8));
}

TEST(para_a_new_key_in_the_slot_never_reads_the_old_key_s_pages)
{
	static struct mem_store old;
	uint8_t marks_a[KEY_MARKS_BYTES];
	struct mem_store_object *o;

	/* key A (slot 7) logs candidates 1..200 in session 30 */
	fresh_key();
	SIGNS_FRESH(para_approvals(p, 64, 1, 30));
	SIGNS_FRESH(para_approvals(p, 64, 65, 30));
	SIGNS_FRESH(para_approvals(p, 64, 129, 30));
	SIGNS_FRESH(para_approvals(p, 8, 193, 30));
	memcpy(marks_a, marks, sizeof(marks));
	mem_store_copy(&old, &disk);
	/* the state is lost (a fresh TA) and key B is made in slot 7; A's pages stay on disk */
	memset(marks, 0, sizeof(marks));
	key_pk[0] = 0x99;
	SIGNS_FRESH(para_approval(p, 1000, 30));
	/* B took the valid side of 1000 alone: invalid votes on A's candidates sign */
	SIGNS_FRESH(para_dispute(p, 0, 5, 30));
	SIGNS_FRESH(para_dispute(p, 0, 150, 30));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 1000, 30));
	/* A's page put back under B's marks (same count as far as B knows) does not verify */
	o = mem_store_get(&old, "triad-para-07-0-000");
	CHECK(o != NULL);
	if (!o)
		return;
	mem_store_put(&disk, o->id, o->data, 32 + 8);
	REFUSED(TRIAD_ERR_STORAGE, para_approval(p, 1001, 30));
	REFUSED(TRIAD_ERR_STORAGE, para_dispute(p, 0, 1001, 30));
	/* and A's marks under B's public key read nothing of A's log either */
	mem_store_copy(&disk, &old);
	memcpy(marks, marks_a, sizeof(marks));
	REFUSED(TRIAD_ERR_STORAGE, para_dispute(p, 0, 1001, 30));
	key_pk[0] = 0x11; /* A again: all of it verifies */
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 200, 30));
	SIGNS_FRESH(para_dispute(p, 0, 1001, 30));
	mem_store_clear(&old);
}

TEST(para_a_session_slot_reused_never_reads_the_older_session_s_pages)
{
	fresh_key();
	/* session 12 (slot 0) logs 300 tags: 3 pages */
	SIGNS_FRESH(para_approvals(p, 64, 1, 12));
	SIGNS_FRESH(para_approvals(p, 64, 65, 12));
	SIGNS_FRESH(para_approvals(p, 64, 129, 12));
	SIGNS_FRESH(para_approvals(p, 64, 193, 12));
	SIGNS_FRESH(para_approvals(p, 44, 257, 12));
	CHECK_EQ(mem_store_count(&disk, "triad-para-07-0-"), 3);
	/* session 18 takes slot 0: page 0 overwritten, pages 1 and 2 stale past its count */
	SIGNS_FRESH(para_approval(p, 5000, 18));
	CHECK_EQ(mem_store_count(&disk, "triad-para-07-0-"), 3);
	SIGNS_FRESH(para_dispute(p, 0, 5, 18));
	SIGNS_FRESH(para_dispute(p, 0, 200, 18));
	SIGNS_FRESH(para_dispute(p, 0, 290, 18));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 5000, 18));
	/* it grows into page 1 over the stale one */
	SIGNS_FRESH(para_approvals(p, 64, 6000, 18));
	SIGNS_FRESH(para_approvals(p, 64, 6064, 18));
	REFUSED(TRIAD_ERR_CONFLICT, para_dispute(p, 0, 6127, 18));
	SIGNS_FRESH(para_dispute(p, 0, 150, 18));
}

/*
 * Where the marks are: from offset 284, set:u8 high:u32, 6 logs of
 * (session:u32 count:u32 head[32]), invalid_used:u16, 16 x (session:u32 tag[8]).
 */
TEST(para_mark_keeps_its_sealed_layout)
{
	struct para_log log;
	uint8_t hash[32];
	const uint8_t *slot;

	fresh_key();
	SIGNS_FRESH(para_approvals(p, 2, 0x0a0b, 0x01020304u)); /* slot 0x01020304 % 6 = 4 */
	CHECK_EQ(marks[MARK_OFFSET], 1);
	CHECK(marks[MARK_OFFSET + 1] == 0x04 && marks[MARK_OFFSET + 4] == 0x01);
	slot = marks + MARK_OFFSET + 5 + 4 * 40;
	CHECK(slot[0] == 0x04 && slot[3] == 0x01);
	CHECK(slot[4] == 2 && slot[5] == 0 && slot[7] == 0);
	/* the head is the chain from the start that binds the key and the session */
	para_log_start(&log, key_pk, 0x01020304u);
	CHECK_EQ(log.count, 0);
	para_candidate(hash, 0x0a0b);
	SIGNS_FRESH(para_dispute(p, 0, 0x0c0d, 0x01020304u));
	slot = marks + MARK_OFFSET + 5 + 6 * 40;
	CHECK(slot[0] == 1 && slot[1] == 0); /* entry 0 held */
	CHECK(slot[2] == 0x04 && slot[5] == 0x01);
	CHECK(slot[6] == 0x0d && slot[7] == 0x0c && slot[8] == 0 && slot[13] == 0xc5);
	CHECK_EQ(MARK_OFFSET + 5 + 6 * 40 + 2 + 16 * 12, KEY_MARKS_BYTES);
	/* a page's name: key slot, session slot, page */
	{
		char id[PARA_LOG_ID_BYTES];

		para_log_id(id, 63, 11, 255);
		CHECK(!strcmp(id, "triad-para-63-5-255"));
		para_log_id(id, 7, 0x01020304u, 0);
		CHECK(!strcmp(id, "triad-para-07-4-000"));
	}
	CHECK(mem_store_get(&disk, "triad-para-07-4-000") != NULL);
	CHECK_EQ(mem_store_get(&disk, "triad-para-07-4-000")->len, 32 + 2 * 8);
	CHECK(!memcmp(mem_store_get(&disk, "triad-para-07-4-000")->data, log.head, 32));
	CHECK(!memcmp(mem_store_get(&disk, "triad-para-07-4-000")->data + 32, hash, 8));
}
