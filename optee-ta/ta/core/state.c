// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "state.h"
#include "test_reveal.h"

/* "TRST" and a format version: anything else is not our state. */
#define STATE_MAGIC 0x54535254u
#define STATE_FORMAT 2 /* 2: the cluster view (own id, peers and their counters) */

/* Format 2 seals 41 bytes of marks per key: more room is a new format that still reads 2. */
typedef char state_format_2_has_41_bytes_of_marks[KEY_MARKS_BYTES == 41 ? 1 : -1];

size_t state_encode(const struct ta_state *s, uint8_t *out, size_t cap)
{
	struct writer w;
	size_t i, j;

	writer_init(&w, out, cap);
	write_u32(&w, STATE_MAGIC);
	write_u16(&w, STATE_FORMAT);
	write_bytes(&w, s->identity_sk, sizeof(s->identity_sk));
	write_u64(&w, s->counter);
	write_u16(&w, s->own_id);
	write_u16(&w, s->n_peers);
	for (i = 0; i < s->n_peers; i++) {
		write_u16(&w, s->peers[i].id);
		write_bytes(&w, s->peers[i].identity_pk, RISTRETTO_POINT_BYTES);
		write_u64(&w, s->peers[i].seen_counter);
	}
	for (i = 0; i < TRIAD_MAX_KEYS; i++) {
		const struct key_record *k = &s->keys[i];

		write_u8(&w, k->present);
		if (!k->present)
			continue;
		write_bytes(&w, k->key_type, 4);
		write_u8(&w, k->flags);
		write_u16(&w, k->own_id);
		write_u16(&w, k->threshold);
		write_u16(&w, k->n);
		write_bytes(&w, k->share, sizeof(k->share));
		write_bytes(&w, k->group_pk, sizeof(k->group_pk));
		for (j = 0; j < k->n; j++) {
			write_u16(&w, k->ids[j]);
			write_bytes(&w, k->verifying[j], RISTRETTO_POINT_BYTES);
		}
		write_bytes(&w, k->marks, sizeof(k->marks));
	}
	return w.error ? 0 : w.len;
}

static bool decode_key(struct reader *r, struct key_record *k)
{
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
	read_into(r, k->group_pk, sizeof(k->group_pk));
	for (j = 0; j < k->n; j++) {
		k->ids[j] = read_u16(r);
		read_into(r, k->verifying[j], RISTRETTO_POINT_BYTES);
	}
	read_into(r, k->marks, sizeof(k->marks));
	k->present = true;
	return !r->error;
}

bool state_decode(struct ta_state *s, const uint8_t *in, size_t len)
{
	struct reader r;
	size_t i;

	memset(s, 0, sizeof(*s));
	reader_init(&r, in, len);
	if (read_u32(&r) != STATE_MAGIC || read_u16(&r) != STATE_FORMAT)
		return false;
	read_into(&r, s->identity_sk, sizeof(s->identity_sk));
	s->counter = read_u64(&r);
	s->own_id = read_u16(&r);
	s->n_peers = read_u16(&r);
	if (s->n_peers > TRIAD_MAX_PARTICIPANTS - 1 || (s->n_peers && !s->own_id))
		goto bad;
	for (i = 0; i < s->n_peers; i++) {
		s->peers[i].id = read_u16(&r);
		read_into(&r, s->peers[i].identity_pk, RISTRETTO_POINT_BYTES);
		s->peers[i].seen_counter = read_u64(&r);
	}
	for (i = 0; i < TRIAD_MAX_KEYS; i++) {
		uint8_t present = read_u8(&r);

		if (present > 1 || (present && !decode_key(&r, &s->keys[i])))
			goto bad;
	}
	if (!reader_done(&r) || !scalar_is_canonical(s->identity_sk) ||
	    crypto_scalarmult_ristretto255_base(s->identity_pk, s->identity_sk))
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

struct key_record *state_find_key(struct ta_state *s, const uint8_t key_type[4])
{
	size_t i;

	for (i = 0; i < TRIAD_MAX_KEYS; i++)
		if (s->keys[i].present && !memcmp(s->keys[i].key_type, key_type, 4))
			return &s->keys[i];
	return NULL;
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
