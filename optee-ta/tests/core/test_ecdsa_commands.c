// SPDX-License-Identifier: Apache-2.0
/*
 * A `beef` key through the TA's commands among three TA contexts: the DKG
 * makes a secp256k1 key (33-byte group key, shares checked like every key's),
 * every pair signs BEEFY commitments with one ECDSA signature that recovers
 * the group key, the key signs nothing else but ownership proofs and refuses
 * every FROST command, and a cosigner's weighted share that was altered, cut
 * or replayed is refused without a signature.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "core_tests.h"
#include "counter_msg.h"
#include "ecdsa_sign.h"
#include "keccak.h"
#include "secp256k1_ops.h"
#include "ta_cluster.h"

#define SIG_BYTES SECP_ECDSA_RECOVERABLE_BYTES
#define SHARE_BYTES (1 + 2 + 12 + 48) /* WeightedShare */

static const int pairs[6][2] = { { 0, 1 }, { 1, 0 }, { 0, 2 }, { 2, 0 }, { 1, 2 }, { 2, 1 } };

/* Commitment { payload: [("mh", root)], block_number, validator_set_id }, SCALE. */
static size_t beefy_payload(uint8_t *buf, uint8_t root_tag, uint32_t block, uint64_t set_id)
{
	struct writer w;

	writer_init(&w, buf, 64);
	write_u8(&w, 1 << 2); /* compact(1): one entry */
	write_bytes(&w, "mh", 2);
	write_u8(&w, 32 << 2); /* compact(32) */
	memset(buf + w.len, root_tag, 32);
	w.len += 32;
	write_u32(&w, block);
	write_u64(&w, set_id);
	return w.len;
}

struct ecdsa_run {
	uint32_t rc[2]; /* [0]: coordinator (prepare, then finish), [1]: cosigner */
	uint8_t sig[SIG_BYTES];
};

/* What ecdsa_pair_with changes in transit. */
enum ecdsa_tamper { ECDSA_CLEAN, ECDSA_BOX, ECDSA_SHARE_FROM, ECDSA_SHARE_CUT };

/* SIGN_REQUEST for an ECDSA key: the signers by identifier alone. */
static size_t ecdsa_request(uint8_t *buf, uint8_t kind, const char *key_type, const uint8_t *p,
			    size_t p_len, int a, int b)
{
	const uint16_t ida = tas[a].state.own_id, idb = tas[b].state.own_id;
	struct writer w;

	writer_init(&w, buf, BUF);
	write_u8(&w, TRIAD_TAG_SIGN_REQUEST);
	write_u8(&w, kind);
	write_bytes(&w, key_type, 4);
	write_bytes(&w, pk_for(key_type), key_type_pk_bytes((const uint8_t *)key_type));
	write_u32(&w, (uint32_t)p_len);
	write_bytes(&w, p, p_len);
	write_u8(&w, TRIAD_TAG_SIGNING_SET);
	write_u16(&w, 2);
	write_u16(&w, ida < idb ? ida : idb);
	write_u16(&w, ida < idb ? idb : ida);
	return w.len;
}

/* The last ECDSA_FINISH request ecdsa_pair_with sent, to replay it. */
static uint8_t last_finish[2 * BUF];
static size_t last_finish_len;

