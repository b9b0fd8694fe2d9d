// SPDX-License-Identifier: Apache-2.0
/*
 * Message layouts (little-endian):
 *
 * DKG_START (tag 0x24): key_type[4] flags:u8 own_id:u16 threshold:u16 n:u16
 *   context_len:u16 context[context_len]
 *   n x (id:u16 identity_pk[32]), identifiers increasing
 * ROUND1_BUNDLE (tag 0x25): count:u16, count x (len:u32 DkgRound1Package)
 * ROUND2_BUNDLE (tag 0x26): count:u16, count x (sender:u16 receiver:u16
 *   len:u32 box[len]); box = ChaCha20-Poly1305-IETF(SecretSharePackage)
 *
 * Any failure after round one aborts the ceremony and wipes it: a DKG is
 * retried from the start, never patched up, and no half key is kept.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "dkg.h"
#include "frost.h"
#include "pairwise.h"
#include "rules.h"
#include "test_reveal.h"

#define PKG_HEADER (1 + 2 + 2)

void dkg_abort(struct dkg_session *d)
{
	sodium_memzero(d, sizeof(*d));
}

static int index_of(const struct dkg_session *d, uint16_t id)
{
	int i;

	for (i = 0; i < d->n; i++)
		if (d->ids[i] == id)
			return i;
	return -1;
}

/* The key's group: what every point and scalar of the ceremony is in. */
static const struct frost_suite *suite_of(const struct dkg_session *d)
{
	return frost_suite_of(d->scheme);
}

/* f(x) by Horner's rule over the session's secret polynomial. */
static void evaluate_polynomial(uint8_t out[FROST_SCALAR_BYTES], const struct dkg_session *d,
				uint16_t x)
{
	const struct frost_suite *suite = suite_of(d);
	uint8_t xs[FROST_SCALAR_BYTES];
	int k;

	suite->scalar_from_u64(xs, x);
	memcpy(out, d->polynomial[d->threshold - 1], FROST_SCALAR_BYTES);
	for (k = d->threshold - 2; k >= 0; k--) {
		suite->scalar_mul(out, out, xs);
		suite->scalar_add(out, out, d->polynomial[k]);
	}
}

/* sum_k C_k·x^k over `t` commitment points. */
static int evaluate_commitment(const struct frost_suite *suite, uint8_t *out,
			       const uint8_t (*c)[FROST_POINT_MAX], size_t t, uint16_t x)
{
	uint8_t power[FROST_SCALAR_BYTES], xs[FROST_SCALAR_BYTES], term[FROST_POINT_MAX];
	size_t k;

	memcpy(out, c[0], suite->point_bytes);
	suite->scalar_from_u64(power, 1);
	suite->scalar_from_u64(xs, x);
	for (k = 1; k < t; k++) {
		suite->scalar_mul(power, power, xs);
		if (suite->mul(term, power, c[k]) || suite->add(out, out, term))
			return -1;
	}
	return 0;
}

/* HDKG(context || id || phi_0 || R): frost-core's, with the ceremony context. */
static int pok_challenge(uint8_t c[FROST_SCALAR_BYTES], const struct dkg_session *d,
			 uint16_t id, const uint8_t *phi0, const uint8_t *R)
{
	const struct frost_suite *suite = suite_of(d);

	return suite->dkg_challenge(c, suite, d->context, d->context_len, id, phi0, R);
}

static void write_round1_package(struct writer *w, const struct dkg_session *d, int index)
{
	const size_t pb = suite_of(d)->point_bytes;
	int k;

	if (d->refresh) { /* C_1..C_{t-1} only: C_0 is the identity by construction */
		write_u8(w, TRIAD_TAG_REFRESH_ROUND1_PACKAGE);
		write_u16(w, d->ids[index]);
		write_u16(w, (uint16_t)(d->threshold - 1));
		for (k = 1; k < d->threshold; k++)
			write_bytes(w, d->commitment[index][k], pb);
		return;
	}
	write_u8(w, TRIAD_TAG_DKG_ROUND1_PACKAGE);
	write_u16(w, d->ids[index]);
	write_u16(w, d->threshold);
	for (k = 0; k < d->threshold; k++)
		write_bytes(w, d->commitment[index][k], pb);
	write_bytes(w, d->pok_R[index], pb);
	write_bytes(w, d->pok_z[index], FROST_SCALAR_BYTES);
}

