// SPDX-License-Identifier: Apache-2.0
/*
 * The VRF round trip through three TA contexts (VRF_PREPARE, VRF_COSIGN,
 * VRF_FINISH): every pair's VRF verifies (with the TA's dleq check, itself
 * checked against the vectors in test_vrf.c), the babe window, tampering in
 * transit, blame, kinds kept to their commands, and the key object format
 * that added the babe-vrf mark.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "core_tests.h"
#include "counter_msg.h"
#include "rules.h"
#include "state.h"
#include "ta_cluster.h"
#include "vrf.h"
#include "vrf_sign.h"
#include "vrf_transcript.h"

static size_t babe_payload(uint8_t buf[48], uint64_t slot, uint64_t epoch)
{
	struct writer w;

	writer_init(&w, buf, 48);
	write_u64(&w, slot);
	write_u64(&w, epoch);
	memset(buf + 16, 0x5a, 32);
	return w.len + 32;
}

/* A 96-byte result verifies for this kind and payload under the group key. */
static int verifies(uint8_t kind, const char *key_type, const uint8_t *payload, size_t len,
		    const uint8_t sig[96])
{
	const struct rule *rule;
	struct rule_claim claim;
	uint8_t H[32];
	uint32_t rc = 0;

	memset(&claim, 0, sizeof(claim));
	rule = rules_find((const uint8_t *)key_type, 0, TRIAD_SCHEME_SR25519, kind, &rc);
	if (!rule || rule->parse(payload, len, &claim) ||
	    vrf_input_point(H, pk_for(key_type), &claim.vrf))
		return 0;
	return vrf_verify(pk_for(key_type), H, sig, sig + 32, sig + 64, &claim.vrf);
}

static const int pairs[][2] = { { 0, 1 }, { 1, 0 }, { 0, 2 }, { 2, 1 }, { 1, 2 }, { 2, 0 } };
#define N_PAIRS (sizeof(pairs) / sizeof(pairs[0]))

TEST(vrf_every_pair_makes_a_verifying_babe_vrf_and_assignments)
{
	/* modulo compact for cores {2, 11}: 12 bits; delay for core 11 */
	static const uint8_t modulo[] = { 0, 0x30, 0x04, 0x08 }, delay[] = { 1, 11, 0, 0, 0 };
	uint8_t payload[64], first[32];
	struct vrf_run res;
	size_t i, len;

	cluster_with_key("babe", 0);
	len = babe_payload(payload, 1000, 3);
	for (i = 0; i < N_PAIRS; i++) {
		vrf_pair(pairs[i][0], pairs[i][1], TRIAD_KIND_BABE_VRF, "babe", payload, len, &res);
		CHECK(res.rc[0] == 0 && res.rc[1] == 0);
		CHECK(verifies(TRIAD_KIND_BABE_VRF, "babe", payload, len, res.result));
		if (i == 0)
			memcpy(first, res.result, 32);
		CHECK_EQ(memcmp(first, res.result, 32), 0); /* one pre-output, whichever pair */
	}
	payload[0] ^= 1; /* another slot: the VRF above does not verify for it */
	CHECK(!verifies(TRIAD_KIND_BABE_VRF, "babe", payload, len, res.result));

	cluster_with_key("asgn", 0);
	for (i = 0; i < N_PAIRS; i++) {
		memset(payload, 0x33, 33);
		memcpy(payload, modulo, 1);
		memcpy(payload + 33, modulo + 1, 3);
		vrf_pair(pairs[i][0], pairs[i][1], TRIAD_KIND_ASSIGNMENT_VRF, "asgn", payload, 36,
			 &res);
		CHECK(res.rc[0] == 0 && res.rc[1] == 0);
		CHECK(verifies(TRIAD_KIND_ASSIGNMENT_VRF, "asgn", payload, 36, res.result));
		payload[0] = delay[0];
		memcpy(payload + 33, delay + 1, 4);
		vrf_pair(pairs[i][0], pairs[i][1], TRIAD_KIND_ASSIGNMENT_VRF, "asgn", payload, 37,
			 &res);
		CHECK(res.rc[0] == 0 && res.rc[1] == 0);
		CHECK(verifies(TRIAD_KIND_ASSIGNMENT_VRF, "asgn", payload, 37, res.result));
	}
}

