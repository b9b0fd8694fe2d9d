// SPDX-License-Identifier: Apache-2.0
/*
 * Many keys in one TA: keys named by type and public key (nonces and marks
 * per key), the 64-slot limit, retirement, the ownership proof, and the
 * sealed objects of format 3 over an in-memory store (migration from format
 * 2, a rolled-back key object, a crash between the key write and the core
 * write).
 */
#include <string.h>

#include <sodium.h>

#include "babe_seal.h"
#include "codec.h"
#include "core_tests.h"
#include "store.h"
#include "ta_cluster.h"

#define NS TRIAD_KEY_FLAG_NON_SLASHABLE

/* An object store in RAM: the "data directory" of TA 0 in these tests. */
static struct mem_object {
	bool live;
	char id[32];
	uint8_t data[STATE_CORE_MAX_ENCODED];
	size_t len;
} objects[TRIAD_MAX_KEYS + 4];
static int fail_core_writes;

static struct mem_object *mem_find(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (objects[i].live && !strcmp(objects[i].id, id))
			return &objects[i];
	return NULL;
}

static int mem_read(const char *id, uint8_t *buf, size_t cap, size_t *len)
{
	struct mem_object *o = mem_find(id);

	if (!o)
		return STORE_NOT_FOUND;
	if (o->len > cap)
		return STORE_IO;
	memcpy(buf, o->data, o->len);
	*len = o->len;
	return 0;
}

static int mem_write(const char *id, const uint8_t *buf, size_t len)
{
	struct mem_object *o = mem_find(id);
	size_t i;

	if (fail_core_writes && !strcmp(id, STORE_CORE_ID))
		return STORE_IO;
	for (i = 0; !o && i < sizeof(objects) / sizeof(objects[0]); i++)
		if (!objects[i].live)
			o = &objects[i];
	if (!o || len > sizeof(o->data))
		return STORE_IO;
	o->live = true;
	strcpy(o->id, id);
	memcpy(o->data, buf, len);
	o->len = len;
	return 0;
}

static int mem_remove(const char *id)
{
	struct mem_object *o = mem_find(id);

	if (!o)
		return STORE_NOT_FOUND;
	memset(o, 0, sizeof(*o));
	return 0;
}

static const struct object_io mem_io = { mem_read, mem_write, mem_remove };

static int mem_persist(const struct ta_state *s, int slot)
{
	return store_persist(&mem_io, s, slot) ? -1 : 0;
}

/* TA 0 seals into the memory store from here on, starting from its state now. */
static void seal_ta0_in_memory(void)
{
	memset(objects, 0, sizeof(objects));
	fail_core_writes = 0;
	tas[0].persist = mem_persist;
	CHECK_EQ(store_persist(&mem_io, &tas[0].state, STORE_ALL_KEYS), 0);
}

static bool store_holds(const uint8_t *bytes, size_t len)
{
	size_t i, j;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		for (j = 0; objects[i].live && j + len <= objects[i].len; j++)
			if (!memcmp(objects[i].data + j, bytes, len))
				return true;
	return false;
}

static struct babe_seal_mark mark_of(const struct key_record *k)
{
	struct babe_seal_mark m;

	babe_seal_read_mark(k->marks, &m);
	return m;
}

/* The pair's result as a schnorrkel signature, verified under `pk`. */
static int pair_verifies(const struct pair_result *res, const uint8_t *msg, size_t len,
			 const uint8_t pk[32])
{
	uint8_t sig[64];

	memcpy(sig, res->R, 32);
	crypto_core_ristretto255_scalar_add(sig + 32, res->z[0], res->z[1]);
	sig[63] |= 0x80;
	return test_sr25519_verify(sig, msg, len, pk);
}

static void sign_babe(const uint8_t *pk, uint64_t slot, uint8_t tag, struct pair_result *res)
{
	uint8_t hdr[BUF];
	size_t len = babe_header(hdr, slot, tag);

	key_pk = pk;
	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, res);
	key_pk = NULL;
}

