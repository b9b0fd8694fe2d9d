// SPDX-License-Identifier: Apache-2.0
/*
 * The signing steps (DESIGN.md 5): commitments ahead of time, then the one
 * round trip of three commands, coordinator SIGN_PREPARE, cosigner
 * SIGN_COSIGN, coordinator SIGN_FINISH, and the table of preparations that
 * wait for the cosigner's ack. Every check (key, nonce, set, the kind's rule
 * and the key's marks) runs, and every change is sealed, before a share
 * leaves.
 *
 * Layouts (little-endian; tags in triad_ta.h):
 *
 * Keys are named key_type[4] group_pk, the group key of the type's size
 * (state.h read_key_ref: 32 bytes, 33 for secp256k1).
 *
 * COMMIT_NONCES_REQUEST (0x21): key_type[4] group_pk count:u8 (1..TRIAD_MAX_COMMIT_BATCH)
 * COMMITMENT_BATCH (0x22):      count:u16, count x (id:u16 D[32] E[32])
 * SIGN_REQUEST (0x23):          kind:u8 key_type[4] group_pk payload_len:u32 payload
 *                               SigningSet (tag 0x02, count:u16, count x (id:u16 D E))
 * COUNTER_UPDATES (0x28):       count:u8, count x update (counter_msg.h)
 * COSIGN_REQUEST (0x29):        len:u32 SIGN_REQUEST, update (counter_msg.h)
 * COSIGN_RESULT (0x2a):         SignatureShare (35 bytes), ack (counter_msg.h)
 * FINISH_REQUEST (0x2b):        len:u32 SIGN_REQUEST, ack (counter_msg.h)
 * FINISH_RESULT (0x33):         SignatureShare (35 bytes), R[32] (group commitment)
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "counter_msg.h"
#include "frost.h"
#include "sign.h"
#include "sign_request.h"

uint32_t cmd_commit_nonces(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len)
{
	struct frost_commitment c;
	struct key_record *key;
	struct reader r;
	struct writer w;
	uint8_t key_type[4], group_pk[FROST_POINT_MAX], count, i;

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_COMMIT_NONCES_REQUEST)
		return TRIAD_ERR_MALFORMED;
	read_key_ref(&r, key_type, group_pk);
	count = read_u8(&r);
	if (!reader_done(&r) || count == 0 || count > TRIAD_MAX_COMMIT_BATCH)
		return TRIAD_ERR_MALFORMED;
	key = state_find_key(&ctx->state, key_type, group_pk);
	if (!key)
		return TRIAD_ERR_NO_KEY;
	if (!key_suite(key)->challenge)
		return TRIAD_ERR_POLICY; /* an ECDSA key signs without nonces */

	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_COMMITMENT_BATCH);
	write_u16(&w, count);
	for (i = 0; i < count; i++) {
		if (nonce_pool_add(&ctx->pool, key_suite(key), key_type, group_pk, key->own_id,
				   key->share, &c))
			return TRIAD_ERR_BAD_STATE;
		write_u16(&w, c.id);
		write_bytes(&w, c.hiding, 32);
		write_bytes(&w, c.binding, 32);
	}
	return ta_reply(&w, out_len);
}

/* Our SignatureShare; and, if R is not NULL, the group commitment it was made for. */
static uint32_t write_share(struct writer *w, const struct key_record *key,
			    const struct nonce_pair *nonces, const struct sign_request *q,
			    const struct rule_claim *claim, uint8_t R[32])
{
	const struct frost_signing_package pkg = { key_suite(key), claim->msg, claim->msg_len,
						   q->set, q->n, key->group_pk, key->threshold };
	const struct frost_signer me = { key->own_id, key->share, nonces->hiding, nonces->binding };
	uint8_t z[32];

	if (frost_sign_share(z, &pkg, &me, R))
		return TRIAD_ERR_MALFORMED;
	write_u8(w, TRIAD_TAG_SIGNATURE_SHARE);
	write_u16(w, key->own_id);
	write_bytes(w, z, 32);
	sodium_memzero(z, sizeof(z));
	return 0;
}

/*
 * Coordinator, step one, for both signing families (`with_nonces`: FROST's;
 * without: ECDSA's). Input: SIGN_REQUEST. Output: COUNTER_UPDATES (count:u8,
 * updates) for the cosigner. No share leaves yet.
 */
