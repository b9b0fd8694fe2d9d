// SPDX-License-Identifier: Apache-2.0
/*
 * The threshold VRF's round trip (DESIGN.md 3b, 5): coordinator VRF_PREPARE,
 * cosigner VRF_COSIGN, coordinator VRF_FINISH, with the same checks, marks,
 * counter messages and pooled nonces as a signature (sign_request.h). The TA
 * builds the transcripts from the request's fields and derives H, O, the
 * binding factors, R, Hr and c itself; no field carries a point for it to
 * multiply by a secret, or a challenge.
 *
 * Layouts (little-endian; tags in triad_ta.h). "proof" kinds are babe-vrf and
 * assignment-vrf; babe-vrf-pre-output has no nonces and no proof.
 *
 * VRF_REQUEST (0x35):        kind:u8 key_type[4] group_pk payload_len:u32 payload
 *                            count:u16, count x (id:u16, proof kinds: D[32] E[32])
 * part (one signer's):       id:u16 O_i[32], proof kinds: D'_i[32] E'_i[32]
 * VRF_PREPARED (0x36):       the coordinator's part, update (counter_msg.h)
 * VRF_COSIGN_REQUEST (0x37): len:u32 VRF_REQUEST, the coordinator's part, update
 * VRF_COSIGN_RESULT (0x38):  the cosigner's part, proof kinds: z[32], ack (counter_msg.h)
 * VRF_FINISH_REQUEST (0x39): len:u32 VRF_REQUEST, the coordinator's part, the
 *                            cosigner's part, proof kinds: its z[32], ack
 * VRF_RESULT (0x3a):         O[32]; proof kinds: c[32] s[32] (O || c || s is the
 *                            96-byte VrfSignature schnorrkel verifies)
 *
 * Authentication: the update binds BLAKE2b-256("triad-vrf-request-v1" ||
 * request || coordinator's part), so the cosigner computes with the
 * coordinator's pre-output share and commitments on H exactly as its TA made
 * them; the ack binds BLAKE2b-256("triad-vrf-answer-v1" || request ||
 * coordinator's part || cosigner's part). A proof's cosigner share is also
 * checked on both bases before anything leaves (a failure names it:
 * DKG_BLAME(id)). For the pre-output alone the cosigner's O_k is not proven:
 * it comes MACed from its TA, which computed it as x_k*H from the fields
 * itself; a broken cosigner TEE could still lie, and the full VRF for the
 * slot (whose proof schnorrkel checks) then shows another pre-output, which
 * the peer compares. A DLEQ per share here would cost the cosigner two and
 * the coordinator four scalar multiplications on every slot to catch only
 * that, which the proof catches anyway before a block is claimed.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "counter_msg.h"
#include "sign_request.h"
#include "vrf.h"
#include "vrf_sign.h"
#include "vrf_transcript.h"

#define PART_MAX_BYTES (2 + 3 * 32)

struct vrf_request {
	struct sign_request q;
	bool proof;
	const uint8_t *bytes; /* the request as received: what the digests bind */
	size_t len;
};

/* One signer's contribution; D'/E' only for proof kinds. */
struct vrf_part {
	uint16_t id;
	uint8_t O[32], Dh[32], Eh[32];
};

static bool parse_vrf_request(struct vrf_request *m, const uint8_t *in, size_t in_len)
{
	struct sign_request *q = &m->q;
	struct reader r;
	size_t i;

	memset(q, 0, sizeof(*q));
	reader_init(&r, in, in_len);
	if (read_u8(&r) != TRIAD_TAG_VRF_REQUEST)
		return false;
	q->kind = read_u8(&r);
	m->proof = q->kind != TRIAD_KIND_BABE_VRF_PRE_OUTPUT;
	read_key_ref(&r, q->key_type, q->group_pk);
	q->payload_len = read_u32(&r);
	if (q->payload_len > TRIAD_MAX_PAYLOAD)
		return false;
	q->payload = read_bytes(&r, q->payload_len);
	q->n = read_u16(&r);
	if (r.error || q->n == 0 || q->n > FROST_MAX_SIGNERS)
		return false;
	for (i = 0; i < q->n; i++) {
		q->set[i].id = read_u16(&r);
		if (m->proof) {
			read_into(&r, q->set[i].hiding, 32);
			read_into(&r, q->set[i].binding, 32);
		}
	}
	m->bytes = in;
	m->len = in_len;
	return reader_done(&r);
}

