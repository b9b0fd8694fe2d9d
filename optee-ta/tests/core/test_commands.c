// SPDX-License-Identifier: Apache-2.0
/*
 * The TA's commands end to end, in one process: three TA contexts run the
 * DKG among themselves, then sign pairwise (ta_cluster.c). Every rule of
 * DESIGN.md sections 3, 6 and 7 that the TA enforces has a case here; the
 * same flows run across real ta-host processes in packages/tee's tests.
 */
#include <string.h>

#include <sodium.h>

#include "babe_seal.h"
#include "codec.h"
#include "core_tests.h"
#include "counter_msg.h"
#include "nonce_pool.h"
#include "ta_cluster.h"

/* A key's babe-seal mark, as the rule reads it from the key's marks. */
static struct babe_seal_mark mark_of(const struct key_record *k)
{
	struct babe_seal_mark m;

	babe_seal_read_mark(k->marks, &m);
	return m;
}

/* z·B == R + c·PK for z = z_a + z_b: the pair's shares form a signature. */
static int shares_verify(const struct pair_result *res, const uint8_t *msg, size_t msg_len)
{
	struct frost_signing_values v;
	const struct key_record *key = &tas[0].state.keys[0];
	uint8_t z[32], lhs[32], rhs[32];

	if (frost_derive(&frost_sr25519, &v, key->group_pk, res->set, 2, msg, msg_len))
		return 0;
	crypto_core_ristretto255_scalar_add(z, res->z[0], res->z[1]);
	if (crypto_scalarmult_ristretto255_base(lhs, z) ||
	    crypto_scalarmult_ristretto255(rhs, v.c, key->group_pk) ||
	    crypto_core_ristretto255_add(rhs, rhs, v.R))
		return 0;
	return sodium_memcmp(lhs, rhs, 32) == 0;
}

