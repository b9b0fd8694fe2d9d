// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer harness for the TA's command decoders (ta/core: sign.c, vrf_sign.c,
 * unlock.c, keys.c, dkg.c): every command on arbitrary bytes, against a TA that has a
 * slashable and a non-slashable sr25519 key, an ed25519 `gran` key, a `para` key
 * (its para-statement logs in a store in RAM, emptied for each input) and a
 * stocked nonce pool. Two modes, chosen by the first byte:
 *   even: raw  - byte 1 picks the command, the rest is its input as is;
 *   odd:  sign - a well-formed SIGN_REQUEST around a pooled nonce (so the
 *                nonce is found) to SIGN_PREPARE: byte 1 the kind (mod 10), byte 2
 *                the key (mod 4: babe, audi, gran, para), the rest the payload, reaching the
 *                parsers, the rules, the key's marks and the counter. Seeded
 *                with the header vectors of tests/policy.
 * Each input starts from the same snapshot of the TA, so runs are repeatable.
 * Checks: no crash or sanitizer report, answers within their buffer, a
 * preparation only for a request the rules allow, and its nonce gone after.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "keys.h"
#include "mem_store.h"
#include "sign.h"
#include "unlock.h"
#include "vrf_sign.h"

#define CAP 4096

static struct ta_context snapshot, ctx;
#define KEYS 4
static const char *const key_types[KEYS] = { "babe", "audi", "gran", "para" };
static struct mem_store disk; /* the para key's logs */
/* per key: our pooled commitment, and a cosigner's in the key's group */
static struct frost_commitment pooled[KEYS], other[KEYS];

static int persist_ok(const struct ta_state *s, int slot)
{
	(void)s;
	(void)slot;
	return 0;
}

static void add_key(struct ta_state *s, const char *type, uint8_t flags, uint8_t scheme)
{
	struct key_record *k = state_free_key_slot(s);
	const struct frost_suite *suite = frost_suite_of(scheme);
	uint8_t x[32];
	int i;

	memcpy(k->key_type, type, 4);
	k->flags = flags;
	k->scheme = scheme;
	k->own_id = 1;
	k->threshold = 2;
	k->n = 3;
	crypto_core_ristretto255_scalar_random(k->share);
	for (i = 0; i < 3; i++) {
		k->ids[i] = (uint16_t)(i + 1);
		crypto_core_ristretto255_scalar_random(x);
		suite->mul_base(k->verifying[i], i ? x : k->share);
	}
	crypto_core_ristretto255_scalar_random(x); /* any valid point will do */
	suite->mul_base(k->group_pk, x);
	k->present = true;
}

static void setup(void)
{
	uint8_t s[32];
	int i;

	state_init_fresh(&snapshot.state);
	snapshot.persist = persist_ok;
	snapshot.io = &mem_store_io;
	/* a cluster of three: we are 1; peers 2 and 3 with their own identity keys */
	snapshot.state.own_id = 1;
	snapshot.state.n_peers = 2;
	for (i = 0; i < 2; i++) {
		snapshot.state.peers[i].id = (uint16_t)(i + 2);
		crypto_core_ristretto255_scalar_random(s);
		crypto_scalarmult_ristretto255_base(snapshot.state.peers[i].identity_pk, s);
	}
	ta_context_start(&snapshot);
	snapshot.lock = TRIAD_LOCK_UNLOCKED;
	add_key(&snapshot.state, "babe", 0, TRIAD_SCHEME_SR25519);
	add_key(&snapshot.state, "audi", TRIAD_KEY_FLAG_NON_SLASHABLE, TRIAD_SCHEME_SR25519);
	add_key(&snapshot.state, "gran", 0, TRIAD_SCHEME_ED25519);
	add_key(&snapshot.state, "para", 0, TRIAD_SCHEME_SR25519);
	for (i = 0; i < KEYS; i++) { /* one pooled nonce per key, in key_types' order */
		const struct key_record *k = &snapshot.state.keys[i];
		const struct frost_suite *suite = key_suite(k);

		nonce_pool_add(&snapshot.pool, suite, k->key_type, k->group_pk, 1, k->share,
			       &pooled[i]);
		other[i].id = 2;
		crypto_core_ristretto255_scalar_random(s);
		suite->mul_base(other[i].hiding, s);
		crypto_core_ristretto255_scalar_random(s);
		suite->mul_base(other[i].binding, s);
	}
}