/* The ECDSA round trip, `a` coordinating, `b` cosigning, as the host relays it. */
static void ecdsa_pair_with(int a, int b, uint8_t kind, const char *key_type, const uint8_t *p,
			    size_t p_len, struct ecdsa_run *res, enum ecdsa_tamper tamper)
{
	static uint8_t req[BUF], wrapped[2 * BUF], share[SHARE_BYTES + 1];
	uint8_t out[BUF], ack[COUNTER_ACK_BYTES];
	size_t n, w, out_len, share_len = SHARE_BYTES;

	memset(res, 0, sizeof(*res));
	n = ecdsa_request(req, kind, key_type, p, p_len, a, b);
	res->rc[0] = run(cmd_ecdsa_prepare, a, req, n, out, &out_len);
	res->rc[1] = TRIAD_ERR_BAD_STATE; /* the cosigner is not asked without an update */
	if (res->rc[0])
		return;
	CHECK_EQ(out_len, 2 + COUNTER_UPDATE_BYTES);
	w = wrap_request(wrapped, TRIAD_TAG_COSIGN_REQUEST, req, n, out + 2, COUNTER_UPDATE_BYTES);
	res->rc[1] = run(cmd_ecdsa_cosign, b, wrapped, w, out, &out_len);
	if (res->rc[1])
		return;
	/* ECDSA_COSIGN_RESULT: tag, WeightedShare, ack */
	CHECK_EQ(out_len, 1 + SHARE_BYTES + COUNTER_ACK_BYTES);
	CHECK_EQ(out[0], TRIAD_TAG_ECDSA_COSIGN_RESULT);
	CHECK_EQ(out[1], TRIAD_TAG_ECDSA_WEIGHTED_SHARE);
	memcpy(share, out + 1, SHARE_BYTES);
	memcpy(ack, out + 1 + SHARE_BYTES, sizeof(ack));
	if (tamper == ECDSA_BOX)
		share[SHARE_BYTES - 1] ^= 1;
	if (tamper == ECDSA_SHARE_FROM)
		share[1] ^= 3;
	if (tamper == ECDSA_SHARE_CUT)
		share_len--;
	n = wrap_request(wrapped, TRIAD_TAG_ECDSA_FINISH_REQUEST, req, n, ack, sizeof(ack));
	memcpy(wrapped + n, share, share_len);
	memcpy(last_finish, wrapped, n + share_len);
	last_finish_len = n + share_len;
	res->rc[0] = run(cmd_ecdsa_finish, a, wrapped, n + share_len, out, &out_len);
	if (res->rc[0] == 0) {
		CHECK_EQ(out_len, 1 + SIG_BYTES);
		CHECK_EQ(out[0], TRIAD_TAG_ECDSA_SIGNATURE);
		memcpy(res->sig, out + 1, SIG_BYTES);
	}
}

/* 1 when the signature over keccak-256(p) recovers the beef key. */
static int recovers_group_key(const uint8_t sig[SIG_BYTES], const uint8_t *p, size_t p_len)
{
	uint8_t prehash[32], pk[SECP_POINT_BYTES];

	keccak256(prehash, p, p_len);
	return !secp_ecdsa_recover(pk, sig, prehash) && !memcmp(pk, pk_for("beef"), sizeof(pk));
}

static uint32_t refusal(const struct ecdsa_run *res)
{
	return res->rc[0] ? res->rc[0] : res->rc[1];
}

TEST(beef_dkg_makes_a_secp256k1_key_and_every_pair_signs_the_same_ecdsa_signature)
{
	uint8_t p[64], first[SIG_BYTES], out[BUF];
	struct ecdsa_run res;
	size_t len, out_len;
	int i, k;

	cluster_with_key("beef", 0);
	/* one group key at all three, SEC1 compressed; each share is its public share's */
	for (i = 0; i < 3; i++) {
		const struct key_record *key = state_find_key(&tas[i].state,
							      (const uint8_t *)"beef", pk_for("beef"));
		uint8_t check[SECP_POINT_BYTES];

		CHECK(key != NULL);
		CHECK_EQ(key->scheme, TRIAD_SCHEME_ECDSA);
		CHECK(secp_point_is_valid(key->group_pk));
		CHECK_EQ(pub_len[i], 1 + 2 + 2 + 33 + 3 * (2 + 33));
		CHECK(!memcmp(pub_pkg[i], pub_pkg[0], pub_len[0]));
		CHECK_EQ(secp_point_mul_base(check, key->share), 0);
		for (k = 0; k < key->n; k++)
			if (key->ids[k] == key->own_id)
				CHECK(!memcmp(check, key->verifying[k], sizeof(check)));
	}
	/* RFC 6979: one key, one message, one signature, whichever two TAs made it */
	len = beefy_payload(p, 0x11, 100, 3);
	for (i = 0; i < 6; i++) {
		ecdsa_pair_with(pairs[i][0], pairs[i][1], TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len,
				&res, ECDSA_CLEAN);
		CHECK_EQ(refusal(&res), 0);
		CHECK(recovers_group_key(res.sig, p, len));
		CHECK(res.sig[64] <= 1);
		if (i == 0)
			memcpy(first, res.sig, sizeof(first));
		CHECK(!memcmp(res.sig, first, sizeof(first)));
	}
	/* the FROST commands refuse the key: it has no nonces and makes no Schnorr signature */
	len = commit_request(out, "beef", 1);
	CHECK_EQ(run(cmd_commit_nonces, 0, out, len, out, &out_len), TRIAD_ERR_POLICY);
}