static void read_part(struct reader *r, bool proof, struct vrf_part *p)
{
	p->id = read_u16(r);
	read_into(r, p->O, 32);
	if (proof) {
		read_into(r, p->Dh, 32);
		read_into(r, p->Eh, 32);
	}
}

static size_t encode_part(uint8_t out[PART_MAX_BYTES], bool proof, const struct vrf_part *p)
{
	struct writer w;

	writer_init(&w, out, PART_MAX_BYTES);
	write_u16(&w, p->id);
	write_bytes(&w, p->O, 32);
	if (proof) {
		write_bytes(&w, p->Dh, 32);
		write_bytes(&w, p->Eh, 32);
	}
	return w.len;
}

/* BLAKE2b-256(domain || request || parts...): what an update (one part) or an ack (two) binds. */
static void exchange_digest(uint8_t digest[32], const struct vrf_request *m,
			    const struct vrf_part *coordinator, const struct vrf_part *cosigner)
{
	static const char request_domain[] = "triad-vrf-request-v1";
	static const char answer_domain[] = "triad-vrf-answer-v1";
	crypto_generichash_blake2b_state st;
	uint8_t part[PART_MAX_BYTES];
	const char *domain = cosigner ? answer_domain : request_domain;

	crypto_generichash_blake2b_init(&st, NULL, 0, 32);
	crypto_generichash_blake2b_update(&st, (const uint8_t *)domain, strlen(domain));
	crypto_generichash_blake2b_update(&st, m->bytes, m->len);
	crypto_generichash_blake2b_update(&st, part, encode_part(part, m->proof, coordinator));
	if (cosigner)
		crypto_generichash_blake2b_update(&st, part, encode_part(part, m->proof, cosigner));
	crypto_generichash_blake2b_final(&st, digest, 32);
}

/* tag, len:u32 VRF_REQUEST, the coordinator's part: how VRF_COSIGN's and VRF_FINISH's input start. */
static bool read_relayed(struct reader *r, uint8_t tag, struct vrf_request *m,
			 struct vrf_part *coordinator)
{
	const uint8_t *request;
	uint32_t len;

	if (read_u8(r) != tag)
		return false;
	len = read_u32(r);
	request = read_bytes(r, len);
	if (!request || !parse_vrf_request(m, request, len))
		return false;
	read_part(r, m->proof, coordinator);
	return !r->error;
}

/* Our part for this request: O_i = x_i*H and, with nonces, D'_i = d*H, E'_i = e*H. */
static uint32_t make_part(struct vrf_part *p, uint8_t H[32], const struct key_record *key,
			  const struct rule_claim *claim, const struct nonce_pair *nonces)
{
	struct vrf_commitment c;

	p->id = key->own_id;
	if (vrf_input_point(H, key->group_pk, &claim->vrf) ||
	    vrf_pre_output_share(p->O, H, key->share))
		return TRIAD_ERR_MALFORMED;
	if (nonces) {
		if (vrf_commit_on_h(&c, H, nonces->hiding, nonces->binding))
			return TRIAD_ERR_MALFORMED;
		memcpy(p->Dh, c.hiding_h, 32);
		memcpy(p->Eh, c.binding_h, 32);
	}
	return 0;
}

