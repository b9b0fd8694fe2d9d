// SPDX-License-Identifier: Apache-2.0
/*
 * Three TA contexts in one process, driven as the peers drive real TAs: the
 * DKG among them, then the signing round trip (prepare, cosign, finish).
 * Used by the core tests and by the in-process benchmark.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "counter_msg.h"
#include "harness.h"
#include "mem_store.h"
#include "ta_cluster.h"
#include "vrf_sign.h"


struct ta_context tas[3];
struct mem_store ta_disks[3];
int persist_calls;
int persist_fails;

int fake_persist(const struct ta_state *s, int slot)
{
	(void)s;
	(void)slot;
	persist_calls++;
	return persist_fails ? -1 : 0;
}

uint32_t run(command_fn fn, int ta, const uint8_t *in, size_t in_len, uint8_t *out,
		    size_t *out_len)
{
	*out_len = 0;
	mem_store_use(&ta_disks[ta]); /* the objects this TA's rules keep (para-statement's logs) */
	return fn(&tas[ta], in, in_len, out, BUF, out_len);
}

size_t dkg_start(uint8_t *buf, int ta, const char *key_type, uint8_t flags)
{
	return dkg_start_in(buf, ta, key_type, flags, (const uint8_t *)"ceremony-001", 12);
}

size_t dkg_start_in(uint8_t *buf, int ta, const char *key_type, uint8_t flags,
		    const uint8_t *context, size_t context_len)
{
	struct writer w;
	int i;

	writer_init(&w, buf, BUF);
	write_u8(&w, TRIAD_TAG_DKG_START);
	write_bytes(&w, key_type, 4);
	write_u8(&w, flags);
	write_u16(&w, (uint16_t)(ta + 1));
	write_u16(&w, 2);
	write_u16(&w, 3);
	write_u16(&w, (uint16_t)context_len);
	write_bytes(&w, context, context_len);
	for (i = 0; i < 3; i++) {
		write_u16(&w, (uint16_t)(i + 1));
		write_bytes(&w, tas[i].state.identity_pk, 32);
	}
	return w.len;
}

/* Round-one bundle for `ta`: the other two packages. */
size_t round1_bundle(uint8_t *buf, int ta, uint8_t pkg[3][BUF], const size_t len[3])
{
	struct writer w;
	int i;

	writer_init(&w, buf, BUF);
	write_u8(&w, TRIAD_TAG_DKG_ROUND1_BUNDLE);
	write_u16(&w, 2);
	for (i = 0; i < 3; i++) {
		if (i == ta)
			continue;
		write_u32(&w, (uint32_t)len[i]);
		write_bytes(&w, pkg[i], len[i]);
	}
	return w.len;
}

/* Round-two bundle for `ta`: the boxes the others addressed to it. */
size_t round2_bundle(uint8_t *buf, int ta, uint8_t out2[3][BUF], const size_t len[3])
{
	struct writer w;
	int i, k;

	writer_init(&w, buf, BUF);
	write_u8(&w, TRIAD_TAG_DKG_ROUND2_BUNDLE);
	write_u16(&w, 2);
	for (i = 0; i < 3; i++) {
		struct reader r;
		uint16_t count;

		if (i == ta)
			continue;
		reader_init(&r, out2[i], len[i]);
		read_u8(&r);
		count = read_u16(&r);
		for (k = 0; k < count; k++) {
			uint16_t sender = read_u16(&r), receiver = read_u16(&r);
			uint32_t blen = read_u32(&r);
			const uint8_t *box = read_bytes(&r, blen);

			if (receiver != ta + 1 || !box)
				continue;
			write_u16(&w, sender);
			write_u16(&w, receiver);
			write_u32(&w, blen);
			write_bytes(&w, box, blen);
		}
	}
	return w.len;
}

uint8_t pub_pkg[3][BUF];
size_t pub_len[3];
const uint8_t *key_pk;