TEST(vrf_pre_output_from_every_pair_is_the_proofs_pre_output)
{
	uint8_t payload[48], proof_o[32];
	struct vrf_run res;
	size_t i, len;

	cluster_with_key("babe", 0);
	len = babe_payload(payload, 77, 1);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	memcpy(proof_o, res.result, 32);
	for (i = 0; i < N_PAIRS; i++) {
		vrf_pair(pairs[i][0], pairs[i][1], TRIAD_KIND_BABE_VRF_PRE_OUTPUT, "babe", payload,
			 len, &res);
		CHECK(res.rc[0] == 0 && res.rc[1] == 0);
		CHECK_EQ(res.result_len, 32);
		CHECK_EQ(memcmp(res.result, proof_o, 32), 0);
	}
	/* the cosigner's O_k is authenticated by its ack: changed in transit, refused */
	vrf_pair_tampered(0, 2, TRIAD_KIND_BABE_VRF_PRE_OUTPUT, "babe", payload, len,
			  VRF_COSIGNER_PART, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_PEER_AUTH);
}

/* babe-vrf's mark (policy/babe_vrf.c) as TA `ta` sealed it: set:u8 slot:u64 at offset 41. */
static uint64_t vrf_mark(int ta, bool *set)
{
	struct key_record *k = state_find_key(&tas[ta].state, (const uint8_t *)"babe", pk_for("babe"));
	struct reader r;

	reader_init(&r, k->marks + 41, 9);
	*set = read_u8(&r) == 1;
	return read_u64(&r);
}

TEST(vrf_babe_window_refuses_far_slots_and_marks_lazily)
{
	uint8_t payload[48], hdr[BUF];
	struct pair_result sres;
	struct vrf_run res;
	bool set;
	int calls;

	cluster_with_key("babe", 0);
	CHECK_EQ(vrf_mark(0, &set), 0);
	CHECK(!set);
	/* a fresh key: any slot, and the first VRF sets the mark on both TAs */
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 1000000, 9), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK(vrf_mark(0, &set) == 1000000 && set);
	CHECK(vrf_mark(1, &set) == 1000000 && set);
	/* up to the window ahead: served; one further: POLICY, from either TA */
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 1002400, 9), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK_EQ(vrf_mark(0, &set), 1002400); /* 2400 >= the step: recorded */
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 1004801, 9), &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	vrf_pair(0, 2, TRIAD_KIND_BABE_VRF_PRE_OUTPUT, "babe", payload,
		 babe_payload(payload, 1004801, 9), &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	/* TA 2 has seen no slot yet: as coordinator it serves, TA 1 as cosigner refuses */
	vrf_pair(2, 1, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 1004801, 9), &res);
	CHECK_EQ(res.rc[0], 0);
	CHECK_EQ(res.rc[1], TRIAD_ERR_POLICY);
	/* lower slots are always served */
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 5, 0), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	/* lazily: a few slots on, nothing is sealed; 64 on, the mark moves */
	calls = persist_calls;
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 1002410, 9), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK_EQ(persist_calls, calls);
	CHECK_EQ(vrf_mark(0, &set), 1002400);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 1002464, 9), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK(persist_calls > calls);
	CHECK_EQ(vrf_mark(0, &set), 1002464);
	/* a sealed header moves the window too */
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, babe_header(hdr, 2000000, 1), &sres);
	CHECK(sres.rc[0] == 0 && sres.rc[1] == 0);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 2002400, 9), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
}

TEST(vrf_tampered_messages_are_refused)
{
	uint8_t payload[48];
	struct vrf_run res;
	size_t len;

	cluster_with_key("babe", 0);
	len = babe_payload(payload, 50, 1);
	vrf_pair_tampered(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, len, VRF_COORD_PART, &res);
	CHECK_EQ(res.rc[1], TRIAD_ERR_PEER_AUTH);
	vrf_pair_tampered(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, len, VRF_ACK, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_PEER_AUTH);
	vrf_pair_tampered(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, len, VRF_COSIGNER_PART, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_PEER_AUTH);
}

TEST(vrf_bad_cosigner_share_is_blamed)
{
	uint8_t payload[48];
	struct vrf_run res;

	cluster_with_key("babe", 0);
	vrf_pair_tampered(0, 2, TRIAD_KIND_BABE_VRF, "babe", payload, babe_payload(payload, 60, 1),
			  VRF_COSIGNER_Z, &res);
	CHECK_EQ(res.rc[1], 0);
	CHECK_EQ(res.rc[0], TRIAD_ERR_DKG_BLAME(tas[2].state.own_id));
	CHECK_EQ(res.cosigner_id, tas[2].state.own_id);
	/* the preparation is spent: the honest answer cannot finish it now */
	CHECK_EQ(res.result_len, 0);
}

