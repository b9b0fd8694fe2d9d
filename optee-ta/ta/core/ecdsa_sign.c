// SPDX-License-Identifier: Apache-2.0
/*
 * ECDSA over secp256k1 for `beef` keys: the round trip of three commands
 * that FROST signatures take (sign.c: the same checks, marks, seals and
 * counter messages), carrying a weighted share instead of a signature share.
 *
 * A `beef` key is Shamir-shared by the DKG like every other key; no TA and no
 * host stores it whole. ECDSA has no threshold form here yet (DKLs23-style
 * signing is the goal), so one signature needs the key whole for a moment,
 * inside the coordinator's TA:
 *
 *   1. the coordinator's TA checks the payload and advances its mark
 *      (ECDSA_PREPARE, as SIGN_PREPARE);
 *   2. the cosigner's TA checks and advances its own mark, then sends
 *      lambda_i·s_i, sealed under the pair's key and bound to this request
 *      (ECDSA_COSIGN);
 *   3. the coordinator's TA opens it, adds its own lambda_j·s_j, checks that
 *      the sum's public key is the group key, signs, and wipes the sum
 *      (ECDSA_FINISH).
 *
 * So the double-vote guarantee is that of every other key (two TAs check and
 * mark before anything is signed); a coordinator's TA that is broken while it
 * signs learns the whole key, which a FROST TA would not.
 *
 * Layouts (little-endian; tags in triad_ta.h):
 *
 * ECDSA_PREPARE:  SIGN_REQUEST (sign.c; the signers by identifier alone) ->
 *                 COUNTER_UPDATES, as SIGN_PREPARE
 * ECDSA_COSIGN:   COSIGN_REQUEST -> ECDSA_COSIGN_RESULT (0x3b): WeightedShare, ack
 * ECDSA_FINISH:   ECDSA_FINISH_REQUEST (0x3c): len:u32 SIGN_REQUEST, ack, WeightedShare
 *                 -> ECDSA_SIGNATURE (0x3d): signature[65] (r || s || recovery id)
 * WeightedShare:  from:u16 nonce[12] box[48], box = ChaCha20-Poly1305-IETF of
 *                 lambda_from·s_from (32 bytes, big-endian) under the pair's
 *                 "ecdsa-share" key, with associated data
 *                 "triad-ecdsa-share-v1" || request digest || from:u16 || to:u16
 *
 * The nonce is random: a refresh changes the share under the same request,
 * and a nonce repeated with another plaintext would open both.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "ecdsa_sign.h"
#include "keccak.h"
#include "pairwise.h"
#include "secp256k1_ops.h"
#include "sign.h"
#include "test_reveal.h"

#define SHARE_AD_LABEL "triad-ecdsa-share-v1"
#define SHARE_AD_BYTES (sizeof(SHARE_AD_LABEL) - 1 + 32 + 2 + 2)
#define SHARE_NONCE_BYTES crypto_aead_chacha20poly1305_IETF_NPUBBYTES
#define SHARE_BOX_BYTES (FROST_SCALAR_BYTES + crypto_aead_chacha20poly1305_IETF_ABYTES)

static void share_ad(uint8_t ad[SHARE_AD_BYTES], const uint8_t digest[32], uint16_t from,
		     uint16_t to)
{
	struct writer w;

	writer_init(&w, ad, SHARE_AD_BYTES);
	write_bytes(&w, SHARE_AD_LABEL, sizeof(SHARE_AD_LABEL) - 1);
	write_bytes(&w, digest, 32);
	write_u16(&w, from);
	write_u16(&w, to);
}

/* The pair's "ecdsa-share" key with the TA `peer_id`. */
static int share_key(uint8_t key[32], const struct ta_state *s, uint16_t peer_id)
{
	struct peer_record *peer = state_find_peer((struct ta_state *)s, peer_id);

	if (!peer)
		return -1;
	return pairwise_subkey(key, s->identity_sk, s->identity_pk, peer->identity_pk,
			       "ecdsa-share");
}

/* lambda_own·s_own over the request's signers, in the key's field. */
static int weighted_share(uint8_t out[FROST_SCALAR_BYTES], const struct key_record *key,
			  const struct sign_request *q)
{
	const struct frost_suite *suite = key_suite(key);
	uint16_t ids[FROST_MAX_SIGNERS];
	uint8_t lambda[FROST_SCALAR_BYTES];
	size_t i;

	for (i = 0; i < q->n; i++)
		ids[i] = q->set[i].id;
	if (frost_suite_lagrange(suite, lambda, ids, q->n, key->own_id))
		return -1;
	suite->scalar_mul(out, lambda, key->share);
	sodium_memzero(lambda, sizeof(lambda));
	return 0;
}