const uint8_t *pk_for(const char *key_type)
{
	static const uint8_t none[FROST_POINT_MAX];
	size_t i;

	if (key_pk)
		return key_pk;
	for (i = 0; i < TRIAD_MAX_KEYS; i++)
		if (tas[0].state.keys[i].present && !memcmp(tas[0].state.keys[i].key_type, key_type, 4))
			return tas[0].state.keys[i].group_pk;
	return none;
}

/* DKG_ROUND2 and DKG_ROUND3 on the three, after their round-one packages: a DKG's or a refresh's. */
static void rounds_two_and_three(uint8_t pkg[3][BUF], const size_t len[3])
{
	static uint8_t in[BUF], out2[3][BUF];
	size_t len2[3], n;
	int i;

	for (i = 0; i < 3; i++) {
		n = round1_bundle(in, i, pkg, len);
		CHECK_EQ(run(cmd_dkg_round2, i, in, n, out2[i], &len2[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		n = round2_bundle(in, i, out2, len2);
		CHECK_EQ(run(cmd_dkg_round3, i, in, n, pub_pkg[i], &pub_len[i]), 0);
	}
}

uint32_t add_key(const char *key_type, uint8_t flags)
{
	static uint8_t in[BUF], pkg[3][BUF];
	size_t len[3], n;
	uint32_t rc;
	int i;

	for (i = 0; i < 3; i++) {
		n = dkg_start(in, i, key_type, flags);
		rc = run(cmd_dkg_round1, i, in, n, pkg[i], &len[i]);
		if (rc)
			return rc;
	}
	rounds_two_and_three(pkg, len);
	return 0;
}

/* A fresh cluster of three TAs with one DKG'd key of `key_type`. */
void fresh_tas(void)
{
	int i;

	for (i = 0; i < 3; i++) {
		memset(&tas[i], 0, sizeof(tas[i]));
		CHECK_EQ(state_init_fresh(&tas[i].state), 0);
		tas[i].persist = fake_persist;
		mem_store_clear(&ta_disks[i]);
		tas[i].io = &mem_store_io;
	}
	persist_fails = 0;
	key_pk = NULL;
}

void cluster_with_key(const char *key_type, uint8_t flags)
{
	fresh_tas();
	CHECK_EQ(add_key(key_type, flags), 0);
}

void refresh_key(const char *key_type)
{
	static uint8_t in[BUF], pkg[3][BUF];
	size_t len[3];
	struct writer w;
	int i;

	for (i = 0; i < 3; i++) {
		writer_init(&w, in, BUF);
		write_u8(&w, TRIAD_TAG_REFRESH_START);
		write_bytes(&w, key_type, 4);
		write_bytes(&w, pk_for(key_type), key_type_pk_bytes((const uint8_t *)key_type));
		write_u16(&w, 10);
		write_bytes(&w, "refresh-01", 10);
		CHECK_EQ(run(cmd_refresh_round1, i, in, w.len, pkg[i], &len[i]), 0);
		CHECK_EQ(len[i], 1 + 2 + 2 + key_type_pk_bytes((const uint8_t *)key_type));
	}
	rounds_two_and_three(pkg, len);
}

/* A pre-seal header: BABE SecondaryPlain pre-digest for `slot`, parent `tag`. */
size_t babe_header(uint8_t *buf, uint64_t slot, uint8_t tag)
{
	struct writer w;

	writer_init(&w, buf, BUF);
	memset(buf, tag, 32);
	w.len = 32;		  /* parent hash */
	write_u8(&w, 5 << 2);	  /* number 5, compact single-byte mode */
	write_bytes(&w, buf, 32); /* state root */
	write_bytes(&w, buf, 32); /* extrinsics root */
	write_u8(&w, 1 << 2);	  /* one digest item */
	write_u8(&w, 6);	  /* PreRuntime */
	write_bytes(&w, "BABE", 4);
	write_u8(&w, 13 << 2); /* 13 bytes of pre-digest */
	write_u8(&w, 2);       /* SecondaryPlain */
	write_u32(&w, 0);      /* authority index */
	write_u64(&w, slot);
	return w.len;
}

size_t commit_request(uint8_t *buf, const char *key_type, uint8_t count)
{
	struct writer w;

	writer_init(&w, buf, BUF);
	write_u8(&w, TRIAD_TAG_COMMIT_NONCES_REQUEST);
	write_bytes(&w, key_type, 4);
	write_bytes(&w, pk_for(key_type), key_type_pk_bytes((const uint8_t *)key_type));
	write_u8(&w, count);
	return w.len;
}

/* One commitment from `ta` (the first of a fresh batch). */
void commit_one(int ta, const char *key_type, struct frost_commitment *c)
{
	uint8_t in[64], out[BUF];
	size_t n = commit_request(in, key_type, 1), out_len;
	struct reader r;

	CHECK_EQ(run(cmd_commit_nonces, ta, in, n, out, &out_len), 0);
	reader_init(&r, out, out_len);
	CHECK_EQ(read_u8(&r), TRIAD_TAG_COMMITMENT_BATCH);
	CHECK_EQ(read_u16(&r), 1);
	c->id = read_u16(&r);
	read_into(&r, c->hiding, 32);
	read_into(&r, c->binding, 32);
	CHECK(reader_done(&r));
}

size_t sign_request(uint8_t *buf, uint8_t kind, const char *key_type, const uint8_t *p,
			   size_t p_len, const struct frost_commitment *set, size_t n)
{
	struct writer w;
	size_t i;

	writer_init(&w, buf, BUF);
	write_u8(&w, TRIAD_TAG_SIGN_REQUEST);
	write_u8(&w, kind);
	write_bytes(&w, key_type, 4);
	write_bytes(&w, pk_for(key_type), key_type_pk_bytes((const uint8_t *)key_type));
	write_u32(&w, (uint32_t)p_len);
	write_bytes(&w, p, p_len);
	write_u8(&w, TRIAD_TAG_SIGNING_SET);
	write_u16(&w, (uint16_t)n);
	for (i = 0; i < n; i++) {
		write_u16(&w, set[i].id);
		write_bytes(&w, set[i].hiding, 32);
		write_bytes(&w, set[i].binding, 32);
	}
	return w.len;
}

/* Wraps a SIGN_REQUEST with a counter message: COSIGN_REQUEST or FINISH_REQUEST. */
size_t wrap_request(uint8_t *buf, uint8_t tag, const uint8_t *req, size_t req_len,
			   const uint8_t *msg, size_t msg_len)
{
	struct writer w;

	writer_init(&w, buf, 2 * BUF);
	write_u8(&w, tag);
	write_u32(&w, (uint32_t)req_len);
	write_bytes(&w, req, req_len);
	write_bytes(&w, msg, msg_len);
	return w.len;
}

/*
 * The signing round trip: `a` coordinates (prepare, finish), `b` cosigns.
 * `tamper` flips a byte of the update (1) or of the ack (2) in transit.
 */
static void sign_pair_with(int a, int b, uint8_t kind, const char *key_type,
			   const uint8_t *payload, size_t p_len, struct pair_result *res, int tamper,
			   void (*before_finish)(void))
{
	static uint8_t req[2 * BUF], wrapped[2 * BUF];
	uint8_t out[BUF], ack[COUNTER_ACK_BYTES];
	size_t n, w, out_len;
	const int coord = a < b ? 0 : 1;

	memset(res, 0, sizeof(*res));
	commit_one(a, key_type, &res->set[coord]);
	commit_one(b, key_type, &res->set[1 - coord]);
	n = sign_request(req, kind, key_type, payload, p_len, res->set, 2);
	res->rc[0] = run(cmd_sign_prepare, a, req, n, out, &out_len);
	res->rc[1] = TRIAD_ERR_BAD_STATE; /* the cosigner is not asked without an update */
	if (res->rc[0])
		return;
	CHECK_EQ(out_len, 2 + COUNTER_UPDATE_BYTES);
	if (tamper == 1)
		out[out_len - 1] ^= 1;
	w = wrap_request(wrapped, TRIAD_TAG_COSIGN_REQUEST, req, n, out + 2, COUNTER_UPDATE_BYTES);
	res->rc[1] = run(cmd_sign_cosign, b, wrapped, w, out, &out_len);
	if (res->rc[1])
		return;
	CHECK_EQ(out_len, 1 + 35 + COUNTER_ACK_BYTES);
	memcpy(res->z[1], out + 1 + 3, 32);
	memcpy(ack, out + 1 + 35, sizeof(ack));
	if (tamper == 2)
		ack[10] ^= 1;
	if (before_finish)
		before_finish();
	w = wrap_request(wrapped, TRIAD_TAG_FINISH_REQUEST, req, n, ack, sizeof(ack));
	res->rc[0] = run(cmd_sign_finish, a, wrapped, w, out, &out_len);
	if (res->rc[0] == 0) {
		/* FINISH_RESULT: tag, SignatureShare (tag, id, z), R */
		CHECK_EQ(out_len, 1 + 35 + 32);
		CHECK_EQ(out[0], TRIAD_TAG_FINISH_RESULT);
		CHECK_EQ(out[1], TRIAD_TAG_SIGNATURE_SHARE);
		CHECK_EQ(out[2] | out[3] << 8, res->set[coord].id);
		memcpy(res->z[0], out + 1 + 3, 32);
		memcpy(res->R, out + 1 + 35, 32);
	}
}

void sign_pair_tampered(int a, int b, uint8_t kind, const char *key_type,
			const uint8_t *payload, size_t p_len, struct pair_result *res, int tamper)
{
	sign_pair_with(a, b, kind, key_type, payload, p_len, res, tamper, NULL);
}

void sign_pair_held(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
		    size_t p_len, struct pair_result *res, void (*before_finish)(void))
{
	sign_pair_with(a, b, kind, key_type, payload, p_len, res, 0, before_finish);
}

void sign_pair(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
		      size_t p_len, struct pair_result *res)
{
	sign_pair_tampered(a, b, kind, key_type, payload, p_len, res, 0);
}

/* The VRF round trip (core/vrf_sign.c), as the coordinator's host relays it. */
#define PART_PROOF (2 + 3 * 32)
#define PART_PRE (2 + 32)

static size_t vrf_request(uint8_t *buf, uint8_t kind, const char *key_type, const uint8_t *p,
			  size_t p_len, const struct frost_commitment *set, size_t n)
{
	struct writer w;
	size_t i;

	writer_init(&w, buf, BUF);
	write_u8(&w, TRIAD_TAG_VRF_REQUEST);
	write_u8(&w, kind);
	write_bytes(&w, key_type, 4);
	write_bytes(&w, pk_for(key_type), key_type_pk_bytes((const uint8_t *)key_type));
	write_u32(&w, (uint32_t)p_len);
	write_bytes(&w, p, p_len);
	write_u16(&w, (uint16_t)n);
	for (i = 0; i < n; i++) {
		write_u16(&w, set[i].id);
		if (kind != TRIAD_KIND_BABE_VRF_PRE_OUTPUT) {
			write_bytes(&w, set[i].hiding, 32);
			write_bytes(&w, set[i].binding, 32);
		}
	}
	return w.len;
}

/* len:u32 request, then the pieces given, as the cosign and finish requests are built. */
static size_t wrap(uint8_t *buf, uint8_t tag, const uint8_t *req, size_t req_len,
		   const uint8_t *const *pieces, const size_t *lens, size_t count)
{
	struct writer w;
	size_t i;

	writer_init(&w, buf, 2 * BUF);
	write_u8(&w, tag);
	write_u32(&w, (uint32_t)req_len);
	write_bytes(&w, req, req_len);
	for (i = 0; i < count; i++)
		write_bytes(&w, pieces[i], lens[i]);
	return w.len;
}

/* The round trip, `a` coordinating, `b` cosigning, with `set` already committed (proof kinds). */
void vrf_pair_set(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
			 size_t p_len, const struct frost_commitment *set, int tamper,
			 struct vrf_run *res)
{
	static uint8_t req[2 * BUF], wrapped[2 * BUF], prepared[BUF], cosigned[BUF], out[BUF];
	const bool proof = kind != TRIAD_KIND_BABE_VRF_PRE_OUTPUT;
	const size_t part = proof ? PART_PROOF : PART_PRE, zlen = proof ? 32 : 0;
	size_t n, w, prep_len, cos_len, out_len;

	memset(res, 0, sizeof(*res));
	n = vrf_request(req, kind, key_type, payload, p_len, set, 2);
	res->rc[0] = run(cmd_vrf_prepare, a, req, n, prepared, &prep_len);
	res->rc[1] = TRIAD_ERR_BAD_STATE;
	if (res->rc[0])
		return;
	CHECK_EQ(prep_len, 1 + part + COUNTER_UPDATE_BYTES);
	CHECK_EQ(prepared[0], TRIAD_TAG_VRF_PREPARED);
	if (tamper == VRF_COORD_PART)
		prepared[5] ^= 1; /* a byte of O_c */
	{
		const uint8_t *pieces[] = { prepared + 1 };
		const size_t lens[] = { part + COUNTER_UPDATE_BYTES };

		w = wrap(wrapped, TRIAD_TAG_VRF_COSIGN_REQUEST, req, n, pieces, lens, 1);
	}
	res->rc[1] = run(cmd_vrf_cosign, b, wrapped, w, cosigned, &cos_len);
	if (tamper == VRF_COORD_PART)
		prepared[5] ^= 1;
	if (res->rc[1])
		return;
	CHECK_EQ(cos_len, 1 + part + zlen + COUNTER_ACK_BYTES);
	CHECK_EQ(cosigned[0], TRIAD_TAG_VRF_COSIGN_RESULT);
	res->cosigner_id = (uint16_t)(cosigned[1] | cosigned[2] << 8);
	if (tamper == VRF_ACK)
		cosigned[cos_len - 40] ^= 1;
	if (tamper == VRF_COSIGNER_Z)
		cosigned[1 + part] ^= 1;
	if (tamper == VRF_COSIGNER_PART)
		cosigned[4] ^= 1;
	{
		const uint8_t *pieces[] = { prepared + 1, cosigned + 1 };
		const size_t lens[] = { part, part + zlen + COUNTER_ACK_BYTES };

		w = wrap(wrapped, TRIAD_TAG_VRF_FINISH_REQUEST, req, n, pieces, lens, 2);
	}
	res->rc[0] = run(cmd_vrf_finish, a, wrapped, w, out, &out_len);
	if (res->rc[0] == 0) {
		CHECK_EQ(out[0], TRIAD_TAG_VRF_RESULT);
		CHECK_EQ(out_len, 1 + (proof ? 96u : 32u));
		res->result_len = out_len - 1;
		memcpy(res->result, out + 1, res->result_len);
	}
}

void vrf_pair_tampered(int a, int b, uint8_t kind, const char *key_type,
			      const uint8_t *payload, size_t p_len, int tamper, struct vrf_run *res)
{
	struct frost_commitment set[2];
	const int coord = a < b ? 0 : 1;

	memset(set, 0, sizeof(set));
	if (kind != TRIAD_KIND_BABE_VRF_PRE_OUTPUT) {
		commit_one(a, key_type, &set[coord]);
		commit_one(b, key_type, &set[1 - coord]);
	} else {
		set[coord].id = tas[a].state.own_id;
		set[1 - coord].id = tas[b].state.own_id;
	}
	vrf_pair_set(a, b, kind, key_type, payload, p_len, set, tamper, res);
}

void vrf_pair(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
		     size_t p_len, struct vrf_run *res)
{
	vrf_pair_tampered(a, b, kind, key_type, payload, p_len, VRF_CLEAN, res);
}