TEST(beef_key_signs_ownership_proofs_and_refuses_every_other_kind)
{
	static const uint8_t owner[32] = { 0x51, 0x52 };
	uint8_t statement[36], prehash[32], pk[SECP_POINT_BYTES], p[64];
	struct ecdsa_run res;
	size_t len;

	cluster_with_key("beef", 0);
	/* ecdsa::Pair::sign: blake2-256 of "POP_" || owner */
	ecdsa_pair_with(0, 2, TRIAD_KIND_OWNERSHIP_PROOF, "beef", owner, sizeof(owner), &res,
			ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), 0);
	memcpy(statement, "POP_", 4);
	memcpy(statement + 4, owner, sizeof(owner));
	crypto_generichash_blake2b(prehash, 32, statement, sizeof(statement), NULL, 0);
	CHECK_EQ(secp_ecdsa_recover(pk, res.sig, prehash), 0);
	CHECK(!memcmp(pk, pk_for("beef"), sizeof(pk)));

	len = babe_header(p, 7, 1);
	ecdsa_pair_with(0, 1, TRIAD_KIND_BABE_SEAL, "beef", p, len, &res, ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), TRIAD_ERR_POLICY);
	ecdsa_pair_with(0, 1, TRIAD_KIND_RAW, "beef", p, len, &res, ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), TRIAD_ERR_POLICY);
	/* not a commitment: MALFORMED at the coordinator, nothing marked */
	ecdsa_pair_with(0, 1, TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len, &res, ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), TRIAD_ERR_MALFORMED);

	/* the ECDSA commands refuse every other key */
	CHECK_EQ(add_key("babe", 0), 0);
	len = babe_header(p, 7, 1);
	ecdsa_pair_with(0, 1, TRIAD_KIND_BABE_SEAL, "babe", p, len, &res, ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), TRIAD_ERR_POLICY);
}

TEST(beef_racing_payloads_at_two_coordinators_never_both_sign)
{
	uint8_t pa[64], pb[64];
	struct ecdsa_run ra, rb;
	size_t la, lb;
	uint32_t block;
	int signed_a, signed_b;

	cluster_with_key("beef", 0);
	for (block = 10; block < 40; block++) {
		/* two validators, two coordinators, the same (set, block), different payloads */
		const int a = (int)(block % 3), b = (a + 1) % 3, c = (a + 2) % 3;

		la = beefy_payload(pa, 0xa0, block, 1);
		lb = beefy_payload(pb, 0xb0, block, 1);
		ecdsa_pair_with(a, b, TRIAD_KIND_BEEFY_COMMITMENT, "beef", pa, la, &ra, ECDSA_CLEAN);
		ecdsa_pair_with(c, block % 2 ? a : b, TRIAD_KIND_BEEFY_COMMITMENT, "beef", pb, lb,
				&rb, ECDSA_CLEAN);
		signed_a = !refusal(&ra) && recovers_group_key(ra.sig, pa, la);
		signed_b = !refusal(&rb) && recovers_group_key(rb.sig, pb, lb);
		CHECK(signed_a + signed_b == 1);
		CHECK(signed_a || refusal(&ra) == TRIAD_ERR_CONFLICT);
		CHECK(signed_b || refusal(&rb) == TRIAD_ERR_CONFLICT);
	}
	/* an older block, and an older set, regress */
	la = beefy_payload(pa, 0xa0, 5, 1);
	ecdsa_pair_with(0, 1, TRIAD_KIND_BEEFY_COMMITMENT, "beef", pa, la, &ra, ECDSA_CLEAN);
	CHECK_EQ(refusal(&ra), TRIAD_ERR_REGRESSION);
	la = beefy_payload(pa, 0xa0, 50, 2);
	ecdsa_pair_with(0, 1, TRIAD_KIND_BEEFY_COMMITMENT, "beef", pa, la, &ra, ECDSA_CLEAN);
	CHECK_EQ(refusal(&ra), 0);
	la = beefy_payload(pa, 0xa0, 60, 1);
	ecdsa_pair_with(1, 2, TRIAD_KIND_BEEFY_COMMITMENT, "beef", pa, la, &ra, ECDSA_CLEAN);
	CHECK_EQ(refusal(&ra), TRIAD_ERR_REGRESSION);
}