static uint32_t parse_start(struct dkg_session *d, const struct ta_state *s,
			    const uint8_t *in, size_t in_len)
{
	struct reader r;
	int own = -1, i, j;

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_DKG_START)
		return TRIAD_ERR_MALFORMED;
	read_into(&r, d->key_type, 4);
	d->flags = read_u8(&r);
	d->own_id = read_u16(&r);
	d->threshold = read_u16(&r);
	d->n = read_u16(&r);
	d->context_len = read_u16(&r);
	if (r.error || d->threshold < 2 || d->threshold > d->n ||
	    d->n > TRIAD_MAX_PARTICIPANTS || d->context_len == 0 ||
	    d->context_len > TRIAD_MAX_CONTEXT || (d->flags & ~TRIAD_KEY_FLAG_NON_SLASHABLE))
		return TRIAD_ERR_MALFORMED;
	read_into(&r, d->context, d->context_len);
	for (i = 0; i < d->n; i++) {
		d->ids[i] = read_u16(&r);
		read_into(&r, d->identity_pk[i], 32);
		if (d->ids[i] == 0 || (i > 0 && d->ids[i] <= d->ids[i - 1]) ||
		    !point_is_valid_non_identity(d->identity_pk[i]))
			return TRIAD_ERR_MALFORMED;
		for (j = 0; j < i; j++)
			if (!memcmp(d->identity_pk[i], d->identity_pk[j], 32))
				return TRIAD_ERR_MALFORMED;
		if (d->ids[i] == d->own_id)
			own = i;
	}
	if (!reader_done(&r) || own < 0 || memcmp(d->identity_pk[own], s->identity_pk, 32))
		return TRIAD_ERR_MALFORMED;
	/* After the first DKG the cluster is fixed: later keys have the same participants. */
	if (s->own_id) {
		if (d->own_id != s->own_id || d->n != s->n_peers + 1)
			return TRIAD_ERR_POLICY;
		for (i = 0; i < d->n; i++) {
			const struct peer_record *p = state_find_peer((struct ta_state *)s, d->ids[i]);

			if (i != own && (!p || memcmp(p->identity_pk, d->identity_pk[i], 32)))
				return TRIAD_ERR_POLICY;
		}
	}
	if ((d->flags & TRIAD_KEY_FLAG_NON_SLASHABLE) && !key_type_is_non_slashable(d->key_type))
		return TRIAD_ERR_POLICY;
	d->scheme = key_type_scheme(d->key_type);
	if (!suite_of(d))
		return TRIAD_ERR_POLICY; /* a scheme this TA cannot make keys for */
	/* another key of a type already held is another key: only the slots are bounded */
	if (!state_free_key_slot((struct ta_state *)s))
		return TRIAD_ERR_KEYS_FULL;
	return 0;
}

struct key_record *dkg_target(const struct dkg_session *d, struct ta_state *s)
{
	if (d->step != 2)
		return NULL;
	return d->refresh ? state_find_key(s, d->key_type, d->group_pk) : state_free_key_slot(s);
}

