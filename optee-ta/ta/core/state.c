// SPDX-License-Identifier: Apache-2.0
/*
 * Sealed layouts (little-endian):
 *
 * format 3, core object:  "TRST":u32 3:u16 identity_sk[32] counter:u64 own_id:u16
 *                         n_peers:u16, n_peers x (id:u16 identity_pk[32] seen:u64),
 *                         count:u8, count x (slot:u8 key_type[4] group_pk version:u64),
 *                         slots increasing; group_pk has key_type_pk_bytes (32, or 33 for
 *                         a secp256k1 key)
 * format 6, key object:   "TRKY":u32 6:u16 slot:u8 version:u64 created:u64 status:u8
 *                         scheme:u8 (TRIAD_SCHEME_*), then the key as format 2 holds it
 *                         (below) but with marks[723] (babe-seal's 41, babe-vrf's 9,
 *                         grandpa-vote's 234, para-statement's 439); a retired key's
 *                         share is 32 zero bytes; group_pk and verifying have the
 *                         scheme's point size (32, or 33 for secp256k1)
 * format 5, key object:   as format 6 with 5:u16 and marks[284]: still read, its
 *                         para-statement mark unset; written as format 6 when it next
 *                         changes
 * format 4, key object:   "TRKY":u32 4:u16 slot:u8 version:u64 created:u64 status:u8,
 *                         then the key with marks[50]: still read as sr25519, its
 *                         grandpa-vote mark unset; written as format 6 when it next changes
 * format 3, key object:   as format 4 with 3:u16 and marks[41]: still read, its babe-vrf
 *                         mark unset too
 * format 2 (read only):   "TRST":u32 2:u16 identity_sk[32] counter:u64 own_id:u16
 *                         n_peers:u16, peers as above, 8 x (present:u8 [key]),
 *                         key = key_type[4] flags:u8 own_id:u16 threshold:u16 n:u16
 *                               share[32] group_pk[32], n x (id:u16 verifying[32]),
 *                               marks[41]
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "rules.h"
#include "state.h"
#include "test_reveal.h"

/* "TRST" (the state, or its core) and "TRKY" (one key), then a format version. */
#define STATE_MAGIC 0x54535254u
#define KEY_MAGIC 0x594b5254u
#define STATE_FORMAT_V2 2 /* one object: the cluster view (own id, peers, their counters) */
#define STATE_FORMAT 3	  /* a core object and one object per key */
#define KEY_FORMAT_V3 3	  /* a key object with marks[41] (babe-seal's alone) */
#define KEY_FORMAT_V4 4	  /* a key object with marks[50] (babe-seal's, babe-vrf's) */
#define KEY_FORMAT_V5 5	  /* a key object with its scheme and marks[284] (grandpa-vote's too) */
#define KEY_FORMAT 6	  /* a key object with its scheme and marks[723] (para-statement's too) */
#define V2_MAX_KEYS 8

/*
 * Formats 2 and 3 seal 41 bytes of marks per key, key format 4 seals 50,
 * format 5 284 and format 6 723: more room is a new key format that still
 * reads the older ones.
 */
typedef char state_format_has_723_bytes_of_marks[KEY_MARKS_BYTES == 723 ? 1 : -1];
typedef char state_v5_marks_are_284_bytes[KEY_MARKS_BYTES_V5 == 284 ? 1 : -1];
typedef char state_v4_marks_are_50_bytes[KEY_MARKS_BYTES_V4 == 50 ? 1 : -1];
typedef char state_v3_marks_are_41_bytes[KEY_MARKS_BYTES_V3 == 41 ? 1 : -1];
/* The largest key object (format 6, TRIAD_MAX_PARTICIPANTS public shares) fits its buffers. */
typedef char state_key_object_fits[25 + 76 + TRIAD_MAX_PARTICIPANTS * (2 + FROST_POINT_MAX) +
						   KEY_MARKS_BYTES <=
					   STATE_KEY_MAX_ENCODED
				   ? 1
				   : -1];
/* A slot number is one byte in the core's index. */
typedef char state_slot_fits_a_byte[TRIAD_MAX_KEYS <= 255 ? 1 : -1];