TEST(vrf_kinds_and_commands_do_not_mix)
{
	static uint8_t req[BUF], out[BUF];
	struct frost_commitment set[2];
	uint8_t payload[48], hdr[BUF];
	struct vrf_run res;
	size_t n, out_len;

	cluster_with_key("babe", 0);
	babe_payload(payload, 70, 1);
	/* a VRF kind through SIGN_PREPARE, a signature kind through VRF_PREPARE */
	commit_one(0, "babe", &set[0]);
	commit_one(1, "babe", &set[1]);
	n = sign_request(req, TRIAD_KIND_BABE_VRF, "babe", payload, 48, set, 2);
	CHECK_EQ(run(cmd_sign_prepare, 0, req, n, out, &out_len), TRIAD_ERR_MALFORMED);
	vrf_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, babe_header(hdr, 70, 1), &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	vrf_pair(0, 1, TRIAD_KIND_RAW, "babe", payload, 48, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	/* babe-vrf is for babe keys, assignment-vrf for asgn keys */
	vrf_pair(0, 1, TRIAD_KIND_ASSIGNMENT_VRF, "babe", payload, 37, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	cluster_with_key("asgn", 0);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "asgn", payload, 48, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	vrf_pair(0, 1, 99, "asgn", payload, 48, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
}

TEST(vrf_malformed_payloads_are_refused_and_burn_the_nonce)
{
	/*
	 * CoreBitfields (length, bytes): 10 bits with bit 10 set past them; no core;
	 * a byte short; a non-canonical length; a trailing byte.
	 */
	static const uint8_t bad_bitfields[][4] = {
		{ 3, 0x28, 0x05, 0x06 }, { 3, 0x28, 0x00, 0x00 }, { 2, 0x28, 0x01, 0x00 },
		{ 2, 0x09, 0x00, 0x00 }, { 3, 0x08, 0x01, 0x00 },
	};
	uint8_t payload[64];
	struct frost_commitment set[2];
	struct vrf_run res;
	size_t i;

	cluster_with_key("babe", 0);
	babe_payload(payload, 80, 1);
	commit_one(0, "babe", &set[0]);
	commit_one(1, "babe", &set[1]);
	vrf_pair_set(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, 47, set, VRF_CLEAN, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	vrf_pair_set(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, 48, set, VRF_CLEAN, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_NONCE_UNKNOWN); /* burnt by the refusal above */

	cluster_with_key("asgn", 0);
	memset(payload, 0x44, sizeof(payload));
	for (i = 0; i < sizeof(bad_bitfields) / sizeof(bad_bitfields[0]); i++) {
		payload[0] = 0;
		memcpy(payload + 33, bad_bitfields[i] + 1, bad_bitfields[i][0]);
		vrf_pair(0, 1, TRIAD_KIND_ASSIGNMENT_VRF, "asgn", payload, 33 + bad_bitfields[i][0],
			 &res);
		CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	}
	payload[0] = 2;
	vrf_pair(0, 1, TRIAD_KIND_ASSIGNMENT_VRF, "asgn", payload, 37, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	payload[0] = 1; /* delay with a 3-byte core */
	vrf_pair(0, 1, TRIAD_KIND_ASSIGNMENT_VRF, "asgn", payload, 36, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
}

/*
 * A key object as an older TA sealed it, from this TA's format-6 bytes: no
 * scheme byte (offset 24) and only the first `marks` bytes of marks.
 */
static size_t older_key_object(uint8_t *out, const uint8_t *obj, size_t len, uint8_t format,
			       size_t marks)
{
	memcpy(out, obj, 24);
	memcpy(out + 24, obj + 25, len - 25 - (KEY_MARKS_BYTES - marks));
	out[4] = format;
	return len - 1 - (KEY_MARKS_BYTES - marks);
}

/* As format 5 sealed it: the scheme byte, and the first 284 bytes of marks. */
static size_t format_5_key_object(uint8_t *out, const uint8_t *obj, size_t len)
{
	memcpy(out, obj, len - (KEY_MARKS_BYTES - KEY_MARKS_BYTES_V5));
	out[4] = 5;
	return len - (KEY_MARKS_BYTES - KEY_MARKS_BYTES_V5);
}

TEST(state_reads_format_3_4_and_5_key_objects_without_newer_marks)
{
	static uint8_t obj[STATE_KEY_MAX_ENCODED], old[STATE_KEY_MAX_ENCODED];
	static struct ta_state copy;
	struct key_record *k;
	size_t len, old_len, slot;

	cluster_with_key("babe", 0);
	k = state_find_key(&tas[0].state, (const uint8_t *)"babe", pk_for("babe"));
	CHECK(k != NULL);
	if (!k)
		return;
	slot = state_key_slot(&tas[0].state, k);
	memset(k->marks, 0xab, KEY_MARKS_BYTES_V3);
	memset(k->marks + KEY_MARKS_BYTES_V3, 0xcd, KEY_MARKS_BYTES - KEY_MARKS_BYTES_V3);
	len = state_encode_key(&tas[0].state, slot, obj, sizeof(obj));
	CHECK(len > KEY_MARKS_BYTES);
	CHECK_EQ(obj[4] | obj[5] << 8, 6); /* written as format 6 */
	CHECK_EQ(obj[24], TRIAD_SCHEME_SR25519);
	/* format 6 round trip: every mark byte, the scheme */
	copy = tas[0].state;
	memset(copy.keys[slot].marks, 0, KEY_MARKS_BYTES);
	copy.keys[slot].scheme = 0x55;
	CHECK_EQ(state_decode_key(&copy, slot, obj, len), STATE_KEY_OK);
	CHECK_EQ(memcmp(copy.keys[slot].marks, k->marks, KEY_MARKS_BYTES), 0);
	CHECK_EQ(copy.keys[slot].scheme, TRIAD_SCHEME_SR25519);
	/* as format 5 wrote it: its scheme, 284 bytes of marks, the para-statement mark unset */
	old_len = format_5_key_object(old, obj, len);
	copy = tas[0].state;
	copy.keys[slot].scheme = 0x55;
	CHECK_EQ(state_decode_key(&copy, slot, old, old_len), STATE_KEY_OK);
	CHECK_EQ(copy.keys[slot].scheme, TRIAD_SCHEME_SR25519);
	CHECK_EQ(memcmp(copy.keys[slot].marks, k->marks, KEY_MARKS_BYTES_V5), 0);
	CHECK_EQ(copy.keys[slot].marks[KEY_MARKS_BYTES_V5], 0);
	CHECK_EQ(copy.keys[slot].marks[KEY_MARKS_BYTES - 1], 0);
	/* a format-5 object of format-6 length, or format 6 of format-5 length: refused */
	obj[4] = 5;
	CHECK_EQ(state_decode_key(&copy, slot, obj, len), STATE_KEY_BAD);
	obj[4] = 6;
	old[4] = 6;
	CHECK_EQ(state_decode_key(&copy, slot, old, old_len), STATE_KEY_BAD);
	/* the same key as format 4 wrote it: sr25519, 50 bytes of marks, the grandpa mark unset */
	old_len = older_key_object(old, obj, len, 4, KEY_MARKS_BYTES_V4);
	copy = tas[0].state;
	copy.keys[slot].scheme = 0x55;
	CHECK_EQ(state_decode_key(&copy, slot, old, old_len), STATE_KEY_OK);
	CHECK_EQ(copy.keys[slot].scheme, TRIAD_SCHEME_SR25519);
	CHECK_EQ(memcmp(copy.keys[slot].marks, k->marks, KEY_MARKS_BYTES_V4), 0);
	CHECK_EQ(copy.keys[slot].marks[KEY_MARKS_BYTES_V4], 0);
	CHECK_EQ(copy.keys[slot].marks[KEY_MARKS_BYTES - 1], 0);
	/* and rewritten as format 6 with the scheme when it next changes */
	CHECK_EQ(state_encode_key(&copy, slot, obj, sizeof(obj)), len);
	CHECK_EQ(obj[4], 6);
	CHECK_EQ(obj[24], TRIAD_SCHEME_SR25519);
	/* as format 3 wrote it: 41 bytes of marks, the vrf mark reads unset too */
	old_len = older_key_object(old, obj, len, 3, KEY_MARKS_BYTES_V3);
	copy = tas[0].state;
	CHECK_EQ(state_decode_key(&copy, slot, old, old_len), STATE_KEY_OK);
	CHECK_EQ(memcmp(copy.keys[slot].marks, k->marks, KEY_MARKS_BYTES_V3), 0);
	CHECK_EQ(copy.keys[slot].marks[KEY_MARKS_BYTES_V3], 0);
	CHECK_EQ(copy.keys[slot].marks[KEY_MARKS_BYTES - 1], 0);
	CHECK_EQ(copy.keys[slot].scheme, TRIAD_SCHEME_SR25519);
	/* a format-3 object of format-4 length, an unknown format, an unknown scheme: refused */
	old_len = older_key_object(old, obj, len, 4, KEY_MARKS_BYTES_V4);
	old[4] = 3;
	copy = tas[0].state;
	CHECK_EQ(state_decode_key(&copy, slot, old, old_len), STATE_KEY_BAD);
	obj[4] = 7;
	CHECK_EQ(state_decode_key(&copy, slot, obj, len), STATE_KEY_BAD);
	obj[4] = 6;
	obj[24] = 2;
	CHECK_EQ(state_decode_key(&copy, slot, obj, len), STATE_KEY_BAD);
	memset(k->marks, 0, KEY_MARKS_BYTES);
}