uint32_t sign_prepare_step(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			   uint8_t *out, size_t out_cap, size_t *out_len, bool with_nonces)
{
	static struct sign_request q;
	struct nonce_pair nonces;
	struct key_record *key;
	struct counter_update u;
	struct writer w;
	struct rule_claim claim;
	bool changed = false;
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	if (!parse_sign_request(&q, in, in_len))
		return TRIAD_ERR_MALFORMED;
	memset(&nonces, 0, sizeof(nonces));
	key = request_begin(ctx, &q);
	rc = request_check(ctx, &q, key, with_nonces ? &nonces : NULL, REQUEST_SIGNATURE, &claim,
			   &changed);
	u.to = rc ? 0 : request_cosigner(ctx, &q);
	if (!rc && !state_find_peer(&ctx->state, u.to))
		rc = TRIAD_ERR_MALFORMED;
	if (rc) {
		ta_change_undo(ctx);
		sodium_memzero(&nonces, sizeof(nonces));
		return rc;
	}
	rc = changed ? ta_change_seal(ctx) : 0;
	if (rc) {
		sodium_memzero(&nonces, sizeof(nonces));
		return rc;
	}
	u.from = ctx->state.own_id;
	u.counter = ctx->state.counter;
	memcpy(u.digest, q.digest, 32);
	writer_init(&w, out, out_cap);
	write_u8(&w, TRIAD_TAG_COUNTER_UPDATES);
	write_u8(&w, 1);
	if (write_update(&w, &ctx->state, &u) || w.error) {
		sodium_memzero(&nonces, sizeof(nonces));
		return TRIAD_ERR_MALFORMED;
	}
	pending_add(ctx, q.digest, u.counter, u.to, &nonces);
	sodium_memzero(&nonces, sizeof(nonces));
	*out_len = w.len;
	return 0;
}

uint32_t cmd_sign_prepare(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len)
{
	return sign_prepare_step(ctx, in, in_len, out, out_cap, out_len, true);
}

/* SIGN_COSIGN's part: our FROST SignatureShare. */
static uint32_t write_frost_part(struct writer *w, struct ta_context *ctx,
				 const struct key_record *key, const struct nonce_pair *nonces,
				 const struct sign_request *q, const struct rule_claim *claim,
				 uint16_t coordinator)
{
	(void)ctx;
	(void)coordinator;
	return write_share(w, key, nonces, q, claim, NULL);
}

/*
 * Cosigner, for both families. Input: COSIGN_REQUEST (request, the
 * coordinator's update). Output: result_tag, our part (`part`), our ack of
 * the coordinator's counter carrying our own counter. The coordinator's
 * counter is sealed as seen, and our own change sealed, before the part leaves.
 */
uint32_t sign_cosign_step(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			  uint8_t *out, size_t out_cap, size_t *out_len, bool with_nonces,
			  uint8_t result_tag, cosign_part_fn part)
{
	static struct relayed_request m;
	const struct sign_request *q = &m.q;
	const struct counter_update *u = &m.update;
	struct nonce_pair nonces;
	struct peer_record *coordinator;
	struct key_record *key;
	struct counter_ack a;
	struct writer w;
	struct rule_claim claim;
	bool changed = false;
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	rc = parse_relayed_sign(ctx, TRIAD_TAG_COSIGN_REQUEST, in, in_len, &m);
	if (rc)
		return rc;
	if (sodium_memcmp(u->digest, q->digest, 32) || request_cosigner(ctx, q) != u->from)
		return TRIAD_ERR_PEER_AUTH;

	memset(&nonces, 0, sizeof(nonces));
	key = request_begin(ctx, q);
	rc = request_check(ctx, q, key, with_nonces ? &nonces : NULL, REQUEST_SIGNATURE, &claim,
			   &changed);
	if (rc) {
		ta_change_undo(ctx);
		sodium_memzero(&nonces, sizeof(nonces));
		return rc;
	}
	coordinator = state_find_peer(&ctx->state, u->from);
	if (u->counter > coordinator->seen_counter) {
		coordinator->seen_counter = u->counter;
		changed = true;
	}
	if (changed)
		rc = ta_change_seal(ctx);
	if (!rc) {
		writer_init(&w, out, out_cap);
		write_u8(&w, result_tag);
		rc = part(&w, ctx, key, &nonces, q, &claim, u->from);
		a.from = ctx->state.own_id;
		a.to = u->from;
		a.acked = u->counter;
		a.counter = ctx->state.counter;
		memcpy(a.digest, q->digest, 32);
		if (!rc && (write_ack(&w, &ctx->state, &a) || w.error))
			rc = TRIAD_ERR_MALFORMED;
		*out_len = rc ? 0 : w.len;
	}
	sodium_memzero(&nonces, sizeof(nonces));
	return rc;
}