TEST(dkg_gives_one_key_and_every_pair_signs)
{
	static const int pairs[3][2] = { { 0, 1 }, { 0, 2 }, { 1, 2 } };
	uint8_t hdr[BUF], hash[32];
	struct pair_result res;
	size_t len;
	int p;

	cluster_with_key("babe", 0);
	CHECK_EQ(pub_len[0], 1 + 2 + 2 + 32 + 3 * 34);
	CHECK(pub_len[0] == pub_len[1] && !memcmp(pub_pkg[0], pub_pkg[1], pub_len[0]));
	CHECK(pub_len[0] == pub_len[2] && !memcmp(pub_pkg[0], pub_pkg[2], pub_len[0]));
	CHECK_EQ(persist_calls >= 3, 1);
	for (p = 0; p < 3; p++) {
		len = babe_header(hdr, 100 + (uint64_t)p, (uint8_t)p);
		sign_pair(pairs[p][0], pairs[p][1], TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
		CHECK_EQ(res.rc[0], 0);
		CHECK_EQ(res.rc[1], 0);
		crypto_generichash_blake2b(hash, 32, hdr, len, NULL, 0);
		CHECK(shares_verify(&res, hash, 32));
	}
}

/* The signature the host assembles from a FINISH_RESULT and the cosigner's share. */
static void signature_of(uint8_t sig[64], const struct pair_result *res)
{
	memcpy(sig, res->R, 32);
	crypto_core_ristretto255_scalar_add(sig + 32, res->z[0], res->z[1]);
	sig[63] |= 0x80; /* schnorrkel's marker */
}

/*
 * SIGN_FINISH's R is the group commitment derived from the public inputs
 * alone (set, group key, message), and R || (z_a + z_b) is a valid sr25519
 * signature: what the coordinator's host relies on to skip deriving R. An R
 * altered by the host does not verify.
 */
TEST(sign_finish_gives_r_that_makes_a_valid_signature)
{
	static const int pairs[3][2] = { { 0, 1 }, { 2, 0 }, { 1, 2 } };
	static const uint8_t payload[] = "authority discovery record";
	struct frost_signing_values v;
	uint8_t hdr[BUF], hash[32], sig[64], first_R[32];
	struct pair_result res;
	size_t len;
	int p;

	cluster_with_key("babe", 0);
	for (p = 0; p < 3; p++) {
		const uint8_t *pk = tas[pairs[p][0]].state.keys[0].group_pk;

		len = babe_header(hdr, 300 + (uint64_t)p, (uint8_t)p);
		sign_pair(pairs[p][0], pairs[p][1], TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
		CHECK(res.rc[0] == 0 && res.rc[1] == 0);
		crypto_generichash_blake2b(hash, 32, hdr, len, NULL, 0);
		CHECK_EQ(frost_derive(&frost_sr25519, &v, pk, res.set, 2, hash, 32), FROST_OK);
		CHECK(!memcmp(res.R, v.R, 32));
		signature_of(sig, &res);
		CHECK(test_sr25519_verify(sig, hash, 32, pk));
		sig[5] ^= 1;
		CHECK(!test_sr25519_verify(sig, hash, 32, pk));
	}
	/* a fresh signature of the same header: fresh nonces, another R, valid too */
	memcpy(first_R, res.R, 32);
	sign_pair(1, 2, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK(memcmp(first_R, res.R, 32) != 0);
	signature_of(sig, &res);
	CHECK(test_sr25519_verify(sig, hash, 32, tas[1].state.keys[0].group_pk));

	/* raw: the payload itself is the message */
	cluster_with_key("audi", TRIAD_KEY_FLAG_NON_SLASHABLE);
	sign_pair(2, 0, TRIAD_KIND_RAW, "audi", payload, sizeof(payload), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK_EQ(frost_derive(&frost_sr25519, &v, tas[2].state.keys[0].group_pk, res.set, 2, payload,
			      sizeof(payload)),
		 FROST_OK);
	CHECK(!memcmp(res.R, v.R, 32));
	signature_of(sig, &res);
	CHECK(test_sr25519_verify(sig, payload, sizeof(payload), tas[2].state.keys[0].group_pk));
}

TEST(sign_refuses_conflict_and_regression_allows_repeat)
{
	uint8_t hdr[BUF];
	struct pair_result res;
	size_t len;

	cluster_with_key("babe", 0);
	len = babe_header(hdr, 500, 0xaa);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	/* the same header again: an idempotent retry */
	sign_pair(1, 0, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	/* another header for slot 500: TA 1 refuses as coordinator... */
	len = babe_header(hdr, 500, 0xbb);
	sign_pair(0, 2, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_CONFLICT);
	/* ...and TA 2 as cosigner for TA 3, which never signed slot 500: no quorum */
	sign_pair(2, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[0], 0); /* TA 3 prepared (its first slot 500) */
	CHECK_EQ(res.rc[1], TRIAD_ERR_CONFLICT);
	len = babe_header(hdr, 499, 0xcc);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_REGRESSION);
}

TEST(sign_nonce_is_single_use_and_must_be_known)
{
	static uint8_t in[2 * BUF];
	uint8_t hdr[BUF], out[BUF];
	struct frost_commitment set[2];
	size_t len, n, out_len;

	cluster_with_key("babe", 0);
	len = babe_header(hdr, 7, 1);
	commit_one(0, "babe", &set[0]);
	commit_one(1, "babe", &set[1]);
	n = sign_request(in, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, set, 2);
	CHECK_EQ(run(cmd_sign_prepare, 0, in, n, out, &out_len), 0);
	CHECK_EQ(run(cmd_sign_prepare, 0, in, n, out, &out_len), TRIAD_ERR_NONCE_UNKNOWN);
	/* a commitment TA 1 never made (TA 2's, relabelled) */
	set[0] = set[1];
	set[0].id = 1;
	set[1].id = 2;
	n = sign_request(in, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, set, 2);
	CHECK_EQ(run(cmd_sign_prepare, 0, in, n, out, &out_len), TRIAD_ERR_NONCE_UNKNOWN);
}

/*
 * Three coordinators fetch from one pool for many keys: when it is full, the
 * pair made longest ago goes, never one just handed out, and a slot freed by
 * a signature is reused before anything is forgotten.
 */
TEST(a_full_nonce_pool_forgets_its_oldest_pair_first)
{
	static struct nonce_pool pool;
	static struct frost_commitment first[TRIAD_NONCE_POOL_SIZE], extra[3];
	static const uint8_t share[32] = { 7 }, pk[FROST_POINT_MAX] = { 9 };
	const uint8_t *babe = (const uint8_t *)"babe";
	struct nonce_pair taken;
	size_t i;

	nonce_pool_init(&pool);
	for (i = 0; i < TRIAD_NONCE_POOL_SIZE; i++)
		CHECK_EQ(nonce_pool_add(&pool, &frost_sr25519, babe, pk, 1, share, &first[i]), 0);
	/* a signature spends pair 1: its slot takes the next pair, nothing is forgotten */
	CHECK(nonce_pool_take(&pool, babe, pk, &first[1], &taken));
	CHECK_EQ(nonce_pool_add(&pool, &frost_sr25519, babe, pk, 1, share, &extra[0]), 0);
	/* full: each new pair replaces the oldest (pairs 0, then 2), never the young extra[0] */
	CHECK_EQ(nonce_pool_add(&pool, &frost_sr25519, babe, pk, 1, share, &extra[1]), 0);
	CHECK_EQ(nonce_pool_add(&pool, &frost_sr25519, babe, pk, 1, share, &extra[2]), 0);
	CHECK(!nonce_pool_take(&pool, babe, pk, &first[0], &taken));
	CHECK(!nonce_pool_take(&pool, babe, pk, &first[2], &taken));
	for (i = 0; i < 3; i++)
		CHECK(nonce_pool_take(&pool, babe, pk, &extra[i], &taken));
	CHECK(nonce_pool_take(&pool, babe, pk, &first[3], &taken));
	/* a pair is for its key only, and gone once the pool is cleared */
	CHECK(!nonce_pool_take(&pool, (const uint8_t *)"gran", pk, &first[4], &taken));
	nonce_pool_clear(&pool);
	CHECK(!nonce_pool_take(&pool, babe, pk, &first[4], &taken));
}

TEST(sign_refuses_malformed_requests_and_burns_the_nonce)
{
	static uint8_t in[2 * BUF];
	uint8_t hdr[BUF], out[BUF];
	struct frost_commitment set[3];
	size_t len, n, out_len, cut;

	cluster_with_key("babe", 0);
	len = babe_header(hdr, 9, 2);
	commit_one(0, "babe", &set[0]);
	commit_one(1, "babe", &set[1]);
	n = sign_request(in, TRIAD_KIND_BABE_SEAL, "babe", hdr, len - 1, set, 2);
	CHECK_EQ(run(cmd_sign_prepare, 0, in, n, out, &out_len), TRIAD_ERR_MALFORMED);
	n = sign_request(in, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, set, 2);
	CHECK_EQ(run(cmd_sign_prepare, 0, in, n, out, &out_len), TRIAD_ERR_NONCE_UNKNOWN);
	/* every truncation of a good request is malformed, never a crash */
	commit_one(1, "babe", &set[1]);
	n = sign_request(in, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, set, 2);
	for (cut = 0; cut < n; cut++)
		CHECK_EQ(run(cmd_sign_prepare, 1, in, cut, out, &out_len), TRIAD_ERR_MALFORMED);
	/* three signers for a 2-of-3 key */
	commit_one(0, "babe", &set[0]);
	commit_one(1, "babe", &set[1]);
	commit_one(2, "babe", &set[2]);
	n = sign_request(in, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, set, 3);
	CHECK_EQ(run(cmd_sign_prepare, 0, in, n, out, &out_len), TRIAD_ERR_MALFORMED);
	CHECK_EQ(run(cmd_sign_prepare, 0, in, 0, out, &out_len), TRIAD_ERR_MALFORMED);
}

TEST(sign_policy_keeps_raw_off_slashable_keys)
{
	static const uint8_t payload[] = "authority discovery record";
	uint8_t hdr[BUF];
	struct pair_result res;
	size_t len;

	cluster_with_key("babe", 0);
	sign_pair(0, 1, TRIAD_KIND_RAW, "babe", payload, sizeof(payload), &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	/* a kind the TA does not know; a kind it knows for another key type */
	sign_pair(0, 1, 0xff, "babe", payload, sizeof(payload), &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	sign_pair(0, 1, TRIAD_KIND_BEEFY_COMMITMENT, "babe", payload, sizeof(payload), &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
	{
		uint8_t in[64], out[BUF];
		size_t out_len, n = commit_request(in, "gran", 1);

		CHECK_EQ(run(cmd_commit_nonces, 0, in, n, out, &out_len), TRIAD_ERR_NO_KEY);
		n = commit_request(in, "babe", 0);
		CHECK_EQ(run(cmd_commit_nonces, 0, in, n, out, &out_len), TRIAD_ERR_MALFORMED);
		n = commit_request(in, "babe", TRIAD_MAX_COMMIT_BATCH + 1);
		CHECK_EQ(run(cmd_commit_nonces, 0, in, n, out, &out_len), TRIAD_ERR_MALFORMED);
	}

	cluster_with_key("audi", TRIAD_KEY_FLAG_NON_SLASHABLE);
	sign_pair(0, 2, TRIAD_KIND_RAW, "audi", payload, sizeof(payload), &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK(shares_verify(&res, payload, sizeof(payload)));
	len = babe_header(hdr, 1, 1);
	sign_pair(0, 2, TRIAD_KIND_BABE_SEAL, "audi", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_POLICY);
}

TEST(dkg_refuses_non_slashable_flag_on_slashable_types)
{
	uint8_t in[BUF], out[BUF];
	size_t n, out_len;

	memset(&tas[0], 0, sizeof(tas[0]));
	CHECK_EQ(state_init_fresh(&tas[0].state), 0);
	tas[0].persist = fake_persist;
	n = dkg_start(in, 0, "babe", TRIAD_KEY_FLAG_NON_SLASHABLE);
	CHECK_EQ(run(cmd_dkg_round1, 0, in, n, out, &out_len), TRIAD_ERR_POLICY);
	n = dkg_start(in, 0, "babe", 0x80);
	CHECK_EQ(run(cmd_dkg_round1, 0, in, n, out, &out_len), TRIAD_ERR_MALFORMED);
	/* our own identity key must be the one listed for our identifier */
	n = dkg_start(in, 0, "babe", 0);
	in[n - 3 * 34 + 2] ^= 1;
	CHECK_EQ(run(cmd_dkg_round1, 0, in, n, out, &out_len), TRIAD_ERR_MALFORMED);
}


TEST(dkg_blames_a_bad_proof_and_a_tampered_share)
{
	static uint8_t in[BUF], pkg[3][BUF], out2[3][BUF], out[BUF];
	size_t len[3], len2[3], n, out_len;
	int i;

	for (i = 0; i < 3; i++) {
		memset(&tas[i], 0, sizeof(tas[i]));
		CHECK_EQ(state_init_fresh(&tas[i].state), 0);
		tas[i].persist = fake_persist;
		n = dkg_start(in, i, "babe", 0);
		CHECK_EQ(run(cmd_dkg_round1, i, in, n, pkg[i], &len[i]), 0);
	}
	/* TA 2's proof of knowledge altered: TA 1 blames 2 and aborts */
	pkg[1][len[1] - 32] ^= 1;
	n = round1_bundle(in, 0, pkg, len);
	CHECK_EQ(run(cmd_dkg_round2, 0, in, n, out, &out_len), TRIAD_ERR_DKG_BLAME(2));
	CHECK_EQ(run(cmd_dkg_round2, 0, in, n, out, &out_len), TRIAD_ERR_BAD_STATE);
	pkg[1][len[1] - 32] ^= 1;

	/* a share box altered in transit: its sender is blamed */
	for (i = 0; i < 3; i++) {
		n = dkg_start(in, i, "babe", 0);
		CHECK_EQ(run(cmd_dkg_round1, i, in, n, pkg[i], &len[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		n = round1_bundle(in, i, pkg, len);
		CHECK_EQ(run(cmd_dkg_round2, i, in, n, out2[i], &len2[i]), 0);
	}
	n = round2_bundle(in, 0, out2, len2);
	in[n - 1] ^= 1; /* last box is TA 3's */
	CHECK_EQ(run(cmd_dkg_round3, 0, in, n, out, &out_len), TRIAD_ERR_DKG_BLAME(3));
	CHECK(!tas[0].state.keys[0].present);
}

TEST(dkg_equivocated_round1_cannot_complete)
{
	static uint8_t in[BUF], pkg[3][BUF], alt[3][BUF], out2[3][BUF], out[BUF];
	size_t len[3], alt_len[3], len2[3], n, out_len;
	int i;

	for (i = 0; i < 3; i++) {
		memset(&tas[i], 0, sizeof(tas[i]));
		CHECK_EQ(state_init_fresh(&tas[i].state), 0);
		tas[i].persist = fake_persist;
		n = dkg_start(in, i, "babe", 0);
		CHECK_EQ(run(cmd_dkg_round1, i, in, n, pkg[i], &len[i]), 0);
	}
	/*
	 * A host shows TA 1 a different (valid) round-one package of TA 3: the
	 * transcripts differ, so what TA 2 and TA 3 seal for TA 1 does not open.
	 */
	memcpy(alt, pkg, sizeof(alt));
	memcpy(alt_len, len, sizeof(alt_len));
	{
		struct ta_context saved = tas[2];

		n = dkg_start(in, 2, "babe", 0);
		CHECK_EQ(run(cmd_dkg_round1, 2, in, n, alt[2], &alt_len[2]), 0);
		tas[2] = saved;
	}
	n = round1_bundle(in, 0, alt, alt_len);
	CHECK_EQ(run(cmd_dkg_round2, 0, in, n, out2[0], &len2[0]), 0);
	for (i = 1; i < 3; i++) {
		n = round1_bundle(in, i, pkg, len);
		CHECK_EQ(run(cmd_dkg_round2, i, in, n, out2[i], &len2[i]), 0);
	}
	n = round2_bundle(in, 0, out2, len2);
	CHECK(TRIAD_ERR_IS_DKG_BLAME(run(cmd_dkg_round3, 0, in, n, out, &out_len)));
}

TEST(storage_failure_releases_nothing)
{
	uint8_t hdr[BUF];
	struct pair_result res;
	size_t len;

	cluster_with_key("babe", 0);
	persist_fails = 1;
	len = babe_header(hdr, 42, 1);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_STORAGE);
	/* the mark did not move: once storage works, slot 42 can be signed */
	CHECK(!mark_of(&tas[0].state.keys[0]).set);
	persist_fails = 0;
	len = babe_header(hdr, 42, 2);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
}

TEST(state_round_trips_and_rejects_corruption)
{
	static uint8_t buf[STATE_CORE_MAX_ENCODED], kbuf[STATE_KEY_MAX_ENCODED];
	static struct ta_state copy;
	uint8_t hdr[BUF];
	struct pair_result res;
	size_t len, klen, hlen;

	cluster_with_key("babe", 0);
	hlen = babe_header(hdr, 77, 3);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, hlen, &res);
	len = state_encode_core(&tas[0].state, buf, sizeof(buf));
	klen = state_encode_key(&tas[0].state, 0, kbuf, sizeof(kbuf));
	CHECK(len > 0 && klen > 0);
	CHECK(state_decode_core(&copy, buf, len));
	CHECK_EQ(state_decode_key(&copy, 0, kbuf, klen), STATE_KEY_OK);
	CHECK(!memcmp(copy.identity_pk, tas[0].state.identity_pk, 32));
	CHECK(copy.keys[0].present && mark_of(&copy.keys[0]).set && mark_of(&copy.keys[0]).slot == 77);
	CHECK(!memcmp(copy.keys[0].share, tas[0].state.keys[0].share, 32));
	CHECK(!memcmp(&copy.keys[0], &tas[0].state.keys[0], sizeof(copy.keys[0])));
	CHECK_EQ(state_decode_key(&copy, 0, kbuf, klen - 1), STATE_KEY_BAD);
	CHECK_EQ(state_decode_key(&copy, 1, kbuf, klen), STATE_KEY_BAD); /* not indexed */
	CHECK(!state_decode_core(&copy, buf, len - 1));
	/* a format-2 object is not a core, nor a core a format-2 state */
	CHECK(!state_decode_v2(&copy, buf, len));
	buf[4] = 2;
	CHECK(!state_decode_core(&copy, buf, len));
	buf[4] = 3;
	buf[0] ^= 1;
	CHECK(!state_decode_core(&copy, buf, len));
	CHECK(scalar_is_zero(copy.identity_sk));
}

/*
 * A state sealed before the marks became the rules' bytes (format 2, written
 * field by field as the TA always has) loads with its babe-seal mark, and
 * seals as format 3 (a core and a key object) that reads back the same.
 */
size_t format_2_state(uint8_t *sealed, size_t cap, const uint8_t sk[32], const uint8_t hash[32]);
size_t format_2_state(uint8_t *sealed, size_t cap, const uint8_t sk[32], const uint8_t hash[32])
{
	struct writer w;
	size_t i;

	writer_init(&w, sealed, cap);
	write_u32(&w, 0x54535254u); /* "TRST" */
	write_u16(&w, 2);
	write_bytes(&w, sk, 32);
	write_u64(&w, 5);  /* counter */
	write_u16(&w, 1);  /* own id */
	write_u16(&w, 0);  /* peers */
	write_u8(&w, 1);   /* key 0 present */
	write_bytes(&w, "babe", 4);
	write_u8(&w, 0);   /* flags */
	write_u16(&w, 1);  /* own id */
	write_u16(&w, 2);  /* threshold */
	write_u16(&w, 3);  /* n */
	write_bytes(&w, sk, 32); /* share (any scalar will do here) */
	write_bytes(&w, hash, 32); /* group key (not checked on load) */
	for (i = 0; i < 3; i++) {
		write_u16(&w, (uint16_t)(i + 1));
		write_bytes(&w, hash, 32);
	}
	write_u8(&w, 1); /* hwm set */
	write_u64(&w, 77); /* hwm slot */
	write_bytes(&w, hash, 32); /* hwm hash */
	for (i = 1; i < 8; i++) /* format 2 held 8 key slots */
		write_u8(&w, 0);
	return w.error ? 0 : w.len;
}

TEST(state_reads_format_2_as_sealed_before)
{
	static uint8_t sealed[STATE_V2_MAX_ENCODED], core[STATE_CORE_MAX_ENCODED],
		key[STATE_KEY_MAX_ENCODED];
	static struct ta_state s, again;
	struct babe_seal_mark m;
	uint8_t sk[32], hash[32];
	size_t len, clen, klen;

	crypto_core_ristretto255_scalar_random(sk);
	memset(hash, 0xab, sizeof(hash));
	len = format_2_state(sealed, sizeof(sealed), sk, hash);
	CHECK(len > 0);
	CHECK(state_decode_v2(&s, sealed, len));
	m = mark_of(&s.keys[0]);
	CHECK(m.set && m.slot == 77 && !memcmp(m.hash, hash, 32));
	CHECK_EQ(s.keys[0].status, TRIAD_KEY_STATUS_ACTIVE);
	CHECK_EQ(s.keys[0].version, 5);
	CHECK_EQ(s.keys[0].created, 0);
	CHECK(!s.keys[1].present);
	clen = state_encode_core(&s, core, sizeof(core));
	klen = state_encode_key(&s, 0, key, sizeof(key));
	CHECK(clen > 0 && klen > 0);
	CHECK(state_decode_core(&again, core, clen));
	CHECK_EQ(state_decode_key(&again, 0, key, klen), STATE_KEY_OK);
	CHECK(!memcmp(&again, &s, sizeof(s)));
	/* not format 2: refused, never misread */
	CHECK(!state_decode_v2(&again, sealed, len - 1));
	sealed[4] = 3;
	CHECK(!state_decode_v2(&again, sealed, len));
}

TEST(get_info_and_export_public_describe_the_key)
{
	uint8_t in[64], out[BUF];
	size_t out_len;
	struct reader r;

	cluster_with_key("babe", 0);
	CHECK_EQ(run(cmd_get_info, 1, NULL, 0, out, &out_len), 0);
	reader_init(&r, out, out_len);
	CHECK_EQ(read_u8(&r), TRIAD_TAG_INFO);
	CHECK_EQ(read_u16(&r), TRIAD_TA_VERSION);
	CHECK(!memcmp(read_bytes(&r, 32), tas[1].state.identity_pk, 32));
	read_u64(&r);
	CHECK_EQ(read_u8(&r), TRIAD_LOCK_UNLOCKED);
	CHECK_EQ(read_u16(&r), 2); /* own identifier */
	CHECK_EQ(read_u8(&r), 1);  /* one key */
	CHECK(!memcmp(read_bytes(&r, 4), "babe", 4));
	CHECK_EQ(read_u8(&r), 0);			  /* flags */
	CHECK_EQ(read_u8(&r), TRIAD_KEY_STATUS_ACTIVE); /* status */
	read_bytes(&r, 6);
	CHECK(!memcmp(read_bytes(&r, 32), pk_for("babe"), 32));
	CHECK_EQ(read_u64(&r), 0); /* created at counter 0 */
	read_bytes(&r, 9);
	CHECK(reader_done(&r));
	in[0] = TRIAD_TAG_KEY_ID;
	memcpy(in + 1, "babe", 4);
	memcpy(in + 5, pk_for("babe"), 32);
	CHECK_EQ(run(cmd_export_public, 2, in, 37, out, &out_len), 0);
	CHECK(out_len == pub_len[2] && !memcmp(out, pub_pkg[2], out_len));
	CHECK_EQ(run(cmd_export_public, 2, in, 36, out, &out_len), TRIAD_ERR_MALFORMED);
	in[0] = 0x27; /* KEY_TYPE, a key type alone: no more */
	CHECK_EQ(run(cmd_export_public, 2, in, 5, out, &out_len), TRIAD_ERR_MALFORMED);
	in[0] = TRIAD_TAG_KEY_ID;
	memcpy(in + 1, "gran", 4);
	CHECK_EQ(run(cmd_export_public, 2, in, 37, out, &out_len), TRIAD_ERR_NO_KEY);
	memcpy(in + 1, "babe", 4);
	in[36] ^= 1; /* another public key */
	CHECK_EQ(run(cmd_export_public, 2, in, 37, out, &out_len), TRIAD_ERR_NO_KEY);
	CHECK_EQ(run(cmd_get_info, 1, in, 1, out, &out_len), TRIAD_ERR_MALFORMED);
}

TEST(counter_messages_are_authenticated)
{
	uint8_t hdr[BUF];
	struct pair_result res;
	size_t len;
	uint64_t before;

	cluster_with_key("babe", 0);
	len = babe_header(hdr, 600, 1);
	/* an update altered in transit: the cosigner signs nothing */
	sign_pair_tampered(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res, 1);
	CHECK_EQ(res.rc[0], 0);
	CHECK_EQ(res.rc[1], TRIAD_ERR_PEER_AUTH);
	CHECK(!mark_of(&tas[1].state.keys[0]).set);
	/* an ack altered in transit: the coordinator releases nothing */
	len = babe_header(hdr, 601, 1);
	sign_pair_tampered(0, 2, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res, 2);
	CHECK_EQ(res.rc[1], 0);
	CHECK_EQ(res.rc[0], TRIAD_ERR_PEER_AUTH);
	/* an honest round: each side has sealed the other's counter */
	before = tas[0].state.counter;
	len = babe_header(hdr, 602, 1);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK_EQ(tas[0].state.counter, before + 1);
	CHECK_EQ(state_find_peer(&tas[1].state, 1)->seen_counter, tas[0].state.counter);
	CHECK_EQ(state_find_peer(&tas[0].state, 2)->seen_counter, tas[1].state.counter);
}

/* Device `ta` restarts: a fresh context on its sealed state (RAM is gone). */
static void restart(int ta, const struct ta_state *sealed)
{
	memset(&tas[ta], 0, sizeof(tas[ta]));
	tas[ta].state = *sealed;
	tas[ta].persist = fake_persist;
	ta_context_start(&tas[ta]);
}

/* `ta` asks every peer in `from` for its counter and tries to unlock with their reports. */
static uint32_t unlock_with(int ta, const int *from, size_t count)
{
	uint8_t challenge[BUF], report[BUF], req[BUF], out[BUF];
	size_t c_len, r_len, out_len, i;
	struct writer w;

	CHECK_EQ(run(cmd_counter_challenge, ta, NULL, 0, challenge, &c_len), 0);
	writer_init(&w, req, sizeof(req));
	write_u8(&w, TRIAD_TAG_UNLOCK_REQUEST);
	write_u8(&w, (uint8_t)count);
	for (i = 0; i < count; i++) {
		CHECK_EQ(run(cmd_counter_report, from[i], challenge, c_len, report, &r_len), 0);
		CHECK_EQ(r_len, 1 + COUNTER_REPORT_BYTES);
		write_bytes(&w, report + 1, r_len - 1);
	}
	return run(cmd_counter_unlock, ta, req, w.len, out, &out_len);
}

TEST(a_restarted_ta_is_locked_until_every_peer_vouches)
{
	static const int both[] = { 1, 2 }, one[] = { 1 }, twice[] = { 1, 1 };
	static struct ta_state sealed;
	uint8_t hdr[BUF];
	struct pair_result res;
	size_t len;

	cluster_with_key("babe", 0);
	len = babe_header(hdr, 700, 1);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	sealed = tas[0].state;
	restart(0, &sealed);
	len = babe_header(hdr, 701, 1);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_LOCKED);
	sign_pair(1, 0, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[1], TRIAD_ERR_LOCKED);
	CHECK_EQ(unlock_with(0, one, 1), TRIAD_ERR_MALFORMED);
	CHECK_EQ(unlock_with(0, twice, 2), TRIAD_ERR_PEER_AUTH);
	CHECK_EQ(unlock_with(0, both, 2), 0);
	CHECK_EQ(tas[0].lock, TRIAD_LOCK_UNLOCKED);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
}

TEST(a_rolled_back_ta_is_caught_and_signs_nothing)
{
	static const int both[] = { 0, 2 };
	static struct ta_state old;
	uint8_t hdr[BUF];
	struct pair_result res;
	size_t len;

	cluster_with_key("babe", 0);
	old = tas[1].state; /* the host copies TA 2's sealed state */
	len = babe_header(hdr, 800, 0xaa);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	/* ...and restores it: TA 2 no longer knows it signed slot 800 */
	restart(1, &old);
	CHECK_EQ(unlock_with(1, both, 2), TRIAD_ERR_ROLLED_BACK);
	CHECK_EQ(tas[1].lock, TRIAD_LOCK_ROLLED_BACK);
	/* it cannot help sign another header for slot 800, in either role */
	len = babe_header(hdr, 800, 0xbb);
	sign_pair(2, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[1], TRIAD_ERR_ROLLED_BACK);
	sign_pair(1, 2, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_ROLLED_BACK);
	CHECK_EQ(unlock_with(1, both, 2), TRIAD_ERR_ROLLED_BACK);
}

/* TA 2's state as sealed before it cosigned; restored while its ack is held back. */
static struct ta_state before_cosign;

static void roll_back_cosigner_and_unlock(void)
{
	static const int both[] = { 0, 2 };

	restart(1, &before_cosign);
	/* the peers have not seen its increment yet: nothing tells the rollback */
	CHECK_EQ(unlock_with(1, both, 2), 0);
}

TEST(an_ack_held_across_a_rollback_releases_nothing)
{
	uint8_t hdr[BUF];
	struct pair_result res;
	size_t len;

	cluster_with_key("babe", 0);
	before_cosign = tas[1].state;
	len = babe_header(hdr, 850, 0xaa);
	sign_pair_held(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res, roll_back_cosigner_and_unlock);
	CHECK_EQ(res.rc[1], 0);
	/* TA 1 reported to the fresh TA 2: the preparation the old one acked is gone */
	CHECK_EQ(res.rc[0], TRIAD_ERR_NONCE_UNKNOWN);
	/* so the other header for slot 850 that TAs 2 and 3 now sign is the only one */
	len = babe_header(hdr, 850, 0xbb);
	sign_pair(1, 2, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
}

TEST(refresh_keeps_the_key_and_marks_and_changes_every_share)
{
	static const int pairs[3][2] = { { 0, 1 }, { 2, 0 }, { 1, 2 } };
	static struct key_record before[3];
	uint8_t hdr[BUF], hash[32];
	struct pair_result res;
	size_t len;
	int i;

	cluster_with_key("babe", 0);
	len = babe_header(hdr, 900, 1);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	for (i = 0; i < 3; i++)
		before[i] = tas[i].state.keys[0];
	refresh_key("babe");
	for (i = 0; i < 3; i++) {
		const struct key_record *k = &tas[i].state.keys[0];

		CHECK(!memcmp(k->group_pk, before[i].group_pk, 32));
		CHECK(memcmp(k->share, before[i].share, 32) != 0);
		CHECK(memcmp(k->verifying[i], before[i].verifying[i], 32) != 0);
		CHECK(!memcmp(pub_pkg[i], pub_pkg[0], pub_len[0]));
		CHECK_EQ(mark_of(k).slot, mark_of(&before[i]).slot);
	}
	/* every pair signs with the new shares; slot 900 is still taken */
	for (i = 0; i < 3; i++) {
		len = babe_header(hdr, 901 + (uint64_t)i, 2);
		sign_pair(pairs[i][0], pairs[i][1], TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
		CHECK(res.rc[0] == 0 && res.rc[1] == 0);
		crypto_generichash_blake2b(hash, 32, hdr, len, NULL, 0);
		CHECK(shares_verify(&res, hash, 32));
	}
	len = babe_header(hdr, 900, 9);
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_REGRESSION);
	/* no key to refresh */
	{
		uint8_t in[64], out[BUF];
		size_t out_len;
		struct writer w;

		writer_init(&w, in, sizeof(in));
		write_u8(&w, TRIAD_TAG_REFRESH_START);
		write_bytes(&w, "gran", 4);
		write_bytes(&w, pk_for("babe"), 32);
		write_u16(&w, 1);
		write_u8(&w, 'x');
		CHECK_EQ(run(cmd_refresh_round1, 0, in, w.len, out, &out_len), TRIAD_ERR_NO_KEY);
	}
}