uint32_t refresh_round1(struct dkg_session *d, const struct ta_state *s, const uint8_t *in,
			size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
	const struct key_record *key;
	struct reader r;
	struct writer w;
	uint8_t key_type[4], group_pk[FROST_POINT_MAX];
	const struct frost_suite *suite;
	int i, own = -1;

	dkg_abort(d);
	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_REFRESH_START)
		return TRIAD_ERR_MALFORMED;
	read_key_ref(&r, key_type, group_pk);
	d->context_len = read_u16(&r);
	if (r.error || d->context_len == 0 || d->context_len > TRIAD_MAX_CONTEXT)
		return TRIAD_ERR_MALFORMED;
	read_into(&r, d->context, d->context_len);
	if (!reader_done(&r))
		goto malformed;
	key = state_find_key((struct ta_state *)s, key_type, group_pk);
	if (!key) {
		dkg_abort(d);
		return TRIAD_ERR_NO_KEY;
	}
	/* the key's participants, with the identity keys the cluster authenticated */
	d->refresh = true;
	d->scheme = key->scheme;
	memcpy(d->key_type, key_type, 4);
	memcpy(d->group_pk, group_pk, sizeof(d->group_pk));
	d->flags = key->flags;
	d->own_id = key->own_id;
	d->threshold = key->threshold;
	d->n = key->n;
	for (i = 0; i < d->n; i++) {
		const struct peer_record *p = state_find_peer((struct ta_state *)s, key->ids[i]);

		d->ids[i] = key->ids[i];
		if (d->ids[i] == d->own_id) {
			own = i;
			memcpy(d->identity_pk[i], s->identity_pk, 32);
		} else if (p) {
			memcpy(d->identity_pk[i], p->identity_pk, 32);
		} else {
			dkg_abort(d);
			return TRIAD_ERR_BAD_STATE;
		}
	}
	/* f(x) = 0 + a_1 x + ...: shares of zero, so the group key cannot move */
	suite = suite_of(d);
	if (!suite) {
		dkg_abort(d);
		return TRIAD_ERR_BAD_STATE;
	}
	memset(d->polynomial[0], 0, FROST_SCALAR_BYTES);
	memcpy(d->commitment[own][0], suite->identity, suite->point_bytes);
	for (i = 1; i < d->threshold; i++) {
		suite->scalar_random(d->polynomial[i]);
		TEST_REVEAL("polynomial", d->polynomial[i], FROST_SCALAR_BYTES);
		if (suite->mul_base(d->commitment[own][i], d->polynomial[i])) {
			dkg_abort(d);
			return TRIAD_ERR_BAD_STATE;
		}
	}
	writer_init(&w, out, out_cap);
	write_round1_package(&w, d, own);
	if (w.error)
		goto malformed;
	*out_len = w.len;
	d->step = 1;
	return 0;
malformed:
	dkg_abort(d);
	return TRIAD_ERR_MALFORMED;
}

uint32_t dkg_round1(struct dkg_session *d, const struct ta_state *s, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint8_t k[FROST_SCALAR_BYTES], c[FROST_SCALAR_BYTES];
	const struct frost_suite *suite;
	struct writer w;
	uint32_t rc;
	int own, i;

	memset(k, 0, sizeof(k));
	dkg_abort(d); /* a new ceremony replaces any unfinished one */
	rc = parse_start(d, s, in, in_len);
	if (rc)
		goto fail;
	rc = TRIAD_ERR_BAD_STATE;
	suite = suite_of(d);
	own = index_of(d, d->own_id);
	for (i = 0; i < d->threshold; i++) {
		suite->scalar_random(d->polynomial[i]);
		TEST_REVEAL("polynomial", d->polynomial[i], FROST_SCALAR_BYTES);
		if (suite->mul_base(d->commitment[own][i], d->polynomial[i]))
			goto fail;
	}
	/* proof of knowledge of a_0: R = k·B, z = k + a_0·c */
	suite->scalar_random(k);
	TEST_REVEAL("pok-nonce", k, FROST_SCALAR_BYTES);
	if (suite->mul_base(d->pok_R[own], k) ||
	    pok_challenge(c, d, d->own_id, d->commitment[own][0], d->pok_R[own]))
		goto fail;
	suite->scalar_mul(d->pok_z[own], d->polynomial[0], c);
	suite->scalar_add(d->pok_z[own], d->pok_z[own], k);

	writer_init(&w, out, out_cap);
	write_round1_package(&w, d, own);
	rc = TRIAD_ERR_MALFORMED; /* the host gave too small an output buffer */
	if (w.error)
		goto fail;
	*out_len = w.len;
	d->step = 1;
	sodium_memzero(k, sizeof(k));
	return 0;
fail:
	sodium_memzero(k, sizeof(k));
	dkg_abort(d);
	return rc;
}

