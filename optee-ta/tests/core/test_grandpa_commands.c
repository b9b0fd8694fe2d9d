// SPDX-License-Identifier: Apache-2.0
/*
 * A `gran` key through the TA's commands among three TA contexts: the DKG
 * makes an ed25519 key, every pair signs GRANDPA votes that libsodium's RFC
 * 8032 verifier accepts, the key signs nothing else but ownership proofs,
 * and the grandpa-vote rule holds across coordinators: two coordinators
 * racing different targets for one (set_id, round, stage) never both get a
 * signature, since any two pairs of three TAs share one.
 */
#include <string.h>

#include <sodium.h>

#include "grandpa_payload.h"
#include "core_tests.h"
#include "frost.h"
#include "ta_cluster.h"

#define PREVOTE GRANDPA_PREVOTE
#define PRECOMMIT GRANDPA_PRECOMMIT
#define PRIMARY_PROPOSE GRANDPA_PRIMARY_PROPOSE

static const int pairs[6][2] = { { 0, 1 }, { 1, 0 }, { 0, 2 }, { 2, 0 }, { 1, 2 }, { 2, 1 } };

/* R || (z_a + z_b): an RFC 8032 signature, no marker. */
static void ed25519_signature_of(uint8_t sig[64], const struct pair_result *res)
{
	memcpy(sig, res->R, 32);
	crypto_core_ed25519_scalar_add(sig + 32, res->z[0], res->z[1]);
}

/* The pair a, b signs the vote; 1 when both TAs agreed and libsodium verifies it. */
static int signs_vote(int a, int b, uint8_t stage, uint8_t tag, uint32_t number, uint64_t round,
		      uint64_t set_id, struct pair_result *res)
{
	uint8_t p[64], sig[64];
	size_t len = grandpa_payload(p, stage, tag, number, round, set_id);

	sign_pair(a, b, TRIAD_KIND_GRANDPA_VOTE, "gran", p, len, res);
	if (res->rc[0] || res->rc[1])
		return 0;
	ed25519_signature_of(sig, res);
	return test_ed25519_verify(sig, p, len, pk_for("gran"));
}

/* The refusal of a pair that did not sign: the coordinator's, else the cosigner's. */
static uint32_t refusal(const struct pair_result *res)
{
	return res->rc[0] ? res->rc[0] : res->rc[1];
}

TEST(gran_dkg_makes_an_ed25519_key_and_every_pair_signs_votes_rfc8032_verifies)
{
	uint8_t p[64], sig[64], check[32], out[BUF];
	struct frost_signing_values v;
	struct pair_result res;
	size_t len, out_len;
	int i, j;

	cluster_with_key("gran", 0);
	for (i = 0; i < 3; i++) {
		const struct key_record *k = &tas[i].state.keys[0];

		CHECK_EQ(k->scheme, TRIAD_SCHEME_ED25519);
		CHECK(!memcmp(k->group_pk, tas[0].state.keys[0].group_pk, 32));
		CHECK(ed25519_point_ok(k->group_pk));
		/* the public shares are Edwards points of the shares */
		CHECK_EQ(crypto_scalarmult_ed25519_base_noclamp(check, k->share), 0);
		for (j = 0; j < 3; j++)
			if (k->ids[j] == k->own_id)
				CHECK(!memcmp(check, k->verifying[j], 32));
		CHECK(!memcmp(pub_pkg[i], pub_pkg[0], pub_len[0]));
		/* GET_INFO: the key's flags byte says ed25519 (header 47 bytes, then key_type[4]) */
		CHECK_EQ(run(cmd_get_info, i, NULL, 0, out, &out_len), 0);
		CHECK(out_len > 52 && !memcmp(out + 47, "gran", 4));
		CHECK_EQ(out[51], TRIAD_INFO_FLAG_ED25519);
	}
	for (i = 0; i < 6; i++) {
		len = grandpa_payload(p, (uint8_t)(i % 3), (uint8_t)(0x10 + i), 1000u + (uint32_t)i,
			   100 + (uint64_t)i, 7);
		sign_pair(pairs[i][0], pairs[i][1], TRIAD_KIND_GRANDPA_VOTE, "gran", p, len, &res);
		CHECK(res.rc[0] == 0 && res.rc[1] == 0);
		/* R is what the public inputs give in Ed25519 */
		CHECK_EQ(frost_derive(&frost_ed25519, &v, pk_for("gran"), res.set, 2, p, len),
			 FROST_OK);
		CHECK(!memcmp(res.R, v.R, 32));
		ed25519_signature_of(sig, &res);
		CHECK(test_ed25519_verify(sig, p, len, pk_for("gran")));
		sig[40] ^= 1;
		CHECK(!test_ed25519_verify(sig, p, len, pk_for("gran")));
		sig[40] ^= 1;
		p[52] ^= 1; /* another set_id */
		CHECK(!test_ed25519_verify(sig, p, len, pk_for("gran")));
		/* no schnorrkel marker: the top bit of s is clear */
		CHECK_EQ(sig[63] & 0x80, 0);
	}
}