static void encode_key_body(struct writer *w, const struct key_record *k)
{
	size_t j;

	write_bytes(w, k->key_type, 4);
	write_u8(w, k->flags);
	write_u16(w, k->own_id);
	write_u16(w, k->threshold);
	write_u16(w, k->n);
	write_bytes(w, k->share, sizeof(k->share));
	write_bytes(w, k->group_pk, key_pk_bytes(k));
	for (j = 0; j < k->n; j++) {
		write_u16(w, k->ids[j]);
		write_bytes(w, k->verifying[j], key_pk_bytes(k));
	}
	write_bytes(w, k->marks, sizeof(k->marks));
}

/*
 * marks_len: what the format holds (marks_bytes_of); the rest stays zero.
 * k->scheme is set: it gives the points' size.
 */
static bool decode_key_body(struct reader *r, struct key_record *k, size_t marks_len)
{
	const size_t pb = key_pk_bytes(k);
	size_t j;

	read_into(r, k->key_type, 4);
	k->flags = read_u8(r);
	k->own_id = read_u16(r);
	k->threshold = read_u16(r);
	k->n = read_u16(r);
	if (r->error || k->n > TRIAD_MAX_PARTICIPANTS || k->threshold < 2 ||
	    k->threshold > k->n || k->own_id == 0)
		return false;
	read_into(r, k->share, sizeof(k->share));
	read_into(r, k->group_pk, pb);
	for (j = 0; j < k->n; j++) {
		k->ids[j] = read_u16(r);
		read_into(r, k->verifying[j], pb);
	}
	memset(k->marks, 0, sizeof(k->marks));
	read_into(r, k->marks, marks_len);
	k->present = true;
	return !r->error;
}

static void encode_cluster(struct writer *w, const struct ta_state *s, uint16_t format)
{
	size_t i;

	write_u32(w, STATE_MAGIC);
	write_u16(w, format);
	write_bytes(w, s->identity_sk, sizeof(s->identity_sk));
	write_u64(w, s->counter);
	write_u16(w, s->own_id);
	write_u16(w, s->n_peers);
	for (i = 0; i < s->n_peers; i++) {
		write_u16(w, s->peers[i].id);
		write_bytes(w, s->peers[i].identity_pk, RISTRETTO_POINT_BYTES);
		write_u64(w, s->peers[i].seen_counter);
	}
}

/* The part formats 2 and 3 share: magic, format, identity key, counter, cluster. */
static bool decode_cluster(struct reader *r, struct ta_state *s, uint16_t format)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	if (read_u32(r) != STATE_MAGIC || read_u16(r) != format)
		return false;
	read_into(r, s->identity_sk, sizeof(s->identity_sk));
	s->counter = read_u64(r);
	s->own_id = read_u16(r);
	s->n_peers = read_u16(r);
	if (r->error || s->n_peers > TRIAD_MAX_PARTICIPANTS - 1 || (s->n_peers && !s->own_id))
		return false;
	for (i = 0; i < s->n_peers; i++) {
		s->peers[i].id = read_u16(r);
		read_into(r, s->peers[i].identity_pk, RISTRETTO_POINT_BYTES);
		s->peers[i].seen_counter = read_u64(r);
	}
	return !r->error;
}

static bool identity_ok(struct ta_state *s)
{
	return scalar_is_canonical(s->identity_sk) &&
	       !crypto_scalarmult_ristretto255_base(s->identity_pk, s->identity_sk);
}

size_t state_encode_core(const struct ta_state *s, uint8_t *out, size_t cap)
{
	struct writer w;
	uint8_t count = 0;
	size_t i;

	for (i = 0; i < TRIAD_MAX_KEYS; i++)
		count = (uint8_t)(count + s->keys[i].present);
	writer_init(&w, out, cap);
	encode_cluster(&w, s, STATE_FORMAT);
	write_u8(&w, count);
	for (i = 0; i < TRIAD_MAX_KEYS; i++) {
		const struct key_record *k = &s->keys[i];

		if (!k->present)
			continue;
		write_u8(&w, (uint8_t)i);
		write_key_ref(&w, k);
		write_u64(&w, k->version);
	}
	return w.error ? 0 : w.len;
}