TEST(two_babe_keys_sign_each_with_its_own_nonces_and_marks)
{
	static uint8_t a[32], b[32], req[BUF], out[BUF];
	struct frost_commitment set[2];
	struct pair_result res;
	uint8_t hdr[BUF], hash[32];
	size_t len, n, out_len;

	cluster_with_key("babe", 0);
	CHECK_EQ(add_key("babe", 0), 0); /* a second key of the type: no KEY_EXISTS */
	CHECK(tas[0].state.keys[1].present);
	memcpy(a, tas[0].state.keys[0].group_pk, 32);
	memcpy(b, tas[0].state.keys[1].group_pk, 32);
	CHECK(memcmp(a, b, 32) != 0);
	/* a nonce made for key a does not sign with key b */
	key_pk = a;
	commit_one(0, "babe", &set[0]);
	commit_one(1, "babe", &set[1]);
	key_pk = b;
	len = babe_header(hdr, 5, 1);
	n = sign_request(req, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, set, 2);
	CHECK_EQ(run(cmd_sign_prepare, 0, req, n, out, &out_len), TRIAD_ERR_NONCE_UNKNOWN);
	key_pk = NULL;
	/* marks are per key: the same slot with different headers under a and b */
	sign_babe(a, 10, 1, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	crypto_generichash_blake2b(hash, 32, hdr, babe_header(hdr, 10, 1), NULL, 0);
	CHECK(pair_verifies(&res, hash, 32, a));
	sign_babe(b, 10, 2, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	crypto_generichash_blake2b(hash, 32, hdr, babe_header(hdr, 10, 2), NULL, 0);
	CHECK(pair_verifies(&res, hash, 32, b));
	CHECK(!pair_verifies(&res, hash, 32, a));
	/* a conflict under one key is still a conflict */
	sign_babe(a, 10, 2, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_CONFLICT);
	sign_babe(b, 10, 1, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_CONFLICT);
	CHECK_EQ(mark_of(&tas[1].state.keys[0]).slot, 10);
	CHECK_EQ(mark_of(&tas[1].state.keys[1]).slot, 10);
}

TEST(sixty_four_keys_then_the_table_is_full)
{
	static uint8_t out[BUF];
	struct pair_result res;
	struct reader r;
	size_t out_len, i;

	cluster_with_key("babe", 0);
	for (i = 1; i < TRIAD_MAX_KEYS; i++)
		CHECK_EQ(add_key(i % 2 ? "audi" : "babe", i % 2 ? NS : 0), 0);
	CHECK_EQ(add_key("babe", 0), TRIAD_ERR_KEYS_FULL);
	/* every key listed, within the output every command gets */
	CHECK_EQ(run(cmd_get_info, 0, NULL, 0, out, &out_len), 0);
	CHECK(out_len <= TRIAD_MAX_OUTPUT);
	reader_init(&r, out, out_len);
	read_bytes(&r, 1 + 2 + 32 + 8 + 1 + 2);
	CHECK_EQ(read_u8(&r), TRIAD_MAX_KEYS);
	/* the last key signs */
	sign_babe(tas[0].state.keys[TRIAD_MAX_KEYS - 2].group_pk, 3, 1, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
}

static uint32_t retire(int ta, const uint8_t pk[32])
{
	uint8_t in[64], out[BUF];
	size_t out_len;

	in[0] = TRIAD_TAG_KEY_ID;
	memcpy(in + 1, "babe", 4);
	memcpy(in + 5, pk, 32);
	return run(cmd_retire_key, ta, in, 37, out, &out_len);
}

TEST(a_retired_key_signs_nothing_and_its_share_is_gone_from_storage)
{
	static uint8_t pk[32], share[32], out[BUF], in[64], req[BUF], hdr[BUF];
	struct frost_commitment set[2];
	struct pair_result res;
	struct reader r;
	size_t out_len, n;
	uint64_t counter;
	int i;

	cluster_with_key("babe", 0);
	seal_ta0_in_memory();
	memcpy(pk, tas[0].state.keys[0].group_pk, 32);
	memcpy(share, tas[0].state.keys[0].share, 32);
	CHECK(store_holds(share, 32));
	sign_babe(pk, 7, 1, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	counter = tas[0].state.counter;
	key_pk = pk; /* commitments made before the key is retired */
	commit_one(0, "babe", &set[0]);
	commit_one(1, "babe", &set[1]);
	key_pk = NULL;
	for (i = 0; i < 3; i++)
		CHECK_EQ(retire(i, pk), 0);
	CHECK_EQ(tas[0].state.counter, counter + 1); /* sealed at a version no copy with the share has */
	CHECK(!store_holds(share, 32));
	CHECK_EQ(retire(0, pk), TRIAD_ERR_NO_KEY);
	key_pk = pk;
	n = sign_request(req, TRIAD_KIND_BABE_SEAL, "babe", hdr, babe_header(hdr, 8, 1), set, 2);
	key_pk = NULL;
	CHECK_EQ(run(cmd_sign_prepare, 0, req, n, out, &out_len), TRIAD_ERR_NO_KEY);
	CHECK_EQ(run(cmd_sign_prepare, 1, req, n, out, &out_len), TRIAD_ERR_NO_KEY);
	in[0] = TRIAD_TAG_KEY_ID;
	memcpy(in + 1, "babe", 4);
	memcpy(in + 5, pk, 32);
	CHECK_EQ(run(cmd_export_public, 0, in, 37, out, &out_len), TRIAD_ERR_NO_KEY);
	key_pk = pk;
	n = commit_request(in, "babe", 1);
	key_pk = NULL;
	CHECK_EQ(run(cmd_commit_nonces, 0, in, n, out, &out_len), TRIAD_ERR_NO_KEY);
	/* the tombstone: listed retired, and it reloads retired */
	CHECK_EQ(run(cmd_get_info, 0, NULL, 0, out, &out_len), 0);
	reader_init(&r, out, out_len);
	read_bytes(&r, 1 + 2 + 32 + 8 + 1 + 2);
	CHECK_EQ(read_u8(&r), 1);
	read_bytes(&r, 5);
	CHECK_EQ(read_u8(&r), TRIAD_KEY_STATUS_RETIRED);
	{
		static struct ta_state loaded;

		CHECK_EQ(store_load(&mem_io, &loaded), STORE_OK);
		CHECK_EQ(loaded.keys[0].status, TRIAD_KEY_STATUS_RETIRED);
		CHECK(scalar_is_zero(loaded.keys[0].share));
	}
	/* a new key takes another slot */
	CHECK_EQ(add_key("babe", 0), 0);
	CHECK(tas[0].state.keys[1].present && !tas[0].state.keys[1].status);
}

TEST(ownership_proof_signs_pop_and_the_owner)
{
	static const uint8_t owner[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	uint8_t statement[36];
	struct pair_result res;
	int i;

	memcpy(statement, "POP_", 4);
	memcpy(statement + 4, owner, 32);
	for (i = 0; i < 2; i++) {
		const char *type = i ? "audi" : "babe";

		cluster_with_key(type, i ? NS : 0);
		sign_pair(0, 2, TRIAD_KIND_OWNERSHIP_PROOF, type, owner, 32, &res);
		CHECK(res.rc[0] == 0 && res.rc[1] == 0);
		CHECK(pair_verifies(&res, statement, 36, pk_for(type)));
		CHECK(!pair_verifies(&res, owner, 32, pk_for(type)));
		sign_pair(0, 2, TRIAD_KIND_OWNERSHIP_PROOF, type, statement, 36, &res);
		CHECK_EQ(res.rc[0], TRIAD_ERR_MALFORMED);
	}
}

size_t format_2_state(uint8_t *sealed, size_t cap, const uint8_t sk[32], const uint8_t hash[32]);

TEST(store_migrates_format_2_and_refuses_what_does_not_parse)
{
	static uint8_t v2[STATE_V2_MAX_ENCODED];
	static struct ta_state s, again;
	uint8_t sk[32], hash[32];
	size_t len;

	memset(objects, 0, sizeof(objects));
	crypto_core_ristretto255_scalar_random(sk);
	memset(hash, 0xab, sizeof(hash));
	len = format_2_state(v2, sizeof(v2), sk, hash);
	CHECK_EQ(mem_write(STORE_V2_ID, v2, len), 0);
	CHECK_EQ(store_load(&mem_io, &s), STORE_OK);
	CHECK(!mem_find(STORE_V2_ID) && mem_find(STORE_CORE_ID) && mem_find("triad-key-00"));
	CHECK(!mem_find("triad-key-01"));
	CHECK_EQ(s.counter, 5);
	CHECK(mark_of(&s.keys[0]).set && mark_of(&s.keys[0]).slot == 77);
	CHECK_EQ(store_load(&mem_io, &again), STORE_OK);
	CHECK(!memcmp(&s, &again, sizeof(s)));
	/* a leftover format-2 object beside the core (migration cut short) goes */
	CHECK_EQ(mem_write(STORE_V2_ID, v2, len), 0);
	CHECK_EQ(store_load(&mem_io, &again), STORE_OK);
	CHECK(!mem_find(STORE_V2_ID));
	/* garbage in either format: refused, nothing replaced */
	memset(objects, 0, sizeof(objects));
	v2[5] ^= 1;
	CHECK_EQ(mem_write(STORE_V2_ID, v2, len), 0);
	CHECK_EQ(store_load(&mem_io, &s), STORE_CORRUPT);
	CHECK(mem_find(STORE_V2_ID) && !mem_find(STORE_CORE_ID));
	v2[5] ^= 1;
	CHECK_EQ(mem_write(STORE_CORE_ID, v2, len), 0); /* format 2 bytes where the core goes */
	CHECK_EQ(store_load(&mem_io, &s), STORE_CORRUPT);
	/* nothing at all: a fresh state */
	memset(objects, 0, sizeof(objects));
	CHECK_EQ(store_load(&mem_io, &s), STORE_OK);
	CHECK(mem_find(STORE_CORE_ID) && !s.own_id);
}

TEST(store_refuses_a_rolled_back_key_object_and_a_missing_one)
{
	static struct mem_object old;
	static struct ta_state s;
	struct pair_result res;

	cluster_with_key("babe", 0);
	seal_ta0_in_memory();
	old = *mem_find("triad-key-00");
	sign_babe(pk_for("babe"), 20, 1, &res);
	CHECK(res.rc[0] == 0 && res.rc[1] == 0);
	CHECK_EQ(store_load(&mem_io, &s), STORE_OK);
	CHECK_EQ(mark_of(&s.keys[0]).slot, 20);
	/* the key's object alone put back as it was before the signature */
	*mem_find("triad-key-00") = old;
	CHECK_EQ(store_load(&mem_io, &s), STORE_KEY_ROLLED_BACK);
	mem_remove("triad-key-00");
	CHECK_EQ(store_load(&mem_io, &s), STORE_CORRUPT);
}

TEST(store_recovers_a_key_written_before_a_lost_core_write)
{
	static struct ta_state s;
	struct pair_result res;
	uint64_t counter;

	cluster_with_key("babe", 0);
	seal_ta0_in_memory();
	counter = tas[0].state.counter;
	fail_core_writes = 1; /* the power goes between the key's write and the core's */
	sign_babe(pk_for("babe"), 30, 1, &res);
	CHECK_EQ(res.rc[0], TRIAD_ERR_STORAGE);
	CHECK_EQ(tas[0].state.counter, counter); /* undone in RAM */
	fail_core_writes = 0;
	CHECK_EQ(store_load(&mem_io, &s), STORE_OK);
	/* the key's newer marks win, and the counter is brought up to them */
	CHECK_EQ(s.counter, counter + 1);
	CHECK(mark_of(&s.keys[0]).set && mark_of(&s.keys[0]).slot == 30);
	CHECK_EQ(s.keys[0].version, counter + 1);
	/* the core was sealed again: the next load finds them agreeing */
	CHECK_EQ(store_load(&mem_io, &s), STORE_OK);
	CHECK_EQ(s.counter, counter + 1);
}