/* ECDSA_COSIGN's part: our weighted share, sealed for the coordinator's TA. */
static uint32_t write_weighted_share(struct writer *w, struct ta_context *ctx,
				     const struct key_record *key, const struct nonce_pair *nonces,
				     const struct sign_request *q, const struct rule_claim *claim,
				     uint16_t coordinator)
{
	uint8_t plain[FROST_SCALAR_BYTES], k[32], ad[SHARE_AD_BYTES];
	uint8_t nonce[SHARE_NONCE_BYTES], box[SHARE_BOX_BYTES];
	uint32_t rc = TRIAD_ERR_BAD_STATE;

	(void)nonces;
	(void)claim;
	if (weighted_share(plain, key, q) || share_key(k, &ctx->state, coordinator))
		goto out;
	TEST_REVEAL("ecdsa-weighted-share", plain, sizeof(plain));
	randombytes_buf(nonce, sizeof(nonce));
	share_ad(ad, q->digest, key->own_id, coordinator);
	crypto_aead_chacha20poly1305_ietf_encrypt(box, NULL, plain, sizeof(plain), ad, sizeof(ad),
						  NULL, nonce, k);
	write_u8(w, TRIAD_TAG_ECDSA_WEIGHTED_SHARE);
	write_u16(w, key->own_id);
	write_bytes(w, nonce, sizeof(nonce));
	write_bytes(w, box, sizeof(box));
	rc = 0;
out:
	sodium_memzero(plain, sizeof(plain));
	sodium_memzero(k, sizeof(k));
	return rc;
}

/*
 * A request for an ECDSA key, or POLICY: each family signs its own keys only.
 * The key type comes first (SIGN_REQUEST: tag, kind, key_type), so a FROST
 * key's request is refused as such whatever its signer set looks like.
 */
static uint32_t require_ecdsa_key(const uint8_t *request, size_t len)
{
	struct reader r;
	uint8_t key_type[4];

	reader_init(&r, request, len);
	if (read_u8(&r) != TRIAD_TAG_SIGN_REQUEST)
		return TRIAD_ERR_MALFORMED;
	read_u8(&r);
	read_into(&r, key_type, sizeof(key_type));
	if (r.error)
		return TRIAD_ERR_MALFORMED;
	return key_type_scheme(key_type) == TRIAD_SCHEME_ECDSA ? 0 : TRIAD_ERR_POLICY;
}

uint32_t cmd_ecdsa_prepare(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint32_t rc = require_ecdsa_key(in, in_len);

	return rc ? rc : sign_prepare_step(ctx, in, in_len, out, out_cap, out_len, false);
}

uint32_t cmd_ecdsa_cosign(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len)
{
	struct reader r;
	const uint8_t *request;
	uint32_t len, rc;

	/* COSIGN_REQUEST: tag, len:u32 SIGN_REQUEST, ... */
	reader_init(&r, in, in_len);
	read_u8(&r);
	len = read_u32(&r);
	request = read_bytes(&r, len);
	if (!request)
		return TRIAD_ERR_MALFORMED;
	rc = require_ecdsa_key(request, len);
	if (rc)
		return rc;
	return sign_cosign_step(ctx, in, in_len, out, out_cap, out_len, false,
				TRIAD_TAG_ECDSA_COSIGN_RESULT, write_weighted_share);
}

/* The prehash the key signs: what polkadot-sdk's keystore hashes for that kind. */
static void prehash_of(uint8_t out[32], uint8_t kind, const struct rule_claim *claim)
{
	/* BEEFY signs keccak-256 of the commitment (ecdsa_sign_prehashed) ... */
	if (kind == TRIAD_KIND_BEEFY_COMMITMENT)
		keccak256(out, claim->msg, claim->msg_len);
	/* ... ecdsa::Pair::sign, as the ownership proof uses it, blake2-256 of the message */
	else
		crypto_generichash_blake2b(out, 32, claim->msg, claim->msg_len, NULL, 0);
}