uint32_t cmd_sign_cosign(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			 uint8_t *out, size_t out_cap, size_t *out_len)
{
	return sign_cosign_step(ctx, in, in_len, out, out_cap, out_len, true,
				TRIAD_TAG_COSIGN_RESULT, write_frost_part);
}

uint32_t sign_finish_begin(struct ta_context *ctx, const struct relayed_request *m,
			   struct pending_sign **pending, struct key_record **key,
			   struct rule_claim *claim)
{
	const struct sign_request *q = &m->q;
	const struct counter_ack *a = &m->ack;
	struct peer_record *cosigner;
	const struct rule *rule;
	struct pending_sign *p;
	uint32_t rc;

	*pending = p = pending_find(ctx, q->digest);
	*key = NULL;
	if (!p)
		return TRIAD_ERR_NONCE_UNKNOWN;
	if (a->from != p->cosigner || a->acked != p->counter ||
	    sodium_memcmp(a->digest, q->digest, 32)) {
		*pending = NULL; /* not consumed: see cmd_sign_finish */
		return TRIAD_ERR_PEER_AUTH;
	}
	*key = state_find_key(&ctx->state, q->key_type, q->group_pk);
	rc = *key ? request_claim(q, *key, REQUEST_SIGNATURE, &rule, claim) : TRIAD_ERR_NO_KEY;
	if (!rc) {
		ta_change_begin(ctx, NULL);
		cosigner = state_find_peer(&ctx->state, a->from);
		if (a->counter > cosigner->seen_counter) {
			cosigner->seen_counter = a->counter;
			rc = ta_change_seal(ctx);
		}
	}
	return rc;
}

/*
 * Coordinator, step two. Input: FINISH_REQUEST (request, the cosigner's ack).
 * Output: FINISH_RESULT (our SignatureShare, the group commitment R), released
 * only once the cosigner has acknowledged our counter; the cosigner's counter
 * is sealed as seen first. R is public, the first half of the signature: with
 * it the host assembles (R, z_own + z_cosigner) and checks it with a fast
 * verifier, without deriving the binding factors and R again itself.
 */
uint32_t cmd_sign_finish(struct ta_context *ctx, const uint8_t *in, size_t in_len,
			 uint8_t *out, size_t out_cap, size_t *out_len)
{
	static struct relayed_request m;
	struct pending_sign *p;
	struct key_record *key;
	struct writer w;
	struct rule_claim claim;
	uint8_t R[32];
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	rc = parse_relayed_sign(ctx, TRIAD_TAG_FINISH_REQUEST, in, in_len, &m);
	if (rc)
		return rc;
	rc = sign_finish_begin(ctx, &m, &p, &key, &claim);
	if (!p)
		return rc;
	if (!rc && !key_suite(key)->challenge)
		rc = TRIAD_ERR_POLICY;
	if (!rc) {
		writer_init(&w, out, out_cap);
		write_u8(&w, TRIAD_TAG_FINISH_RESULT);
		rc = write_share(&w, key, &p->nonces, &m.q, &claim, R);
		if (!rc)
			write_bytes(&w, R, sizeof(R));
		if (!rc && w.error)
			rc = TRIAD_ERR_MALFORMED;
		*out_len = rc ? 0 : w.len;
	}
	/*
	 * One finish per preparation: the first authenticated ack consumes it,
	 * whatever happens next (an ack that fails authentication above does not,
	 * so a host mangling one cannot burn the preparation).
	 */
	sodium_memzero(p, sizeof(*p));
	return rc;
}

/*
 * A peer asking for reports is unlocking a fresh instance, perhaps on older
 * sealed state than the instance that cosigned our pending preparations.
 * Finishing one of those after this report would accept a counter increment
 * the report did not vouch for: a host that rolled its TA back after it
 * cosigned, and held the ack until the rolled-back TA was unlocked, could then
 * get another header for that slot signed with the third TA. So preparations
 * waiting on that peer end here; a late ack finds none (NONCE_UNKNOWN).
 */
void sign_drop_pending_with(struct ta_context *ctx, uint16_t peer_id)
{
	size_t i;

	for (i = 0; i < TRIAD_MAX_PENDING; i++)
		if (ctx->pending[i].live && ctx->pending[i].cosigner == peer_id)
			sodium_memzero(&ctx->pending[i], sizeof(ctx->pending[i]));
}
