// SPDX-License-Identifier: Apache-2.0
/*
 * A `para` key through the TA's commands among three TA contexts, each with
 * its own object store: the DKG makes an sr25519 key, every pair signs every
 * form of para statement through prepare, cosign and finish (the signature
 * verifies under schnorrkel over the payload as it is), the key signs nothing
 * else but ownership proofs, and the rule holds across coordinators: a
 * valid-side statement at one pair and an invalid-side one at another for
 * one (session, candidate) never both sign, since any two pairs of three TAs
 * share one. A refused or unsealed statement changes nothing.
 */
#include <string.h>

#include <sodium.h>

#include "core_tests.h"
#include "para_payload.h"
#include "store.h"
#include "ta_cluster.h"

static const int pairs[6][2] = { { 0, 1 }, { 1, 0 }, { 0, 2 }, { 2, 0 }, { 1, 2 }, { 2, 1 } };

/* R || (z_a + z_b) with schnorrkel's marker, verified under the para key. */
static int verifies(const struct pair_result *res, const uint8_t *msg, size_t len)
{
	uint8_t sig[64];

	memcpy(sig, res->R, 32);
	crypto_core_ristretto255_scalar_add(sig + 32, res->z[0], res->z[1]);
	sig[63] |= 0x80;
	return test_sr25519_verify(sig, msg, len, pk_for("para"));
}

/* The pair a, b signs; 1 when both TAs agreed and the signature verifies. */
static int signs(int a, int b, const uint8_t *p, size_t len, struct pair_result *res)
{
	sign_pair(a, b, TRIAD_KIND_PARA_STATEMENT, "para", p, len, res);
	return !res->rc[0] && !res->rc[1] && verifies(res, p, len);
}

static uint32_t refusal(const struct pair_result *res)
{
	return res->rc[0] ? res->rc[0] : res->rc[1];
}

TEST(para_dkg_makes_an_sr25519_key_and_every_pair_signs_every_form)
{
	uint8_t p[PARA_PAYLOAD_MAX], out[BUF];
	struct pair_result res;
	size_t len[7], out_len;
	int i, f;

	cluster_with_key("para", 0);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(tas[i].state.keys[0].scheme, TRIAD_SCHEME_SR25519);
		CHECK_EQ(run(cmd_get_info, i, NULL, 0, out, &out_len), 0);
		CHECK(out_len > 52 && !memcmp(out + 47, "para", 4));
		CHECK_EQ(out[51], 0); /* slashable, sr25519: no flag */
	}
	for (i = 0; i < 6; i++)
		for (f = 0; f < 7; f++) {
			uint32_t session = 40 + (uint32_t)i, cand = 100 * (uint32_t)i + (uint32_t)f;

			len[f] = f == 0   ? para_backing(p, 1, cand, session)
				 : f == 1 ? para_backing(p, 2, cand, session)
				 : f == 2 ? para_bitfield(p, 100, session)
				 : f == 3 ? para_dispute(p, (uint8_t)(i & 1), cand, session)
				 : f == 4 ? para_approval(p, cand, session)
				 : f == 5 ? para_approvals(p, 5, cand, session)
					  : para_pvf_check(p, 1, session, 17);
			CHECK(signs(pairs[i][0], pairs[i][1], p, len[f], &res));
			/* the signature is over the payload as it is: another byte does not verify */
			p[len[f] - 1] ^= 1;
			CHECK(!verifies(&res, p, len[f]));
		}
	/* each TA logged what it signed: pages under its own key slot */
	for (i = 0; i < 3; i++)
		CHECK(mem_store_count(&ta_disks[i], "triad-para-00-") > 0);
}