/*
 * Parses and checks one peer's round-one package into the session. Returns
 * 0, TRIAD_ERR_MALFORMED when the sender cannot be told, or a blame of the
 * sender.
 */
static uint32_t accept_round1_package(struct dkg_session *d, const uint8_t *p, size_t len,
				      uint8_t seen[TRIAD_MAX_PARTICIPANTS])
{
	const struct frost_suite *suite = suite_of(d);
	const size_t pb = suite->point_bytes;
	uint8_t c[FROST_SCALAR_BYTES], lhs[FROST_POINT_MAX], rhs[FROST_POINT_MAX];
	struct reader r;
	uint16_t sender;
	int idx, k;

	reader_init(&r, p, len);
	if (read_u8(&r) != (d->refresh ? TRIAD_TAG_REFRESH_ROUND1_PACKAGE : TRIAD_TAG_DKG_ROUND1_PACKAGE))
		return TRIAD_ERR_MALFORMED;
	sender = read_u16(&r);
	idx = index_of(d, sender);
	if (r.error || idx < 0 || sender == d->own_id || seen[idx])
		return TRIAD_ERR_MALFORMED;
	seen[idx] = 1;
	if (d->refresh) {
		if (read_u16(&r) != d->threshold - 1)
			return TRIAD_ERR_DKG_BLAME(sender);
		/* the identity: a sharing of zero */
		memcpy(d->commitment[idx][0], suite->identity, pb);
		for (k = 1; k < d->threshold; k++) {
			read_into(&r, d->commitment[idx][k], pb);
			if (!suite->point_ok(d->commitment[idx][k]))
				return TRIAD_ERR_DKG_BLAME(sender);
		}
		return reader_done(&r) ? 0 : TRIAD_ERR_DKG_BLAME(sender);
	}
	if (read_u16(&r) != d->threshold)
		return TRIAD_ERR_DKG_BLAME(sender);
	for (k = 0; k < d->threshold; k++) {
		read_into(&r, d->commitment[idx][k], pb);
		if (!suite->point_ok(d->commitment[idx][k]))
			return TRIAD_ERR_DKG_BLAME(sender);
	}
	read_into(&r, d->pok_R[idx], pb);
	read_into(&r, d->pok_z[idx], FROST_SCALAR_BYTES);
	if (!reader_done(&r) || !suite->point_ok(d->pok_R[idx]) ||
	    !suite->scalar_ok(d->pok_z[idx]))
		return TRIAD_ERR_DKG_BLAME(sender);
	/* R == z·B - c·phi_0 */
	if (pok_challenge(c, d, sender, d->commitment[idx][0], d->pok_R[idx]) ||
	    suite->mul_base(lhs, d->pok_z[idx]) || suite->mul(rhs, c, d->commitment[idx][0]) ||
	    suite->sub(lhs, lhs, rhs) || sodium_memcmp(lhs, d->pok_R[idx], (int)pb))
		return TRIAD_ERR_DKG_BLAME(sender);
	return 0;
}

/*
 * @triad/frost's dkgTranscriptDigest (refreshTranscriptDigest for a refresh):
 * SHA-512 over LE32-framed domain, context and packages.
 */