/* The set of both signers' contributions, in the request's (increasing) order. */
static bool build_set(struct vrf_commitment set[2], const struct sign_request *q,
		      const struct vrf_part *a, const struct vrf_part *b)
{
	size_t i;

	if (q->n != 2)
		return false;
	for (i = 0; i < 2; i++) {
		const struct vrf_part *p = q->set[i].id == a->id ? a : q->set[i].id == b->id ? b : NULL;

		if (!p)
			return false;
		set[i].id = p->id;
		memcpy(set[i].hiding, q->set[i].hiding, 32);
		memcpy(set[i].binding, q->set[i].binding, 32);
		memcpy(set[i].hiding_h, p->Dh, 32);
		memcpy(set[i].binding_h, p->Eh, 32);
		memcpy(set[i].pre_output, p->O, 32);
	}
	return true;
}

/* The common start of prepare and cosign: the checks, our nonces, the claim; undone on refusal. */
static uint32_t check_vrf(struct ta_context *ctx, const struct vrf_request *m,
			  struct key_record **key, struct nonce_pair *nonces,
			  struct rule_claim *claim, bool *changed)
{
	uint32_t rc;

	memset(nonces, 0, sizeof(*nonces));
	*key = request_begin(ctx, &m->q);
	rc = request_check(ctx, &m->q, *key, m->proof ? nonces : NULL, REQUEST_VRF, claim, changed);
	if (!rc && claim->vrf.pre_output_only == m->proof)
		rc = TRIAD_ERR_MALFORMED;
	if (rc) {
		ta_change_undo(ctx);
		sodium_memzero(nonces, sizeof(*nonces));
	}
	return rc;
}

uint32_t cmd_vrf_prepare(struct ta_context *ctx, const uint8_t *in, size_t in_len, uint8_t *out,
			 size_t out_cap, size_t *out_len)
{
	static struct vrf_request m;
	struct nonce_pair nonces;
	struct key_record *key;
	struct counter_update u;
	struct rule_claim claim;
	struct vrf_part mine;
	struct writer w;
	uint8_t H[32], part[PART_MAX_BYTES];
	bool changed = false;
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	if (!parse_vrf_request(&m, in, in_len))
		return TRIAD_ERR_MALFORMED;
	rc = check_vrf(ctx, &m, &key, &nonces, &claim, &changed);
	if (rc)
		return rc;
	u.to = request_cosigner(ctx, &m.q);
	rc = state_find_peer(&ctx->state, u.to) ? 0 : TRIAD_ERR_MALFORMED;
	if (!rc)
		rc = make_part(&mine, H, key, &claim, m.proof ? &nonces : NULL);
	if (rc)
		ta_change_undo(ctx);
	else if (changed)
		rc = ta_change_seal(ctx);
	if (!rc) {
		u.from = ctx->state.own_id;
		u.counter = ctx->state.counter;
		exchange_digest(u.digest, &m, &mine, NULL);
		writer_init(&w, out, out_cap);
		write_u8(&w, TRIAD_TAG_VRF_PREPARED);
		write_bytes(&w, part, encode_part(part, m.proof, &mine));
		if (write_update(&w, &ctx->state, &u) || w.error)
			rc = TRIAD_ERR_MALFORMED;
	}
	if (!rc) {
		pending_add(ctx, u.digest, u.counter, u.to, &nonces);
		*out_len = w.len;
	}
	sodium_memzero(&nonces, sizeof(nonces));
	return rc;
}

/* Our share z for the set of both parts (proof kinds). */
static uint32_t share_for(uint8_t z[32], struct vrf_values *v, const struct key_record *key,
			  const struct vrf_request *m, const struct rule_claim *claim,
			  const uint8_t H[32], const struct vrf_part *a, const struct vrf_part *b,
			  const struct nonce_pair *nonces, struct vrf_commitment set[2])
{
	size_t own = m->q.set[0].id == key->own_id ? 0 : 1;

	if (!build_set(set, &m->q, a, b) ||
	    vrf_derive(v, key->group_pk, H, set, 2, &claim->vrf) ||
	    vrf_sign_share(z, v, set, 2, own, key->share, nonces->hiding, nonces->binding))
		return TRIAD_ERR_MALFORMED;
	return 0;
}

