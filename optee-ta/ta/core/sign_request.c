// SPDX-License-Identifier: Apache-2.0
/*
 * The checks signatures and VRFs share (sign_request.h). Order matters: once
 * a request parses and names an existing key, our nonces leave the pool
 * before any other check, so a refused request burns them.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "counter_msg.h"
#include "sign_request.h"

struct key_record *request_begin(struct ta_context *ctx, const struct sign_request *q)
{
	struct key_record *key = state_find_key(&ctx->state, q->key_type, q->group_pk);

	ta_change_begin(ctx, key);
	return key;
}

uint32_t request_claim(const struct sign_request *q, const struct key_record *key,
		       enum request_family family, const struct rule **rule,
		       struct rule_claim *claim)
{
	uint32_t rc;

	memset(claim, 0, sizeof(*claim));
	*rule = rules_find(key->key_type, key->flags, key->scheme, q->kind, &rc);
	if (!*rule)
		return rc;
	rc = (*rule)->parse(q->payload, q->payload_len, claim);
	if (!rc && (claim->vrf.transcript != VRF_TRANSCRIPT_NONE) != (family == REQUEST_VRF))
		rc = TRIAD_ERR_MALFORMED;
	return rc;
}

/* Identifiers increasing, exactly `threshold` of them, ours among them. */
static bool signer_ids_ok(const struct sign_request *q, const struct key_record *key)
{
	bool mine = false;
	size_t i;

	if (q->n != key->threshold)
		return false;
	for (i = 0; i < q->n; i++) {
		if (q->set[i].id == 0 || (i > 0 && q->set[i].id <= q->set[i - 1].id))
			return false;
		mine = mine || q->set[i].id == key->own_id;
	}
	return mine;
}

uint32_t request_check(struct ta_context *ctx, const struct sign_request *q,
		       struct key_record *key, struct nonce_pair *nonces,
		       enum request_family family, struct rule_claim *claim, bool *changed)
{
	bool have_nonces = false;
	const struct rule *rule;
	uint32_t rc;
	size_t i;

	if (!key)
		return TRIAD_ERR_NO_KEY;
	/* an ECDSA key makes no FROST signature: its shares never meet a nonce */
	if (nonces && !key_suite(key)->challenge)
		return TRIAD_ERR_POLICY;
	if (nonces) {
		for (i = 0; i < q->n && !have_nonces; i++)
			if (q->set[i].id == key->own_id)
				have_nonces = nonce_pool_take(&ctx->pool, q->key_type, q->group_pk,
							      &q->set[i], nonces);
		if (!have_nonces)
			return TRIAD_ERR_NONCE_UNKNOWN;
		/* in the key's group: our pooled commitment was made there */
		if (frost_check_signing_set(key_suite(key), q->set, q->n, key->threshold))
			return TRIAD_ERR_MALFORMED;
	} else if (!signer_ids_ok(q, key)) {
		return TRIAD_ERR_MALFORMED;
	}
	rc = request_claim(q, key, family, &rule, claim);
	if (!rc) {
		const struct rule_store store = { ctx->io, state_key_slot(&ctx->state, key),
						  key->group_pk };

		rc = rules_check_and_advance(rule, key->marks, claim, ctx->io ? &store : NULL,
					     changed);
	}
	/* a state change that becomes visible takes a counter increment (section 7) */
	if (!rc && *changed)
		ctx->state.counter++;
	return rc;
}

bool parse_sign_request(struct sign_request *q, const uint8_t *in, size_t in_len)
{
	struct reader r;
	bool ids_only;
	size_t i;

	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_SIGN_REQUEST)
		return false;
	q->kind = read_u8(&r);
	read_key_ref(&r, q->key_type, q->group_pk);
	q->payload_len = read_u32(&r);
	if (q->payload_len > TRIAD_MAX_PAYLOAD)
		return false;
	q->payload = read_bytes(&r, q->payload_len);
	if (read_u8(&r) != TRIAD_TAG_SIGNING_SET)
		return false;
	q->n = read_u16(&r);
	if (r.error || q->n == 0 || q->n > FROST_MAX_SIGNERS)
		return false;
	/* an ECDSA key's signers bring no nonces: identifiers alone */
	ids_only = key_type_scheme(q->key_type) == TRIAD_SCHEME_ECDSA;
	memset(q->set, 0, sizeof(q->set));
	for (i = 0; i < q->n; i++) {
		q->set[i].id = read_u16(&r);
		if (ids_only)
			continue;
		read_into(&r, q->set[i].hiding, 32);
		read_into(&r, q->set[i].binding, 32);
	}
	if (!reader_done(&r))
		return false;
	request_digest(q->digest, in, in_len);
	return true;
}

uint32_t parse_relayed_sign(struct ta_context *ctx, uint8_t tag, const uint8_t *in, size_t in_len,
		       struct relayed_request *m)
{
	struct reader r;

	uint32_t rc;

	reader_init(&r, in, in_len);
	rc = read_relayed_sign(ctx, tag, &r, m);
	if (rc)
		return rc;
	return reader_done(&r) ? 0 : TRIAD_ERR_MALFORMED;
}

uint32_t read_relayed_sign(struct ta_context *ctx, uint8_t tag, struct reader *rd,
		      struct relayed_request *m)
{
	struct reader r = *rd;
	const uint8_t *request;
	uint32_t len, rc;

	if (read_u8(&r) != tag)
		return TRIAD_ERR_MALFORMED;
	len = read_u32(&r);
	request = read_bytes(&r, len);
	if (!request || !parse_sign_request(&m->q, request, len))
		return TRIAD_ERR_MALFORMED;
	rc = tag == TRIAD_TAG_COSIGN_REQUEST ? read_update(&r, &ctx->state, &m->update)
					     : read_ack(&r, &ctx->state, &m->ack);
	*rd = r;
	return rc;
}

uint16_t request_cosigner(const struct ta_context *ctx, const struct sign_request *q)
{
	if (q->n != 2)
		return 0;
	return q->set[0].id == ctx->state.own_id ? q->set[1].id : q->set[0].id;
}

void pending_add(struct ta_context *ctx, const uint8_t digest[32], uint64_t counter,
		 uint16_t cosigner, const struct nonce_pair *nonces)
{
	struct pending_sign *p = &ctx->pending[ctx->next_pending];

	ctx->next_pending = (ctx->next_pending + 1) % TRIAD_MAX_PENDING;
	sodium_memzero(p, sizeof(*p));
	p->live = true;
	memcpy(p->digest, digest, 32);
	p->counter = counter;
	p->cosigner = cosigner;
	p->nonces = *nonces;
}

struct pending_sign *pending_find(struct ta_context *ctx, const uint8_t digest[32])
{
	size_t i;

	for (i = 0; i < TRIAD_MAX_PENDING; i++)
		if (ctx->pending[i].live && !sodium_memcmp(ctx->pending[i].digest, digest, 32))
			return &ctx->pending[i];
	return NULL;
}
