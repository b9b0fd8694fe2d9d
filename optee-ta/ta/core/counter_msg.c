// SPDX-License-Identifier: Apache-2.0
#include <string.h>

#include <sodium.h>

#include "counter_msg.h"
#include "pairwise.h"
#include "test_reveal.h"

void request_digest(uint8_t digest[32], const uint8_t *request, size_t len)
{
	static const char domain[] = "triad-sign-request-v1";
	crypto_generichash_blake2b_state st;

	crypto_generichash_blake2b_init(&st, NULL, 0, 32);
	crypto_generichash_blake2b_update(&st, (const uint8_t *)domain, sizeof(domain) - 1);
	crypto_generichash_blake2b_update(&st, request, len);
	crypto_generichash_blake2b_final(&st, digest, 32);
}

/*
 * The pair's "counter" subkeys, derived once per (our identity, peer identity): each derivation is
 * an identity-key Diffie-Hellman, and every signature needs four MACs. RAM only, like the nonces.
 */
static struct {
	bool live;
	uint8_t own_pk[32];
	uint8_t peer_pk[32];
	uint8_t key[32];
} subkeys[TRIAD_MAX_PARTICIPANTS];

static int counter_subkey(uint8_t key[32], const struct ta_state *s, const uint8_t peer_pk[32])
{
	size_t i, slot = 0;

	for (i = 0; i < TRIAD_MAX_PARTICIPANTS; i++) {
		if (subkeys[i].live && !sodium_memcmp(subkeys[i].own_pk, s->identity_pk, 32) &&
		    !sodium_memcmp(subkeys[i].peer_pk, peer_pk, 32)) {
			memcpy(key, subkeys[i].key, 32);
			return 0;
		}
		if (!subkeys[i].live)
			slot = i;
	}
	if (pairwise_subkey(key, s->identity_sk, s->identity_pk, peer_pk, "counter"))
		return -1;
	subkeys[slot].live = true; /* a full table overwrites slot 0: it is only a cache */
	memcpy(subkeys[slot].own_pk, s->identity_pk, 32);
	memcpy(subkeys[slot].peer_pk, peer_pk, 32);
	memcpy(subkeys[slot].key, key, 32);
	return 0;
}

void counter_forget_keys(void)
{
	sodium_memzero(subkeys, sizeof(subkeys));
}

/* MAC = BLAKE2b-256 keyed with the pair's "counter" subkey over label || body. */
static int mac_for(uint8_t mac[32], struct ta_state *s, uint16_t peer_id, const char *label,
		   const uint8_t *body, size_t len)
{
	const struct peer_record *peer = state_find_peer(s, peer_id);
	crypto_generichash_blake2b_state st;
	uint8_t key[32];

	if (!peer || counter_subkey(key, s, peer->identity_pk))
		return -1;
	crypto_generichash_blake2b_init(&st, key, sizeof(key), 32);
	crypto_generichash_blake2b_update(&st, (const uint8_t *)label, strlen(label));
	crypto_generichash_blake2b_update(&st, body, len);
	crypto_generichash_blake2b_final(&st, mac, 32);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	return 0;
}

/* Appends body || MAC(body) where the peer is `to` (writing) or `from` (reading). */
static int seal_into(struct writer *w, struct ta_state *s, uint16_t peer, const char *label,
		     const uint8_t *body, size_t len)
{
	uint8_t mac[32];

	if (mac_for(mac, s, peer, label, body, len))
		return -1;
	write_bytes(w, body, len);
	write_bytes(w, mac, sizeof(mac));
	return 0;
}

static uint32_t open_from(struct reader *r, struct ta_state *s, const char *label, size_t len,
			  uint8_t *body)
{
	uint8_t mac[32];
	const uint8_t *got;
	uint16_t from, to;

	read_into(r, body, len);
	got = read_bytes(r, 32);
	if (!got)
		return TRIAD_ERR_MALFORMED;
	from = (uint16_t)(body[0] | body[1] << 8);
	to = (uint16_t)(body[2] | body[3] << 8);
	if (to != s->own_id || from == s->own_id || mac_for(mac, s, from, label, body, len) ||
	    sodium_memcmp(mac, got, 32))
		return TRIAD_ERR_PEER_AUTH;
	return 0;
}

int write_update(struct writer *w, struct ta_state *s, const struct counter_update *u)
{
	uint8_t body[COUNTER_UPDATE_BYTES - 32];
	struct writer b;

	writer_init(&b, body, sizeof(body));
	write_u16(&b, u->from);
	write_u16(&b, u->to);
	write_u64(&b, u->counter);
	write_bytes(&b, u->digest, 32);
	return seal_into(w, s, u->to, "triad-counter-update-v1", body, sizeof(body));
}

uint32_t read_update(struct reader *r, struct ta_state *s, struct counter_update *u)
{
	uint8_t body[COUNTER_UPDATE_BYTES - 32];
	struct reader b;
	uint32_t rc = open_from(r, s, "triad-counter-update-v1", sizeof(body), body);

	if (rc)
		return rc;
	reader_init(&b, body, sizeof(body));
	u->from = read_u16(&b);
	u->to = read_u16(&b);
	u->counter = read_u64(&b);
	read_into(&b, u->digest, 32);
	return 0;
}

int write_ack(struct writer *w, struct ta_state *s, const struct counter_ack *a)
{
	uint8_t body[COUNTER_ACK_BYTES - 32];
	struct writer b;

	writer_init(&b, body, sizeof(body));
	write_u16(&b, a->from);
	write_u16(&b, a->to);
	write_u64(&b, a->acked);
	write_u64(&b, a->counter);
	write_bytes(&b, a->digest, 32);
	return seal_into(w, s, a->to, "triad-counter-ack-v1", body, sizeof(body));
}

uint32_t read_ack(struct reader *r, struct ta_state *s, struct counter_ack *a)
{
	uint8_t body[COUNTER_ACK_BYTES - 32];
	struct reader b;
	uint32_t rc = open_from(r, s, "triad-counter-ack-v1", sizeof(body), body);

	if (rc)
		return rc;
	reader_init(&b, body, sizeof(body));
	a->from = read_u16(&b);
	a->to = read_u16(&b);
	a->acked = read_u64(&b);
	a->counter = read_u64(&b);
	read_into(&b, a->digest, 32);
	return 0;
}

int write_report(struct writer *w, struct ta_state *s, const struct counter_report *rep)
{
	uint8_t body[COUNTER_REPORT_BYTES - 32];
	struct writer b;

	writer_init(&b, body, sizeof(body));
	write_u16(&b, rep->from);
	write_u16(&b, rep->to);
	write_bytes(&b, rep->nonce, 32);
	write_u64(&b, rep->seen);
	return seal_into(w, s, rep->to, "triad-counter-report-v1", body, sizeof(body));
}

uint32_t read_report(struct reader *r, struct ta_state *s, struct counter_report *rep)
{
	uint8_t body[COUNTER_REPORT_BYTES - 32];
	struct reader b;
	uint32_t rc = open_from(r, s, "triad-counter-report-v1", sizeof(body), body);

	if (rc)
		return rc;
	reader_init(&b, body, sizeof(body));
	rep->from = read_u16(&b);
	rep->to = read_u16(&b);
	read_into(&b, rep->nonce, 32);
	rep->seen = read_u64(&b);
	return 0;
}