uint32_t cmd_vrf_cosign(struct ta_context *ctx, const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_cap, size_t *out_len)
{
	static struct vrf_request m;
	struct vrf_commitment set[2];
	struct vrf_values v;
	struct vrf_part coord, mine;
	struct counter_update u;
	struct counter_ack a;
	struct nonce_pair nonces;
	struct peer_record *coordinator;
	struct key_record *key;
	struct rule_claim claim;
	struct reader r;
	struct writer w;
	uint8_t digest[32], H[32], z[32], part[PART_MAX_BYTES];
	bool changed = false;
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	reader_init(&r, in, in_len);
	if (!read_relayed(&r, TRIAD_TAG_VRF_COSIGN_REQUEST, &m, &coord))
		return TRIAD_ERR_MALFORMED;
	rc = read_update(&r, &ctx->state, &u);
	if (!rc && !reader_done(&r))
		rc = TRIAD_ERR_MALFORMED;
	if (rc)
		return rc;
	exchange_digest(digest, &m, &coord, NULL);
	if (sodium_memcmp(u.digest, digest, 32) || request_cosigner(ctx, &m.q) != u.from ||
	    coord.id != u.from)
		return TRIAD_ERR_PEER_AUTH;

	rc = check_vrf(ctx, &m, &key, &nonces, &claim, &changed);
	if (rc)
		return rc;
	coordinator = state_find_peer(&ctx->state, u.from);
	if (u.counter > coordinator->seen_counter) {
		coordinator->seen_counter = u.counter;
		changed = true;
	}
	rc = make_part(&mine, H, key, &claim, m.proof ? &nonces : NULL);
	if (!rc && m.proof)
		rc = share_for(z, &v, key, &m, &claim, H, &coord, &mine, &nonces, set);
	if (rc)
		ta_change_undo(ctx);
	else if (changed)
		rc = ta_change_seal(ctx);
	if (!rc) {
		writer_init(&w, out, out_cap);
		write_u8(&w, TRIAD_TAG_VRF_COSIGN_RESULT);
		write_bytes(&w, part, encode_part(part, m.proof, &mine));
		if (m.proof)
			write_bytes(&w, z, 32);
		a.from = ctx->state.own_id;
		a.to = u.from;
		a.acked = u.counter;
		a.counter = ctx->state.counter;
		exchange_digest(a.digest, &m, &coord, &mine);
		if (write_ack(&w, &ctx->state, &a) || w.error)
			rc = TRIAD_ERR_MALFORMED;
		*out_len = rc ? 0 : w.len;
	}
	sodium_memzero(z, sizeof(z));
	sodium_memzero(&nonces, sizeof(nonces));
	return rc;
}

/* The verifying share of participant `id` of the key, or NULL. */
static const uint8_t *verifying_share(const struct key_record *key, uint16_t id)
{
	size_t i;

	for (i = 0; i < key->n; i++)
		if (key->ids[i] == id)
			return key->verifying[i];
	return NULL;
}

/* The finished VRF: the cosigner's share checked, ours added, the whole proof verified. */
static uint32_t finish_proof(struct writer *w, const struct key_record *key,
			     const struct vrf_request *m, const struct rule_claim *claim,
			     const struct vrf_part *coord, const struct vrf_part *cos,
			     const uint8_t z_cos[32], const struct nonce_pair *nonces)
{
	struct vrf_commitment set[2];
	struct vrf_values v;
	const uint8_t *Y = verifying_share(key, cos->id);
	uint8_t H[32], s[32];
	size_t cos_index = m->q.set[0].id == cos->id ? 0 : 1;
	uint32_t rc;

	if (!Y || vrf_input_point(H, key->group_pk, &claim->vrf))
		return TRIAD_ERR_MALFORMED;
	rc = share_for(s, &v, key, m, claim, H, coord, cos, nonces, set);
	if (!rc && !vrf_share_is_valid(&v, set, 2, cos_index, Y, z_cos))
		rc = TRIAD_ERR_DKG_BLAME(cos->id);
	if (!rc) {
		crypto_core_ristretto255_scalar_add(s, s, z_cos);
		/* fail closed: release only what schnorrkel's check accepts */
		if (!vrf_verify(key->group_pk, H, v.O, v.c, s, &claim->vrf))
			rc = TRIAD_ERR_MALFORMED;
	}
	if (!rc) {
		write_bytes(w, v.O, 32);
		write_bytes(w, v.c, 32);
		write_bytes(w, s, 32);
	}
	sodium_memzero(s, sizeof(s));
	return rc;
}