bool state_decode_core(struct ta_state *s, const uint8_t *in, size_t len)
{
	struct reader r;
	size_t i, count;
	int last = -1;

	reader_init(&r, in, len);
	if (!decode_cluster(&r, s, STATE_FORMAT))
		goto bad;
	count = read_u8(&r);
	if (count > TRIAD_MAX_KEYS)
		goto bad;
	for (i = 0; i < count; i++) {
		uint8_t slot = read_u8(&r);
		struct key_record *k;

		if (r.error || slot >= TRIAD_MAX_KEYS || (int)slot <= last)
			goto bad;
		last = slot;
		k = &s->keys[slot];
		read_key_ref(&r, k->key_type, k->group_pk);
		k->version = read_u64(&r);
		k->present = true;
	}
	if (!reader_done(&r) || !identity_ok(s))
		goto bad;
	return true;
bad:
	sodium_memzero(s, sizeof(*s));
	return false;
}

size_t state_encode_key(const struct ta_state *s, size_t slot, uint8_t *out, size_t cap)
{
	const struct key_record *k = &s->keys[slot];
	struct writer w;

	if (slot >= TRIAD_MAX_KEYS || !k->present)
		return 0;
	writer_init(&w, out, cap);
	write_u32(&w, KEY_MAGIC);
	write_u16(&w, KEY_FORMAT);
	write_u8(&w, (uint8_t)slot);
	write_u64(&w, k->version);
	write_u64(&w, k->created);
	write_u8(&w, k->status);
	write_u8(&w, k->scheme);
	encode_key_body(&w, k);
	return w.error ? 0 : w.len;
}

/* A retired key keeps no share; an active key's is a canonical non-zero scalar. */
static bool share_fits_status(const struct key_record *k)
{
	if (k->status == TRIAD_KEY_STATUS_RETIRED)
		return scalar_is_zero(k->share);
	return k->status == TRIAD_KEY_STATUS_ACTIVE && key_suite(k)->scalar_ok(k->share) &&
	       !scalar_is_zero(k->share);
}

/* How many bytes of marks a key object of this format holds; the rest stays zero. */
static size_t marks_bytes_of(uint16_t format)
{
	if (format == KEY_FORMAT_V3)
		return KEY_MARKS_BYTES_V3;
	if (format == KEY_FORMAT_V4)
		return KEY_MARKS_BYTES_V4;
	return format == KEY_FORMAT_V5 ? KEY_MARKS_BYTES_V5 : KEY_MARKS_BYTES;
}

int state_decode_key(struct ta_state *s, size_t slot, const uint8_t *in, size_t len)
{
	struct key_record *indexed, k;
	struct reader r;
	uint16_t format;
	int rc = STATE_KEY_BAD;

	if (slot >= TRIAD_MAX_KEYS || !s->keys[slot].present)
		return STATE_KEY_BAD;
	indexed = &s->keys[slot];
	memset(&k, 0, sizeof(k));
	reader_init(&r, in, len);
	if (read_u32(&r) != KEY_MAGIC)
		goto out;
	format = read_u16(&r);
	if (format < KEY_FORMAT_V3 || format > KEY_FORMAT || read_u8(&r) != slot)
		goto out;
	k.version = read_u64(&r);
	k.created = read_u64(&r);
	k.status = read_u8(&r);
	/* keys sealed before they carried a scheme are sr25519: they could be nothing else */
	k.scheme = format >= KEY_FORMAT_V5 ? read_u8(&r) : TRIAD_SCHEME_SR25519;
	if (r.error || !frost_suite_of(k.scheme) ||
	    !decode_key_body(&r, &k, marks_bytes_of(format)) || !reader_done(&r) ||
	    !share_fits_status(&k) ||
	    memcmp(k.key_type, indexed->key_type, 4) ||
	    memcmp(k.group_pk, indexed->group_pk, sizeof(k.group_pk)))
		goto out;
	rc = STATE_KEY_ROLLED_BACK;
	if (k.version < indexed->version)
		goto out;
	/* the key was sealed after the core last was: its marks are the newer ones */
	if (k.version > s->counter)
		s->counter = k.version;
	*indexed = k;
	rc = STATE_KEY_OK;
out:
	sodium_memzero(&k, sizeof(k));
	return rc;
}