static uint32_t run(uint8_t cmd, const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
	switch (cmd % 17) {
	case 0:
		return cmd_get_info(&ctx, in, len, out, CAP, out_len);
	case 1:
		return cmd_commit_nonces(&ctx, in, len, out, CAP, out_len);
	case 2:
		return cmd_sign_prepare(&ctx, in, len, out, CAP, out_len);
	case 3:
		return cmd_dkg_round1(&ctx, in, len, out, CAP, out_len);
	case 4:
		return cmd_dkg_round2(&ctx, in, len, out, CAP, out_len);
	case 5:
		return cmd_dkg_round3(&ctx, in, len, out, CAP, out_len);
	case 6:
		return cmd_export_public(&ctx, in, len, out, CAP, out_len);
	case 7:
		return cmd_sign_cosign(&ctx, in, len, out, CAP, out_len);
	case 8:
		return cmd_sign_finish(&ctx, in, len, out, CAP, out_len);
	case 9:
		return cmd_counter_challenge(&ctx, in, len, out, CAP, out_len);
	case 10:
		return cmd_counter_report(&ctx, in, len, out, CAP, out_len);
	case 11:
		return cmd_counter_unlock(&ctx, in, len, out, CAP, out_len);
	case 12:
		return cmd_retire_key(&ctx, in, len, out, CAP, out_len);
	case 13:
		return cmd_vrf_prepare(&ctx, in, len, out, CAP, out_len);
	case 14:
		return cmd_vrf_cosign(&ctx, in, len, out, CAP, out_len);
	case 15:
		return cmd_vrf_finish(&ctx, in, len, out, CAP, out_len);
	default:
		return cmd_refresh_round1(&ctx, in, len, out, CAP, out_len);
	}
}

/* A SIGN_REQUEST whose signing set holds one of our pooled commitments. */
static size_t structured_sign(const uint8_t *data, size_t size, uint8_t *req, size_t cap)
{
	size_t key = size > 1 ? data[1] % KEYS : 0;
	const struct frost_commitment *own = &pooled[key];
	struct writer w;
	size_t payload = size > 2 ? size - 2 : 0;

	writer_init(&w, req, cap);
	write_u8(&w, TRIAD_TAG_SIGN_REQUEST);
	/*
	 * every kind the TA knows; no `beef` key here (an ecdsa key has no FROST
	 * suite to pool nonces in yet), so beefy-commitment is POLICY on each key
	 */
	write_u8(&w, size > 0 ? data[0] % 10 : 1);
	write_bytes(&w, key_types[key], 4);
	write_bytes(&w, snapshot.state.keys[key].group_pk, 32);
	write_u32(&w, (uint32_t)payload);
	write_bytes(&w, data + 2, payload);
	write_u8(&w, TRIAD_TAG_SIGNING_SET);
	write_u16(&w, 2);
	write_u16(&w, own->id);
	write_bytes(&w, own->hiding, 32);
	write_bytes(&w, own->binding, 32);
	write_u16(&w, other[key].id);
	write_bytes(&w, other[key].hiding, 32);
	write_bytes(&w, other[key].binding, 32);
	return w.error ? 0 : w.len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[CAP], req[TRIAD_MAX_PAYLOAD + 256];
	static int ready;
	size_t out_len = 0, len;
	uint32_t rc;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (size < 2)
		return 0;
	ctx = snapshot;
	mem_store_clear(&disk);
	mem_store_use(&disk);
	if (data[0] & 1) {
		len = structured_sign(data + 1, size - 1, req, sizeof(req));
		if (!len)
			return 0;
		rc = cmd_sign_prepare(&ctx, req, len, out, CAP, &out_len);
		/* a preparation only for an allowed kind on the right key */
		if (rc == 0 && !(req[1] == TRIAD_KIND_BABE_SEAL && !memcmp(req + 2, "babe", 4)) &&
		    !(req[1] == TRIAD_KIND_RAW && !memcmp(req + 2, "audi", 4)) &&
		    !(req[1] == TRIAD_KIND_GRANDPA_VOTE && !memcmp(req + 2, "gran", 4)) &&
		    !(req[1] == TRIAD_KIND_PARA_STATEMENT && !memcmp(req + 2, "para", 4)) &&
		    req[1] != TRIAD_KIND_OWNERSHIP_PROOF)
			abort();
		/* the pooled nonce is gone, whatever the answer */
		if (cmd_sign_prepare(&ctx, req, len, out, CAP, &out_len) != TRIAD_ERR_NONCE_UNKNOWN)
			abort();
	} else {
		rc = run(data[1], data + 2, size - 2, out, &out_len);
	}
	if (out_len > CAP || (rc != 0 && rc < TRIAD_ERR_BASE))
		abort();
	return 0;
}