static uint32_t finish_pre_output(struct writer *w, const struct vrf_request *m,
				  const struct vrf_part *coord, const struct vrf_part *cos)
{
	struct vrf_commitment set[2];
	uint8_t O[32];

	memset(set, 0, sizeof(set));
	if (!build_set(set, &m->q, coord, cos) || vrf_combine_pre_output(O, set, 2))
		return TRIAD_ERR_MALFORMED;
	write_bytes(w, O, 32);
	return 0;
}

uint32_t cmd_vrf_finish(struct ta_context *ctx, const uint8_t *in, size_t in_len, uint8_t *out,
			size_t out_cap, size_t *out_len)
{
	static struct vrf_request m;
	struct vrf_part coord, cos;
	struct counter_ack a;
	struct pending_sign *p;
	struct peer_record *cosigner;
	struct key_record *key;
	const struct rule *rule;
	struct rule_claim claim;
	struct reader r;
	struct writer w;
	uint8_t digest[32], z_cos[32];
	uint32_t rc = ta_require_unlocked(ctx);

	if (rc)
		return rc;
	memset(z_cos, 0, sizeof(z_cos));
	reader_init(&r, in, in_len);
	if (!read_relayed(&r, TRIAD_TAG_VRF_FINISH_REQUEST, &m, &coord))
		return TRIAD_ERR_MALFORMED;
	read_part(&r, m.proof, &cos);
	if (m.proof)
		read_into(&r, z_cos, 32);
	rc = r.error ? TRIAD_ERR_MALFORMED : read_ack(&r, &ctx->state, &a);
	if (!rc && !reader_done(&r))
		rc = TRIAD_ERR_MALFORMED;
	if (rc)
		return rc;
	exchange_digest(digest, &m, &coord, NULL);
	p = pending_find(ctx, digest);
	if (!p)
		return TRIAD_ERR_NONCE_UNKNOWN;
	exchange_digest(digest, &m, &coord, &cos);
	if (a.from != p->cosigner || a.acked != p->counter || cos.id != a.from ||
	    sodium_memcmp(a.digest, digest, 32))
		return TRIAD_ERR_PEER_AUTH;
	key = state_find_key(&ctx->state, m.q.key_type, m.q.group_pk);
	rc = key ? request_claim(&m.q, key, REQUEST_VRF, &rule, &claim) : TRIAD_ERR_NO_KEY;
	if (!rc) {
		ta_change_begin(ctx, NULL);
		cosigner = state_find_peer(&ctx->state, a.from);
		if (a.counter > cosigner->seen_counter) {
			cosigner->seen_counter = a.counter;
			rc = ta_change_seal(ctx);
		}
	}
	if (!rc) {
		writer_init(&w, out, out_cap);
		write_u8(&w, TRIAD_TAG_VRF_RESULT);
		rc = m.proof ? finish_proof(&w, key, &m, &claim, &coord, &cos, z_cos, &p->nonces)
			     : finish_pre_output(&w, &m, &coord, &cos);
		if (!rc && w.error)
			rc = TRIAD_ERR_MALFORMED;
		*out_len = rc ? 0 : w.len;
	}
	/* one finish per preparation, as for signatures (sign.c) */
	sodium_memzero(p, sizeof(*p));
	return rc;
}