static int compute_transcript(struct dkg_session *d)
{
	const char *domain = d->refresh ? "triad-refresh-echo-v1" : "triad-dkg-echo-v1";
	uint8_t encoded[PKG_HEADER + (TRIAD_MAX_PARTICIPANTS + 1) * FROST_POINT_MAX +
			FROST_SCALAR_BYTES];
	crypto_hash_sha512_state st;
	struct writer w;
	int i;

	crypto_hash_sha512_init(&st);
	writer_init(&w, encoded, sizeof(encoded));
	write_u32(&w, (uint32_t)strlen(domain));
	write_bytes(&w, domain, strlen(domain));
	write_u32(&w, d->context_len);
	write_bytes(&w, d->context, d->context_len);
	crypto_hash_sha512_update(&st, encoded, w.len);
	for (i = 0; i < d->n; i++) {
		/* each package: LE32 length, then the package */
		writer_init(&w, encoded + 4, sizeof(encoded) - 4);
		write_round1_package(&w, d, i);
		if (w.error)
			return -1;
		encoded[0] = (uint8_t)w.len;
		encoded[1] = (uint8_t)(w.len >> 8);
		encoded[2] = encoded[3] = 0;
		crypto_hash_sha512_update(&st, encoded, w.len + 4);
	}
	crypto_hash_sha512_final(&st, d->transcript);
	return 0;
}

/* AEAD nonce and associated data for the share from `sender` to `receiver`. */
static void share_nonce_and_ad(const struct dkg_session *d, uint16_t sender, uint16_t receiver,
			       uint8_t nonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES],
			       uint8_t ad[DKG_SHARE_AD_BYTES])
{
	uint8_t digest[32];
	struct writer w;

	writer_init(&w, ad, DKG_SHARE_AD_BYTES);
	write_bytes(&w, "triad-dkg-share-v1", 18);
	write_bytes(&w, d->transcript, DKG_TRANSCRIPT_BYTES);
	write_u16(&w, sender);
	write_u16(&w, receiver);
	/* unique per (ceremony, direction): the pairwise key outlives ceremonies */
	crypto_generichash_blake2b(digest, sizeof(digest), ad, DKG_SHARE_AD_BYTES, NULL, 0);
	memcpy(nonce, digest, crypto_aead_chacha20poly1305_IETF_NPUBBYTES);
}

uint32_t dkg_round2(struct dkg_session *d, const struct ta_state *s, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint8_t seen[TRIAD_MAX_PARTICIPANTS] = { 0 };
	uint8_t nonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES];
	uint8_t ad[DKG_SHARE_AD_BYTES], key[32], plain[37], box[DKG_SHARE_BOX_BYTES];
	struct reader r;
	struct writer w, pw;
	uint16_t count;
	uint32_t rc = TRIAD_ERR_MALFORMED;
	int own = index_of(d, d->own_id), i;

	if (d->step != 1)
		return TRIAD_ERR_BAD_STATE;
	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_DKG_ROUND1_BUNDLE)
		goto fail;
	count = read_u16(&r);
	if (r.error || count != d->n - 1)
		goto fail;
	for (i = 0; i < count; i++) {
		uint32_t len = read_u32(&r);
		const uint8_t *p = read_bytes(&r, len);

		rc = p ? accept_round1_package(d, p, len, seen) : TRIAD_ERR_MALFORMED;
		if (rc)
			goto fail;
	}
	rc = TRIAD_ERR_MALFORMED;
	if (!reader_done(&r) || compute_transcript(d))
		goto fail;

	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_DKG_ROUND2_BUNDLE);
	write_u16(&w, (uint16_t)(d->n - 1));
	for (i = 0; i < d->n; i++) {
		if (i == own)
			continue;
		writer_init(&pw, plain, sizeof(plain));
		write_u8(&pw, TRIAD_TAG_SECRET_SHARE_PACKAGE);
		write_u16(&pw, d->own_id);
		write_u16(&pw, d->ids[i]);
		evaluate_polynomial(plain + 5, d, d->ids[i]);
		TEST_REVEAL("dealt-share", plain + 5, 32);
		share_nonce_and_ad(d, d->own_id, d->ids[i], nonce, ad);
		rc = TRIAD_ERR_BAD_STATE;
		if (pairwise_subkey(key, s->identity_sk, s->identity_pk, d->identity_pk[i], "dkg-share"))
			goto fail;
		crypto_aead_chacha20poly1305_ietf_encrypt(box, NULL, plain, sizeof(plain), ad,
							  sizeof(ad), NULL, nonce, key);
		write_u16(&w, d->own_id);
		write_u16(&w, d->ids[i]);
		write_u32(&w, sizeof(box));
		write_bytes(&w, box, sizeof(box));
	}
	rc = TRIAD_ERR_MALFORMED;
	if (w.error)
		goto fail;
	*out_len = w.len;
	d->step = 2;
	rc = 0;
	goto done;
