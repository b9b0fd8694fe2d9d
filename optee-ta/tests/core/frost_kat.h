/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Known answers for the TA's FROST, one set per suite: the shape of
 * @triad/frost's vector files (gen-frost-vectors.mjs writes them in it) and of
 * RFC 9591's appendix (rfc9591_ed25519.h), and the checks every set gets
 * (frost_kat.c), so the two suites are held to the same steps.
 */
#ifndef TRIAD_FROST_KAT_H
#define TRIAD_FROST_KAT_H

#include <stddef.h>
#include <stdint.h>

struct kat_participant { uint16_t id; const char *share, *verifying; };
struct kat_signer {
	uint16_t id;
	const char *hiding_rand, *binding_rand, *hiding_nonce, *binding_nonce;
	const char *hiding_commitment, *binding_commitment, *binding_factor, *lambda, *share;
};
/* An empty string is a value the source does not give (RFC 9591 lists no c or lambda). */
struct kat_signing {
	const char *name, *message, *group_commitment, *challenge, *signature, *signing_set;
	unsigned n;
	struct kat_signer signers[2];
};
struct kat_malformed { const char *kind, *bytes, *error; };
/* A DKG participant's round-one package (commitments and proof of knowledge), encoded. */
struct kat_dkg_package { uint16_t id; const char *bytes; };
struct kat_set {
	const char *group_pk;
	unsigned threshold;
	const struct kat_participant *participants;
	size_t n_participants;
	const struct kat_signing *signing;
	size_t n_signing;
	/* the DKG's ceremony context and round-one packages (none for RFC 9591) */
	const char *dkg_context;
	const struct kat_dkg_package *dkg_round1;
	size_t n_dkg_round1;
	/* encodings @triad/frost refuses, with its reason */
	const struct kat_malformed *malformed;
	size_t n_malformed;
};

struct frost_suite;

/*
 * What a final signature must pass: 1 when `sig` verifies. sr25519's tests
 * use test_sr25519_verify; ed25519's libsodium's own RFC 8032 verifier.
 */
typedef int (*kat_verify_fn)(const uint8_t sig[64], const uint8_t *msg, size_t msg_len,
			     const uint8_t pk[32]);

/* The vector's signing set as the TA sees it; returns its size. */
struct frost_commitment;
size_t kat_load_set(const struct kat_signing *v, struct frost_commitment *set);
/* The dealer's public shares are the suite's images of its shares (where given). */
void kat_check_dealer(const struct frost_suite *suite, const struct kat_set *k);
/* Each signer's nonces from its randomness and share, and their commitments. */
void kat_check_nonces(const struct frost_suite *suite, const struct kat_set *k);
/* Binding factors, group commitment and challenge (where given) from the public inputs. */
void kat_check_derive(const struct frost_suite *suite, const struct kat_set *k);
/* Lagrange coefficients (where given); a non-member has none. */
void kat_check_lagrange(const struct kat_set *k);
/* Every signature share, and the R handed out with it. */
void kat_check_shares(const struct frost_suite *suite, const struct kat_set *k);
/*
 * R || (sum of the shares) is the signature (with `marker` or-ed into its
 * last byte: schnorrkel's), `verify` accepts it and refuses it altered.
 */
void kat_check_signatures(const struct kat_set *k, uint8_t marker, kat_verify_fn verify);

/*
 * DKG_ROUND2's answer on a fresh TA 2 (participant 3, its round one done, in a
 * ceremony for a `key_type` key with the vectors' context) for the vectors'
 * round-one packages of participants 1 and 2; `flip` (non-zero) flips that
 * byte of participant 1's package.
 */
uint32_t kat_dkg_round2(const char *key_type, const struct kat_set *k, size_t flip);

/*
 * The TypeScript DKG's round-one packages for participants 1 and 2, handed to
 * a TA (participant 3) in a ceremony for a `key_type` key with the vectors'
 * context: the TA accepts their proofs of knowledge (its HDKG is the suite's,
 * byte for byte), and blames participant 1 for a flipped byte of its proof
 * or of a commitment.
 */
void kat_check_dkg_round1(const char *key_type, const struct kat_set *k);

/*
 * The SigningCommitments @triad/frost refuses for a point (identity, invalid,
 * small order, torsion component) are refused by the suite's decoder and in
 * a signing set; those it refuses for anything else carry points it accepts.
 */
void kat_check_malformed_points(const struct frost_suite *suite, const struct kat_set *k);

#endif /* TRIAD_FROST_KAT_H */