TEST(gran_key_signs_ownership_proofs_and_refuses_every_other_kind)
{
	static const uint8_t owner[32] = { 0x0a, 0x0b, 0x0c };
	uint8_t statement[36], sig[64], hdr[BUF], vrf[48] = { 1 };
	struct pair_result res;
	struct vrf_run vres;
	size_t len;

	cluster_with_key("gran", 0);
	sign_pair(1, 2, TRIAD_KIND_OWNERSHIP_PROOF, "gran", owner, sizeof(owner), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	memcpy(statement, "POP_", 4);
	memcpy(statement + 4, owner, 32);
	ed25519_signature_of(sig, &res);
	CHECK(test_ed25519_verify(sig, statement, sizeof(statement), pk_for("gran")));
	len = babe_header(hdr, 5, 1);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "gran", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	sign_pair(0, 1, TRIAD_KIND_RAW, "gran", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "gran", vrf, sizeof(vrf), &vres);
	CHECK_EQ(vres.rc[0], TRIAD_ERR_POLICY);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF_PRE_OUTPUT, "gran", vrf, sizeof(vrf), &vres);
	CHECK_EQ(vres.rc[0], TRIAD_ERR_POLICY);
	/* and no sr25519 key signs a GRANDPA vote */
	CHECK_EQ(add_key("babe", 0), 0);
	len = grandpa_payload(hdr, PREVOTE, 1, 1, 1, 1);
	sign_pair(0, 1, TRIAD_KIND_GRANDPA_VOTE, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	/* malformed votes: a byte short, a byte more, stage 3 */
	sign_pair(0, 1, TRIAD_KIND_GRANDPA_VOTE, "gran", hdr, len - 1, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	sign_pair(0, 1, TRIAD_KIND_GRANDPA_VOTE, "gran", hdr, len + 1, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	hdr[0] = 3;
	sign_pair(0, 1, TRIAD_KIND_GRANDPA_VOTE, "gran", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
}

/*
 * Two validators' hosts race different prevote targets for each round at
 * different coordinators, over many rounds: only the first gets a
 * signature; the other is refused by the TA the two pairs share (CONFLICT).
 * A precommit and a primary propose of the same round still sign, and an
 * identical repeat signs at any pair.
 */
TEST(gran_racing_targets_at_two_coordinators_never_both_sign)
{
	struct pair_result res;
	uint64_t round;
	int first, second, valid;

	cluster_with_key("gran", 0);
	for (round = 1; round <= 24; round++) {
		first = (int)(round % 6);
		second = (int)((round * 5 + 3) % 6);
		if (pairs[first][0] == pairs[second][0] && pairs[first][1] == pairs[second][1])
			second = (second + 2) % 6;
		valid = signs_vote(pairs[first][0], pairs[first][1], PREVOTE, 0xaa, 10, round, 3,
				   &res);
		CHECK(valid);
		valid += signs_vote(pairs[second][0], pairs[second][1], PREVOTE, 0xbb, 11, round, 3,
				    &res);
		CHECK_EQ(valid, 1);
		CHECK_EQ(refusal(&res), TRIAD_ERR_CONFLICT);
		/* a precommit and a primary propose of the round are other stages: both sign */
		CHECK(signs_vote(pairs[second][0], pairs[second][1], PRECOMMIT, 0xaa, 10, round, 3,
				 &res));
		CHECK(signs_vote(pairs[first][1], pairs[first][0], PRIMARY_PROPOSE, 0xcc, 9, round,
				 3, &res));
		/*
		 * A racing coordinator outside the first pair sealed its own target in
		 * its prepare: the first target never signs there either. The first
		 * pair repeats its identical prevote: it signs again.
		 */
		if (pairs[second][0] != pairs[first][0] && pairs[second][0] != pairs[first][1])
			CHECK(!signs_vote(pairs[second][0], 3 - pairs[first][0] - pairs[second][0],
					  PREVOTE, 0xaa, 10, round, 3, &res));
		CHECK(signs_vote(pairs[first][1], pairs[first][0], PREVOTE, 0xaa, 10, round, 3,
				 &res));
	}
}

TEST(gran_rounds_below_the_window_and_older_sets_regress_and_refresh_keeps_the_marks)
{
	static struct key_record before[3];
	struct pair_result res;
	int i;

	cluster_with_key("gran", 0);
	CHECK(signs_vote(0, 1, PREVOTE, 0xa1, 100, 10, 5, &res));
	CHECK(signs_vote(1, 2, PREVOTE, 0xa1, 100, 10, 5, &res));
	/* round 9 is in the window and fresh: it signs */
	CHECK(signs_vote(2, 0, PRECOMMIT, 0x91, 90, 9, 5, &res));
	/* round 8 is below the window of every TA */
	CHECK(!signs_vote(0, 2, PREVOTE, 0x81, 80, 8, 5, &res));
	CHECK_EQ(refusal(&res), TRIAD_ERR_REGRESSION);
	/* an older set, even at a higher round */
	CHECK(!signs_vote(1, 0, PREVOTE, 0x41, 40, 40, 4, &res));
	CHECK_EQ(refusal(&res), TRIAD_ERR_REGRESSION);
	/* a newer set starts its rounds again */
	CHECK(signs_vote(2, 1, PREVOTE, 0x61, 600, 1, 6, &res));

	/* a refresh keeps the scheme, the group key and the marks; new shares sign */
	for (i = 0; i < 3; i++)
		before[i] = tas[i].state.keys[0];
	refresh_key("gran");
	for (i = 0; i < 3; i++) {
		const struct key_record *k = &tas[i].state.keys[0];

		CHECK_EQ(k->scheme, TRIAD_SCHEME_ED25519);
		CHECK(!memcmp(k->group_pk, before[i].group_pk, 32));
		CHECK(memcmp(k->share, before[i].share, 32) != 0);
		CHECK(!memcmp(k->marks, before[i].marks, KEY_MARKS_BYTES));
	}
	CHECK(signs_vote(0, 1, PREVOTE, 0x62, 610, 2, 6, &res));
	CHECK(signs_vote(1, 2, PRECOMMIT, 0x62, 610, 2, 6, &res));
	CHECK(!signs_vote(2, 0, PREVOTE, 0x63, 610, 2, 6, &res));
	CHECK_EQ(refusal(&res), TRIAD_ERR_CONFLICT);
	CHECK(!signs_vote(0, 2, PREVOTE, 0xa1, 100, 10, 5, &res));
	CHECK_EQ(refusal(&res), TRIAD_ERR_REGRESSION);
}