fail:
	dkg_abort(d);
done:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(plain, sizeof(plain));
	return rc;
}

/* Opens and checks the share `sender` dealt us; adds it to `sum`. */
static uint32_t accept_share(struct dkg_session *d, const struct ta_state *s, uint16_t sender,
			     const uint8_t *box, size_t box_len, uint8_t sum[32])
{
	uint8_t nonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES];
	const struct frost_suite *suite = suite_of(d);
	uint8_t ad[DKG_SHARE_AD_BYTES], key[32], plain[37];
	uint8_t expected[FROST_POINT_MAX], got[FROST_POINT_MAX];
	struct reader r;
	uint32_t rc = TRIAD_ERR_DKG_BLAME(sender);
	int idx = index_of(d, sender);

	share_nonce_and_ad(d, sender, d->own_id, nonce, ad);
	if (box_len != DKG_SHARE_BOX_BYTES ||
	    pairwise_subkey(key, s->identity_sk, s->identity_pk, d->identity_pk[idx], "dkg-share") ||
	    crypto_aead_chacha20poly1305_ietf_decrypt(plain, NULL, NULL, box, box_len, ad,
						      sizeof(ad), nonce, key))
		goto out;
	reader_init(&r, plain, sizeof(plain));
	if (read_u8(&r) != TRIAD_TAG_SECRET_SHARE_PACKAGE || read_u16(&r) != sender ||
	    read_u16(&r) != d->own_id || r.error || !suite->scalar_ok(plain + 5))
		goto out;
	/* Feldman: share·B == sum_k C_k·own_id^k */
	if (evaluate_commitment(suite, expected,
				(const uint8_t(*)[FROST_POINT_MAX])d->commitment[idx], d->threshold,
				d->own_id) ||
	    suite->mul_base(got, plain + 5) ||
	    sodium_memcmp(got, expected, (int)suite->point_bytes))
		goto out;
	TEST_REVEAL("received-share", plain + 5, FROST_SCALAR_BYTES);
	suite->scalar_add(sum, sum, plain + 5);
	rc = 0;
out:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(plain, sizeof(plain));
	return rc;
}