TEST(para_key_signs_ownership_proofs_and_refuses_every_other_kind)
{
	static const uint8_t owner[32] = { 0x0a, 0x0b, 0x0c };
	uint8_t p[PARA_PAYLOAD_MAX], hdr[BUF], vrf[48] = { 1 };
	struct pair_result res;
	struct vrf_run vres;
	size_t len;

	cluster_with_key("para", 0);
	sign_pair(1, 2, TRIAD_KIND_OWNERSHIP_PROOF, "para", owner, sizeof(owner), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	len = babe_header(hdr, 5, 1);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "para", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	sign_pair(0, 1, TRIAD_KIND_RAW, "para", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "para", vrf, sizeof(vrf), &vres);
	CHECK_EQ(vres.rc[0], TRIAD_ERR_POLICY);
	vrf_pair(0, 1, TRIAD_KIND_ASSIGNMENT_VRF, "para", vrf, sizeof(vrf), &vres);
	CHECK_EQ(vres.rc[0], TRIAD_ERR_POLICY);
	len = para_approval(p, 1, 1);
	sign_pair(0, 1, TRIAD_KIND_GRANDPA_VOTE, "para", p, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	/* a para statement is a signature: VRF_PREPARE refuses it */
	vrf_pair(0, 1, TRIAD_KIND_PARA_STATEMENT, "para", p, len, &vres);
	CHECK_EQ(vres.rc[0], TRIAD_ERR_MALFORMED);
	/* and no other key signs a para statement */
	CHECK_EQ(add_key("babe", 0), 0);
	sign_pair(0, 1, TRIAD_KIND_PARA_STATEMENT, "babe", p, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	/* malformed: a byte short, a byte more, a bad bool */
	sign_pair(0, 1, TRIAD_KIND_PARA_STATEMENT, "para", p, len - 1, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	sign_pair(0, 1, TRIAD_KIND_PARA_STATEMENT, "para", p, len + 1, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	len = para_dispute(p, 2, 1, 1);
	sign_pair(0, 1, TRIAD_KIND_PARA_STATEMENT, "para", p, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
}

/*
 * Two hosts race an approval and an invalid dispute vote on one candidate
 * at different pairs: only the first signs; the other is refused by the TA
 * the two pairs share (CONFLICT), whichever side came first.
 */
TEST(para_racing_sides_at_two_coordinators_never_both_sign)
{
	uint8_t p[PARA_PAYLOAD_MAX];
	struct pair_result res;
	uint32_t cand;
	int first, second, valid;
	size_t len;

	cluster_with_key("para", 0);
	for (cand = 1; cand <= 24; cand++) {
		first = (int)(cand % 6);
		second = (int)((cand * 5 + 3) % 6);
		if (pairs[first][0] == pairs[second][0] && pairs[first][1] == pairs[second][1])
			second = (second + 2) % 6;
		len = cand & 1 ? para_approval(p, cand, 70) : para_dispute(p, 0, cand, 70);
		valid = signs(pairs[first][0], pairs[first][1], p, len, &res);
		CHECK(valid);
		len = cand & 1 ? para_dispute(p, 0, cand, 70) : para_backing(p, 2, cand, 70);
		valid += signs(pairs[second][0], pairs[second][1], p, len, &res);
		CHECK_EQ(valid, 1);
		CHECK_EQ(refusal(&res), TRIAD_ERR_CONFLICT);
		/* the first side repeats at its pair: it signs again */
		len = cand & 1 ? para_approval(p, cand, 70) : para_dispute(p, 0, cand, 70);
		CHECK(signs(pairs[first][1], pairs[first][0], p, len, &res));
	}
}

TEST(para_window_regresses_and_refresh_keeps_the_marks_and_the_logs)
{
	static struct key_record before[3];
	uint8_t p[PARA_PAYLOAD_MAX];
	struct pair_result res;
	int i;

	cluster_with_key("para", 0);
	CHECK(signs(0, 1, p, para_approvals(p, 3, 10, 100), &res));
	CHECK(signs(1, 2, p, para_backing(p, 1, 20, 100), &res));
	CHECK(signs(2, 0, p, para_approval(p, 30, 95), &res)); /* in the window */
	CHECK(!signs(0, 2, p, para_approval(p, 30, 94), &res));
	CHECK_EQ(refusal(&res), TRIAD_ERR_REGRESSION);
	CHECK(!signs(1, 0, p, para_bitfield(p, 8, 94), &res));
	CHECK_EQ(refusal(&res), TRIAD_ERR_REGRESSION);
	/* a refresh keeps the group key and the marks; the logs on disk stay theirs */
	for (i = 0; i < 3; i++)
		before[i] = tas[i].state.keys[0];
	refresh_key("para");
	for (i = 0; i < 3; i++) {
		const struct key_record *k = &tas[i].state.keys[0];

		CHECK(!memcmp(k->group_pk, before[i].group_pk, 32));
		CHECK(memcmp(k->share, before[i].share, 32) != 0);
		CHECK(!memcmp(k->marks, before[i].marks, KEY_MARKS_BYTES));
	}
	for (i = 0; i < 6; i++) {
		CHECK(!signs(pairs[i][0], pairs[i][1], p, para_dispute(p, 0, 11, 100), &res));
		CHECK_EQ(refusal(&res), TRIAD_ERR_CONFLICT);
	}
	CHECK(!signs(0, 1, p, para_dispute(p, 0, 20, 100), &res));
	CHECK_EQ(refusal(&res), TRIAD_ERR_CONFLICT);
	CHECK(signs(0, 1, p, para_dispute(p, 0, 13, 100), &res));
	CHECK(signs(1, 2, p, para_approvals(p, 2, 14, 100), &res));
}

/*
 * What a statement writes comes before the key's object is sealed, and a
 * refusal or a failed seal leaves the key as it was: the counter does not
 * move, no share leaves, and once storage works the same statement signs.
 */
TEST(para_a_refused_or_unsealed_statement_changes_nothing)
{
	uint8_t p[PARA_PAYLOAD_MAX], marks[KEY_MARKS_BYTES];
	struct pair_result res;
	uint64_t counter;
	int calls;
	size_t len;

	cluster_with_key("para", 0);
	CHECK(signs(0, 1, p, para_dispute(p, 0, 5, 60), &res));
	memcpy(marks, tas[0].state.keys[0].marks, KEY_MARKS_BYTES);
	counter = tas[0].state.counter;
	calls = persist_calls;
	/* refused by the rule: nothing sealed, nothing moved */
	CHECK(!signs(0, 1, p, para_approvals(p, 3, 4, 60), &res));
	CHECK_EQ(res.rc[0], TRIAD_ERR_CONFLICT);
	CHECK_EQ(persist_calls, calls);
	CHECK_EQ(tas[0].state.counter, counter);
	CHECK(!memcmp(tas[0].state.keys[0].marks, marks, KEY_MARKS_BYTES));
	/* a page that cannot be written: STORAGE, nothing sealed */
	ta_disks[0].fail_prefix = "triad-para-";
	CHECK(!signs(0, 1, p, para_approval(p, 9, 60), &res));
	CHECK_EQ(res.rc[0], TRIAD_ERR_STORAGE);
	CHECK_EQ(persist_calls, calls);
	CHECK_EQ(tas[0].state.counter, counter);
	ta_disks[0].fail_prefix = NULL;
	/* the page written, the key's object not: undone, the uncounted tag never read */
	persist_fails = 1;
	len = para_approval(p, 9, 60);
	CHECK(!signs(0, 1, p, len, &res));
	CHECK_EQ(res.rc[0], TRIAD_ERR_STORAGE);
	CHECK_EQ(tas[0].state.counter, counter);
	CHECK(!memcmp(tas[0].state.keys[0].marks, marks, KEY_MARKS_BYTES));
	persist_fails = 0;
	/* TA 0 never counted 9: an invalid vote on it signs where TA 1 has not seen it either */
	CHECK(signs(0, 2, p, para_dispute(p, 0, 9, 60), &res));
	CHECK(!signs(0, 1, p, para_approval(p, 9, 60), &res));
	CHECK_EQ(refusal(&res), TRIAD_ERR_CONFLICT);
	/* a TA without storage for the logs refuses every para statement */
	tas[2].io = NULL;
	CHECK(!signs(2, 0, p, para_bitfield(p, 8, 60), &res));
	CHECK_EQ(res.rc[0], TRIAD_ERR_STORAGE);
	CHECK(!signs(0, 2, p, para_approval(p, 77, 60), &res));
	CHECK_EQ(res.rc[0], 0);
	CHECK_EQ(res.rc[1], TRIAD_ERR_STORAGE);
	tas[2].io = &mem_store_io;
	CHECK(signs(0, 2, p, para_approval(p, 77, 60), &res));
}

/* Seals into the TA's own store (run() makes it current): key objects and pages side by side. */
static int disk_persist(const struct ta_state *s, int slot)
{
	return store_persist(&mem_store_io, s, slot) ? -1 : 0;
}

/*
 * A para key sealed by a TA of key format 5 (284 bytes of marks, none of them
 * para-statement's) loads with its para marks unset, signs, and is sealed
 * again as format 6 with them; loaded again, they hold.
 */
TEST(para_key_format_5_object_migrates_through_the_store_to_format_6)
{
	static struct ta_state loaded;
	static uint8_t obj[STATE_KEY_MAX_ENCODED];
	uint8_t p[PARA_PAYLOAD_MAX];
	struct pair_result res;
	struct mem_store_object *o;
	size_t len6 = 0, len5;

	cluster_with_key("para", 0);
	mem_store_use(&ta_disks[0]);
	CHECK_EQ(store_persist(&mem_store_io, &tas[0].state, STORE_ALL_KEYS), 0);
	o = mem_store_get(&ta_disks[0], "triad-key-00");
	CHECK(o != NULL);
	if (!o)
		return;
	CHECK_EQ(o->data[4], 6);
	len6 = o->len;
	len5 = len6 - (KEY_MARKS_BYTES - KEY_MARKS_BYTES_V5);
	memcpy(obj, o->data, len5);
	obj[4] = 5;
	CHECK_EQ(mem_store_put(&ta_disks[0], "triad-key-00", obj, len5), 0);
	CHECK_EQ(store_load(&mem_store_io, &loaded), 0);
	CHECK(loaded.keys[0].present && !memcmp(loaded.keys[0].key_type, "para", 4));
	CHECK(!memcmp(loaded.keys[0].share, tas[0].state.keys[0].share, 32));
	CHECK(!memcmp(loaded.keys[0].marks, tas[0].state.keys[0].marks, KEY_MARKS_BYTES));
	/* it signs from the loaded state, and is sealed as format 6 */
	tas[0].state = loaded;
	tas[0].persist = disk_persist;
	CHECK(signs(0, 1, p, para_approval(p, 1, 5), &res));
	o = mem_store_get(&ta_disks[0], "triad-key-00");
	CHECK(o != NULL && o->data[4] == 6 && o->len == len6);
	mem_store_use(&ta_disks[0]);
	CHECK_EQ(store_load(&mem_store_io, &loaded), 0);
	CHECK(!memcmp(loaded.keys[0].marks, tas[0].state.keys[0].marks, KEY_MARKS_BYTES));
	CHECK(loaded.keys[0].marks[284] == 1);
	tas[0].state = loaded;
	CHECK(!signs(0, 2, p, para_dispute(p, 0, 1, 5), &res));
	CHECK_EQ(res.rc[0], TRIAD_ERR_CONFLICT);
	sodium_memzero(&loaded, sizeof(loaded));
}
