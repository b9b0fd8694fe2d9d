// SPDX-License-Identifier: Apache-2.0
/*
 * The TA's own cost, in process (no socket, no file system): one
 * commitment, the whole signing round trip of two TAs (commit x2, prepare,
 * cosign, finish) and the same for a babe-vrf slot claim, without sealing;
 * then with sealing, and the seal of what one signature changes (its key's
 * object and the core), with 1 key and with 64 keys held, to show that it
 * does not grow with the keys. Sealing here is the TA's own encoding
 * (core/store.c) of the objects plus an AEAD over their bytes standing in for
 * the TEE's storage encryption (a real TEE adds its file I/O, which the
 * socket figures include). Prints JSON for `npm run bench`, which reports it
 * beside the socket figures and the single-key baseline measured in the same
 * run. Usage: bench_ta [milliseconds per case]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "codec.h"
#include "store.h"
#include "ta_cluster.h"

/* What the storage was given to seal since the last reset: bytes and objects. */
static size_t sealed_bytes, sealed_objects;

static int aead_write(const char *id, const uint8_t *buf, size_t len)
{
	static uint8_t box[STATE_CORE_MAX_ENCODED + crypto_aead_chacha20poly1305_IETF_ABYTES];
	static const uint8_t key[crypto_aead_chacha20poly1305_IETF_KEYBYTES];
	static uint8_t nonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES];
	unsigned long long box_len;

	if (len > STATE_CORE_MAX_ENCODED)
		return STORE_IO;
	sodium_increment(nonce, sizeof(nonce));
	crypto_aead_chacha20poly1305_ietf_encrypt(box, &box_len, buf, len, (const uint8_t *)id,
						  strlen(id), NULL, nonce, key);
	sealed_bytes += len;
	sealed_objects++;
	return 0;
}

static int no_read(const char *id, uint8_t *buf, size_t cap, size_t *len)
{
	(void)id;
	(void)buf;
	(void)cap;
	(void)len;
	return STORE_NOT_FOUND;
}

static int no_remove(const char *id)
{
	(void)id;
	return STORE_NOT_FOUND;
}

static const struct object_io aead_io = { no_read, aead_write, no_remove };

static int aead_persist(const struct ta_state *s, int slot)
{
	return store_persist(&aead_io, s, slot);
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static uint64_t slot = 1;

static void one_commit(void)
{
	struct frost_commitment c;

	commit_one(0, "babe", &c);
}

static void one_signature(void)
{
	static uint8_t hdr[BUF];
	struct pair_result res;
	size_t len = babe_header(hdr, slot++, 1);

	sign_pair(0, 1, TRIAD_KIND_BABE_SEAL, "babe", hdr, len, &res);
	if (res.rc[0] || res.rc[1]) {
		fprintf(stderr, "bench_ta: signing failed (%x, %x)\n", res.rc[0], res.rc[1]);
		exit(1);
	}
}

/* The seal one signature makes: its key's object and the core. */
static void one_seal(void)
{
	const uint8_t *pk = pk_for("babe");
	int slot;

	for (slot = 0; slot < TRIAD_MAX_KEYS; slot++)
		if (tas[0].state.keys[slot].present &&
		    !memcmp(tas[0].state.keys[slot].group_pk, pk, 32))
			break;
	if (aead_persist(&tas[0].state, slot)) {
		fprintf(stderr, "bench_ta: sealing failed\n");
		exit(1);
	}
}

static void one_babe_vrf(void)
{
	uint8_t payload[48];
	struct vrf_run res;
	struct writer w;

	/* slot, epoch, randomness: the next slot each time, as a validator asks */
	writer_init(&w, payload, sizeof(payload));
	write_u64(&w, slot++);
	write_u64(&w, 1);
	memset(payload + 16, 0x5a, 32);
	vrf_pair(0, 1, TRIAD_KIND_BABE_VRF, "babe", payload, sizeof(payload), &res);
	if (res.rc[0] || res.rc[1]) {
		fprintf(stderr, "bench_ta: babe-vrf failed (%x, %x)\n", res.rc[0], res.rc[1]);
		exit(1);
	}
}

static void measure(const char *name, void (*fn)(void), double budget_ms, int last)
{
	double start, end;
	long ops = 0;

	for (start = now_us(); now_us() - start < budget_ms * 100;) /* warm-up: a tenth */
		fn();
	sealed_bytes = sealed_objects = 0;
	start = now_us();
	do {
		fn();
		ops++;
		end = now_us();
	} while (end - start < budget_ms * 1000);
	printf("  {\"name\": \"%s\", \"ops\": %ld, \"meanUs\": %.2f, \"sealedBytesPerOp\": %.0f}%s\n",
	       name, ops, (end - start) / (double)ops, (double)sealed_bytes / (double)ops,
	       last ? "" : ",");
}

static void seal_with_aead(void)
{
	int i;

	for (i = 0; i < 3; i++)
		tas[i].persist = aead_persist;
}

int main(int argc, char **argv)
{
	double budget_ms = argc > 1 ? atof(argv[1]) : 2000;
	int k;

	cluster_with_key("babe", 0);
	printf("[\n");
	measure("TA in-process (C): one commitment", one_commit, budget_ms, 0);
	measure("TA in-process (C): 2-of-3 round trip (commit x2, prepare, cosign, finish)",
		one_signature, budget_ms, 0);
	measure("TA in-process (C): 2-of-3 babe-vrf round trip (commit x2, prepare, cosign, finish)",
		one_babe_vrf, budget_ms, 0);
	seal_with_aead();
	measure("TA in-process (C): seal of one signature's change (key object + core), 1 key",
		one_seal, budget_ms, 0);
	measure("TA in-process (C): the round trip, sealing, 1 key", one_signature, budget_ms, 0);
	for (k = 1; k < TRIAD_MAX_KEYS; k++)
		if (add_key("babe", 0)) {
			fprintf(stderr, "bench_ta: key %d could not be made\n", k + 1);
			exit(1);
		}
	key_pk = tas[0].state.keys[TRIAD_MAX_KEYS - 1].group_pk; /* the last made: the longest lookup */
	measure("TA in-process (C): seal of one signature's change (key object + core), 64 keys",
		one_seal, budget_ms, 0);
	measure("TA in-process (C): the round trip, sealing, 64 keys", one_signature, budget_ms, 1);
	printf("]\n");
	return 0;
}