uint32_t dkg_round3(struct dkg_session *d, struct ta_state *s, const uint8_t *in,
		    size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
	const struct frost_suite *suite = suite_of(d);
	const size_t pb = suite ? suite->point_bytes : 0;
	uint8_t seen[TRIAD_MAX_PARTICIPANTS] = { 0 };
	uint8_t group[TRIAD_MAX_PARTICIPANTS][FROST_POINT_MAX];
	struct key_record key;
	struct reader r;
	struct writer w;
	uint32_t rc = TRIAD_ERR_MALFORMED;
	uint16_t count;
	int own = index_of(d, d->own_id), i, k;

	if (d->step != 2)
		return TRIAD_ERR_BAD_STATE;
	memset(&key, 0, sizeof(key));
	/* DKG: s_i = sum_j f_j(i). Refresh: s_i' = s_i + sum_j f_j(i), every f_j(0) = 0. */
	if (d->refresh) {
		const struct key_record *old = state_find_key(s, d->key_type, d->group_pk);

		if (!old)
			goto done;
		key = *old;
	}
	{
		uint8_t own_share[FROST_SCALAR_BYTES];

		evaluate_polynomial(own_share, d, d->own_id);
		suite->scalar_add(key.share, key.share, own_share);
		sodium_memzero(own_share, sizeof(own_share));
	}
	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_DKG_ROUND2_BUNDLE)
		goto done;
	count = read_u16(&r);
	if (r.error || count != d->n - 1)
		goto done;
	for (i = 0; i < count; i++) {
		uint16_t sender = read_u16(&r), receiver = read_u16(&r);
		uint32_t len = read_u32(&r);
		const uint8_t *box = read_bytes(&r, len);
		int idx = index_of(d, sender);

		rc = TRIAD_ERR_MALFORMED;
		if (!box || idx < 0 || idx == own || seen[idx] || receiver != d->own_id)
			goto done;
		seen[idx] = 1;
		rc = accept_share(d, s, sender, box, len, key.share);
		if (rc)
			goto done;
	}
	rc = TRIAD_ERR_MALFORMED;
	if (!reader_done(&r))
		goto done;

	/* the group commitment is the coefficient-wise sum of everyone's */
	rc = TRIAD_ERR_BAD_STATE;
	for (k = 0; k < d->threshold; k++) {
		memcpy(group[k], d->commitment[0][k], pb);
		for (i = 1; i < d->n; i++)
			if (suite->add(group[k], group[k], d->commitment[i][k]))
				goto done;
	}
	if (!d->refresh)
		memcpy(key.group_pk, group[0], pb);
	for (i = 0; i < d->n; i++) {
		uint8_t delta[FROST_POINT_MAX];

		key.ids[i] = d->ids[i];
		if (evaluate_commitment(suite, delta, (const uint8_t(*)[FROST_POINT_MAX])group,
					d->threshold, d->ids[i]))
			goto done;
		/* a refresh moves every verifying share by the public image of its delta */
		if (d->refresh ? suite->add(key.verifying[i], key.verifying[i], delta)
			       : (memcpy(key.verifying[i], delta, pb), 0))
			goto done;
		if (!suite->point_ok(key.verifying[i]))
			goto done;
	}
	{
		uint8_t check[FROST_POINT_MAX];

		if (suite->mul_base(check, key.share) ||
		    sodium_memcmp(check, key.verifying[own], (int)pb) ||
		    !suite->point_ok(key.group_pk))
			goto done;
	}
	memcpy(key.key_type, d->key_type, 4);
	key.scheme = d->scheme;
	key.flags = d->flags;
	key.own_id = d->own_id;
	key.threshold = d->threshold;
	key.n = d->n;
	key.present = true;
	if (!d->refresh) {
		key.status = TRIAD_KEY_STATUS_ACTIVE;
		key.created = s->counter;
	}

	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_PUBLIC_KEY_PACKAGE);
	write_u16(&w, key.threshold);
	write_u16(&w, key.n);
	write_bytes(&w, key.group_pk, pb);
	for (i = 0; i < d->n; i++) {
		write_u16(&w, key.ids[i]);
		write_bytes(&w, key.verifying[i], pb);
	}
	rc = TRIAD_ERR_MALFORMED;
	if (w.error)
		goto done;
	if (d->refresh) {
		*state_find_key(s, key.key_type, key.group_pk) = key;
		TEST_REVEAL("signing-share", key.share, 32);
		*out_len = w.len;
		rc = 0;
		goto done; /* wipes the session and the copy */
	}
	/* a group key drawn twice is not a second key (it cannot happen by chance) */
	if (!state_free_key_slot(s) || state_find_any_key(s, key.key_type, key.group_pk))
		goto done;
	*state_free_key_slot(s) = key;
	TEST_REVEAL("signing-share", key.share, 32);
	/*
	 * The first key fixes the cluster. Every peer's identity key is now
	 * authenticated: its share opened under our pairwise key with it.
	 */
	if (!s->own_id) {
		s->own_id = d->own_id;
		s->n_peers = 0;
		for (i = 0; i < d->n; i++) {
			if (i == own)
				continue;
			s->peers[s->n_peers].id = d->ids[i];
			memcpy(s->peers[s->n_peers].identity_pk, d->identity_pk[i], 32);
			s->peers[s->n_peers].seen_counter = 0;
			s->n_peers++;
		}
	}
	*out_len = w.len;
	rc = 0;
done:
	sodium_memzero(&key, sizeof(key));
	dkg_abort(d);
	return rc;
}