TEST(beef_an_altered_cut_or_replayed_weighted_share_signs_nothing)
{
	uint8_t p[64], out[BUF];
	struct ecdsa_run res;
	size_t len, out_len;

	cluster_with_key("beef", 0);
	len = beefy_payload(p, 0x21, 7, 1);
	/* a box that does not open blames its sender (TA 1 here, identifier 2) */
	ecdsa_pair_with(0, 1, TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len, &res, ECDSA_BOX);
	CHECK_EQ(res.rc[1], 0);
	CHECK_EQ(res.rc[0], TRIAD_ERR_DKG_BLAME(tas[1].state.own_id));
	/* a share labelled with another sender than the ack's, or cut short: MALFORMED */
	ecdsa_pair_with(0, 1, TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len, &res, ECDSA_SHARE_FROM);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	ecdsa_pair_with(0, 1, TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len, &res, ECDSA_SHARE_CUT);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	/* the identical repeat still signs (the marks allow it), once per preparation */
	ecdsa_pair_with(0, 1, TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len, &res, ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), 0);
	CHECK(recovers_group_key(res.sig, p, len));
	/* finishing a preparation a second time: it is gone, nothing is signed again */
	CHECK_EQ(run(cmd_ecdsa_finish, 0, last_finish, last_finish_len, out, &out_len),
		 TRIAD_ERR_NONCE_UNKNOWN);
}

TEST(beef_refresh_keeps_the_key_and_its_signature_and_the_store_keeps_both)
{
	uint8_t p[64], before[SIG_BYTES], group[SECP_POINT_BYTES], share0[32];
	struct ecdsa_run res;
	size_t len;

	cluster_with_key("beef", 0);
	len = beefy_payload(p, 0x31, 9, 1);
	ecdsa_pair_with(1, 2, TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len, &res, ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), 0);
	memcpy(before, res.sig, sizeof(before));
	memcpy(group, pk_for("beef"), sizeof(group));
	memcpy(share0, state_find_key(&tas[0].state, (const uint8_t *)"beef", group)->share, 32);

	refresh_key("beef");
	CHECK(!memcmp(pk_for("beef"), group, sizeof(group)));
	CHECK(memcmp(state_find_key(&tas[0].state, (const uint8_t *)"beef", group)->share, share0,
		     32));
	/* new shares, the same key: the same deterministic signature, from another pair */
	ecdsa_pair_with(0, 2, TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len, &res, ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), 0);
	CHECK(!memcmp(res.sig, before, sizeof(before)));
	/* and the marks came through: the block below is still a regression */
	len = beefy_payload(p, 0x31, 8, 1);
	ecdsa_pair_with(0, 2, TRIAD_KIND_BEEFY_COMMITMENT, "beef", p, len, &res, ECDSA_CLEAN);
	CHECK_EQ(refusal(&res), TRIAD_ERR_REGRESSION);

	/* sealed and read back: 33-byte points in the core's index and in the key object */
	{
		static uint8_t core[STATE_CORE_MAX_ENCODED], obj[STATE_KEY_MAX_ENCODED];
		static struct ta_state back;
		const struct key_record *key = state_find_key(&tas[0].state, (const uint8_t *)"beef",
							      group);
		const size_t slot = state_key_slot(&tas[0].state, key);
		size_t core_len = state_encode_core(&tas[0].state, core, sizeof(core));
		size_t obj_len = state_encode_key(&tas[0].state, slot, obj, sizeof(obj));

		CHECK(core_len > 0 && obj_len > 0);
		memset(&back, 0, sizeof(back));
		CHECK(state_decode_core(&back, core, core_len));
		CHECK_EQ(state_decode_key(&back, slot, obj, obj_len), STATE_KEY_OK);
		CHECK(!memcmp(&back.keys[slot], key, sizeof(*key)));
		/* a cut key object is refused */
		CHECK_EQ(state_decode_key(&back, slot, obj, obj_len - 1), STATE_KEY_BAD);
	}
}