/*
 * The cosigner's weighted share, opened: from the cosigner the ack names,
 * for this request, sealed by its TA for ours.
 */
static uint32_t open_weighted_share(uint8_t out[FROST_SCALAR_BYTES], struct ta_context *ctx,
				    struct reader *r, const struct relayed_request *m)
{
	uint8_t k[32], ad[SHARE_AD_BYTES];
	const uint8_t *nonce, *box;
	uint16_t from;
	uint32_t rc = TRIAD_ERR_DKG_BLAME(m->ack.from);

	if (read_u8(r) != TRIAD_TAG_ECDSA_WEIGHTED_SHARE)
		return TRIAD_ERR_MALFORMED;
	from = read_u16(r);
	nonce = read_bytes(r, SHARE_NONCE_BYTES);
	box = read_bytes(r, SHARE_BOX_BYTES);
	if (!reader_done(r) || from != m->ack.from)
		return TRIAD_ERR_MALFORMED;
	if (share_key(k, &ctx->state, from))
		return TRIAD_ERR_BAD_STATE;
	share_ad(ad, m->q.digest, from, ctx->state.own_id);
	if (!crypto_aead_chacha20poly1305_ietf_decrypt(out, NULL, NULL, box, SHARE_BOX_BYTES, ad,
						       sizeof(ad), nonce, k))
		rc = 0;
	sodium_memzero(k, sizeof(k));
	return rc;
}

/*
 * x = ours + theirs, checked against the group key, then the signature. A
 * sum whose key is not the group key is the cosigner's fault (ours was
 * checked against our public share at the DKG): blamed, nothing signed.
 */
static uint32_t combine_and_sign(uint8_t sig[SECP_ECDSA_RECOVERABLE_BYTES],
				 const struct key_record *key, const struct sign_request *q,
				 const uint8_t theirs[FROST_SCALAR_BYTES],
				 const uint8_t prehash[32], uint16_t cosigner)
{
	const struct frost_suite *suite = key_suite(key);
	uint8_t x[FROST_SCALAR_BYTES], pk[FROST_POINT_MAX];
	uint32_t rc = TRIAD_ERR_DKG_BLAME(cosigner);

	if (weighted_share(x, key, q)) {
		rc = TRIAD_ERR_BAD_STATE;
		goto out;
	}
	if (!suite->scalar_ok(theirs))
		goto out;
	suite->scalar_add(x, x, theirs);
	if (suite->mul_base(pk, x) || sodium_memcmp(pk, key->group_pk, (int)suite->point_bytes))
		goto out;
	TEST_REVEAL("ecdsa-combined-key", x, sizeof(x));
	rc = secp_ecdsa_sign_prehashed_recoverable(sig, x, prehash) ? TRIAD_ERR_BAD_STATE : 0;
out:
	sodium_memzero(x, sizeof(x));
	return rc;
}

uint32_t cmd_ecdsa_finish(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len)
{
	static struct relayed_request m;
	struct pending_sign *p;
	struct key_record *key;
	struct rule_claim claim;
	struct reader r;
	struct writer w;
	uint8_t theirs[FROST_SCALAR_BYTES], prehash[32], sig[SECP_ECDSA_RECOVERABLE_BYTES];
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	reader_init(&r, in, in_len);
	rc = read_relayed_sign(ctx, TRIAD_TAG_ECDSA_FINISH_REQUEST, &r, &m);
	if (rc)
		return rc;
	if (key_type_scheme(m.q.key_type) != TRIAD_SCHEME_ECDSA)
		return TRIAD_ERR_POLICY;
	rc = sign_finish_begin(ctx, &m, &p, &key, &claim);
	if (!p)
		return rc;
	if (!rc)
		rc = open_weighted_share(theirs, ctx, &r, &m);
	if (!rc) {
		prehash_of(prehash, m.q.kind, &claim);
		rc = combine_and_sign(sig, key, &m.q, theirs, prehash, m.ack.from);
	}
	if (!rc) {
		writer_init(&w, out, out_cap);
		write_u8(&w, TRIAD_TAG_ECDSA_SIGNATURE);
		write_bytes(&w, sig, sizeof(sig));
		rc = ta_reply(&w, out_len);
	}
	sodium_memzero(theirs, sizeof(theirs));
	/* one finish per preparation, as for FROST (sign.c) */
	sodium_memzero(p, sizeof(*p));
	return rc;
}