bool state_decode_v2(struct ta_state *s, const uint8_t *in, size_t len)
{
	struct reader r;
	size_t i;

	reader_init(&r, in, len);
	if (!decode_cluster(&r, s, STATE_FORMAT_V2))
		goto bad;
	for (i = 0; i < V2_MAX_KEYS; i++) {
		uint8_t present = read_u8(&r);

		s->keys[i].scheme = TRIAD_SCHEME_SR25519;
		if (present > 1 ||
		    (present && !decode_key_body(&r, &s->keys[i], KEY_MARKS_BYTES_V3)))
			goto bad;
		s->keys[i].status = TRIAD_KEY_STATUS_ACTIVE;
		s->keys[i].version = present ? s->counter : 0;
	}
	if (!reader_done(&r) || !identity_ok(s))
		goto bad;
	return true;
bad:
	sodium_memzero(s, sizeof(*s));
	return false;
}

int state_init_fresh(struct ta_state *s)
{
	sodium_memzero(s, sizeof(*s));
	crypto_core_ristretto255_scalar_random(s->identity_sk);
	TEST_REVEAL("identity-key", s->identity_sk, sizeof(s->identity_sk));
	return crypto_scalarmult_ristretto255_base(s->identity_pk, s->identity_sk);
}

const struct frost_suite *key_suite(const struct key_record *k)
{
	return frost_suite_of(k->scheme);
}

size_t key_pk_bytes(const struct key_record *k)
{
	const struct frost_suite *suite = key_suite(k);

	return suite ? suite->point_bytes : FROST_POINT_BYTES;
}

size_t key_type_pk_bytes(const uint8_t key_type[4])
{
	const struct frost_suite *suite = frost_suite_of(key_type_scheme(key_type));

	return suite ? suite->point_bytes : FROST_POINT_BYTES;
}

void read_key_ref(struct reader *r, uint8_t key_type[4], uint8_t group_pk[FROST_POINT_MAX])
{
	read_into(r, key_type, 4);
	memset(group_pk, 0, FROST_POINT_MAX);
	if (!r->error)
		read_into(r, group_pk, key_type_pk_bytes(key_type));
}

void write_key_ref(struct writer *w, const struct key_record *k)
{
	write_bytes(w, k->key_type, 4);
	write_bytes(w, k->group_pk, key_type_pk_bytes(k->key_type));
}

/* Whole buffers compare: every group_pk here is zero-padded past its point. */
struct key_record *state_find_any_key(struct ta_state *s, const uint8_t key_type[4],
				      const uint8_t group_pk[FROST_POINT_MAX])
{
	size_t i;

	for (i = 0; i < TRIAD_MAX_KEYS; i++)
		if (s->keys[i].present && !memcmp(s->keys[i].key_type, key_type, 4) &&
		    !memcmp(s->keys[i].group_pk, group_pk, FROST_POINT_MAX))
			return &s->keys[i];
	return NULL;
}

struct key_record *state_find_key(struct ta_state *s, const uint8_t key_type[4],
				  const uint8_t group_pk[FROST_POINT_MAX])
{
	struct key_record *k = state_find_any_key(s, key_type, group_pk);

	return k && k->status == TRIAD_KEY_STATUS_ACTIVE ? k : NULL;
}

struct peer_record *state_find_peer(struct ta_state *s, uint16_t id)
{
	size_t i;

	for (i = 0; i < s->n_peers; i++)
		if (s->peers[i].id == id)
			return &s->peers[i];
	return NULL;
}

struct key_record *state_free_key_slot(struct ta_state *s)
{
	size_t i;

	for (i = 0; i < TRIAD_MAX_KEYS; i++)
		if (!s->keys[i].present)
			return &s->keys[i];
	return NULL;
}

size_t state_key_slot(const struct ta_state *s, const struct key_record *k)
{
	return (size_t)(k - s->keys);
}
