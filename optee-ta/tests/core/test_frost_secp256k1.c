// SPDX-License-Identifier: Apache-2.0
/*
 * The TA's secp256k1 suite against @triad/frost's known answers (its
 * secp256k1 vectors, generated with @noble/curves): each signer's Lagrange
 * coefficient and weighted share, the combined key and the ECDSA signature
 * byte for byte; and the TypeScript DKG's round-one packages pass a TA's
 * checks (its HDKG is RFC 9591 6.5's, byte for byte) while an altered byte
 * of a proof or a commitment blames its sender.
 */
#include <string.h>

#include "core_tests.h"
#include "frost_suite.h"
#include "keccak.h"
#include "secp256k1_ops.h"
#include "secp256k1_vectors.h"
#include "ta_cluster.h"

#define N_ECDSA (sizeof(secp_kat_ecdsa) / sizeof(secp_kat_ecdsa[0]))

static void unhex_exact(uint8_t *out, size_t len, const char *hex)
{
	CHECK_EQ(test_unhex(out, len, hex), (int)len);
}

TEST(secp256k1_weighted_shares_combined_keys_and_signatures_match_typescript)
{
	const struct frost_suite *suite = &frost_secp256k1;
	uint8_t share[32], want[32], lambda[32], weighted[32], x[32];
	uint8_t pk[33], want_pk[33], prehash[32], sig[65], want_sig[65], msg[256];
	size_t i, j;

	CHECK(N_ECDSA >= 12);
	for (i = 0; i < N_ECDSA; i++) {
		const struct secp_kat_ecdsa *e = &secp_kat_ecdsa[i];
		const uint16_t ids[2] = { e->signers[0].id, e->signers[1].id };

		memset(x, 0, sizeof(x));
		for (j = 0; j < 2; j++) {
			unhex_exact(share, 32, e->signers[j].share);
			CHECK_EQ(frost_suite_lagrange(suite, lambda, ids, 2, ids[j]), 0);
			unhex_exact(want, 32, e->signers[j].lambda);
			CHECK(!memcmp(lambda, want, 32));
			suite->scalar_mul(weighted, lambda, share);
			unhex_exact(want, 32, e->signers[j].weighted);
			CHECK(!memcmp(weighted, want, 32));
			suite->scalar_add(x, x, weighted);
		}
		CHECK_EQ(suite->mul_base(pk, x), 0);
		unhex_exact(want_pk, 33, e->public_key);
		CHECK(!memcmp(pk, want_pk, 33));
		unhex_exact(prehash, 32, e->prehash);
		if (e->message[0]) {
			int len = test_unhex(msg, sizeof(msg), e->message);

			CHECK(len > 0);
			keccak256(want, msg, (size_t)len);
			CHECK(!memcmp(want, prehash, 32));
		}
		CHECK_EQ(secp_ecdsa_sign_prehashed_recoverable(sig, x, prehash), 0);
		unhex_exact(want_sig, 65, e->signature);
		CHECK(!memcmp(sig, want_sig, 65));
	}
}

TEST(secp256k1_typescript_dkg_packages_pass_the_ta_s_checks_and_blame_alterations)
{
	static const struct kat_set k = {
		.dkg_context = secp_kat_dkg_context,
		.dkg_round1 = secp_kat_dkg_round1,
		.n_dkg_round1 = sizeof(secp_kat_dkg_round1) / sizeof(secp_kat_dkg_round1[0]),
	};
	uint8_t pkg[BUF];
	int len;

	CHECK_EQ(k.n_dkg_round1, 3);
	len = test_unhex(pkg, sizeof(pkg), k.dkg_round1[0].bytes);
	/* tag, id, t, t commitments (33 bytes each), R (33), z (32) */
	CHECK_EQ(len, 1 + 2 + 2 + 2 * 33 + 33 + 32);
	fresh_tas();
	CHECK_EQ(kat_dkg_round2("beef", &k, 0), 0);
	CHECK_EQ(kat_dkg_round2("beef", &k, (size_t)len - 1), TRIAD_ERR_DKG_BLAME(1)); /* z */
	CHECK_EQ(kat_dkg_round2("beef", &k, (size_t)len - 33), TRIAD_ERR_DKG_BLAME(1)); /* R */
	CHECK_EQ(kat_dkg_round2("beef", &k, 6), TRIAD_ERR_DKG_BLAME(1)); /* C_0 */
	/*
	 * C_1 is bound by round three's Feldman check, not by the proof: an x of
	 * C_1 that is still a point passes round two, one that is not is blamed
	 * here (ed25519's and ristretto255's flipped bytes never decode).
	 */
	/* C_1 with a prefix that is no SEC1 compressed point's */
	{
		static uint8_t bad[BUF];
		static struct kat_dkg_package pkgs[3];
		struct kat_set bent = k;
		size_t i;

		for (i = 0; i < 3; i++)
			pkgs[i] = secp_kat_dkg_round1[i];
		CHECK(strlen(pkgs[0].bytes) < sizeof(bad));
		memcpy(bad, pkgs[0].bytes, strlen(pkgs[0].bytes) + 1);
		bad[2 * (5 + 33)] = '0';
		bad[2 * (5 + 33) + 1] = '4'; /* 04: an uncompressed point's prefix */
		pkgs[0].bytes = (const char *)bad;
		bent.dkg_round1 = pkgs;
		CHECK_EQ(kat_dkg_round2("beef", &bent, 0), TRIAD_ERR_DKG_BLAME(1));
	}
	/* in another group's ceremony the same bytes are not even points */
	CHECK(kat_dkg_round2("babe", &k, 0) != 0);
}

TEST(secp256k1_suite_keeps_its_identity_neutral_and_refuses_it_from_outside)
{
	const struct frost_suite *suite = &frost_secp256k1;
	uint8_t one[32], p[33], r[33];

	suite->scalar_from_u64(one, 1);
	CHECK_EQ(suite->mul_base(p, one), 0);
	CHECK(!suite->point_ok(suite->identity));
	CHECK_EQ(suite->add(r, suite->identity, p), 0);
	CHECK(!memcmp(r, p, 33));
	CHECK_EQ(suite->add(r, p, suite->identity), 0);
	CHECK(!memcmp(r, p, 33));
	CHECK_EQ(suite->sub(r, p, suite->identity), 0);
	CHECK(!memcmp(r, p, 33));
	/* 0 - G = -G: same x, the other parity */
	CHECK_EQ(suite->sub(r, suite->identity, p), 0);
	CHECK(!memcmp(r + 1, p + 1, 32) && r[0] != p[0]);
	/* G - G has no encoding: refused, as a DKG must refuse it */
	CHECK_EQ(suite->sub(r, p, p), -1);
}
