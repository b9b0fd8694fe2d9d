/* SPDX-License-Identifier: Apache-2.0 */
/* Three TA contexts in one process (ta_cluster.c): for tests and the in-process benchmark. */
#ifndef TRIAD_TA_CLUSTER_H
#define TRIAD_TA_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "context.h"
#include "keys.h"
#include "mem_store.h"
#include "sign.h"
#include "unlock.h"

#define BUF 4096

extern struct ta_context tas[3];
/* Each TA's storage for the objects its rules keep; run() makes the TA's current. */
extern struct mem_store ta_disks[3];
extern int persist_calls;
extern int persist_fails; /* when set, sealing fails */
extern uint8_t pub_pkg[3][BUF];
extern size_t pub_len[3];

struct pair_result {
	uint32_t rc[2]; /* [0]: coordinator (prepare, then finish), [1]: cosigner */
	uint8_t z[2][32];
	uint8_t R[32]; /* the group commitment in the coordinator's FINISH_RESULT */
	struct frost_commitment set[2];
};

int fake_persist(const struct ta_state *s, int slot);
/*
 * The key the helpers below name by `key_type`: `key_pk` when set, else the
 * first key of that type TA 0 holds (zeros when none: a key nobody holds).
 */
extern const uint8_t *key_pk;
const uint8_t *pk_for(const char *key_type);
uint32_t run(command_fn fn, int ta, const uint8_t *in, size_t in_len, uint8_t *out,
	     size_t *out_len);
size_t dkg_start(uint8_t *buf, int ta, const char *key_type, uint8_t flags);
/* The same in another ceremony context. */
size_t dkg_start_in(uint8_t *buf, int ta, const char *key_type, uint8_t flags,
		    const uint8_t *context, size_t context_len);
size_t round1_bundle(uint8_t *buf, int ta, uint8_t pkg[3][BUF], const size_t len[3]);
size_t round2_bundle(uint8_t *buf, int ta, uint8_t out2[3][BUF], const size_t len[3]);
/* Three fresh TAs: identity keys, no cluster, no key. */
void fresh_tas(void);
/* A fresh cluster of three TAs with one DKG'd key of `key_type`. */
void cluster_with_key(const char *key_type, uint8_t flags);
/* One more DKG'd key on the same cluster: 0, or the refusal of round one. */
uint32_t add_key(const char *key_type, uint8_t flags);
/* A share refresh of the key `key_type` names (pk_for) among the three: rounds as in the DKG. */
void refresh_key(const char *key_type);
/* A pre-seal header: BABE SecondaryPlain pre-digest for `slot`, parent `tag`. */
size_t babe_header(uint8_t *buf, uint64_t slot, uint8_t tag);
size_t commit_request(uint8_t *buf, const char *key_type, uint8_t count);
void commit_one(int ta, const char *key_type, struct frost_commitment *c);
size_t sign_request(uint8_t *buf, uint8_t kind, const char *key_type, const uint8_t *p,
		    size_t p_len, const struct frost_commitment *set, size_t n);
size_t wrap_request(uint8_t *buf, uint8_t tag, const uint8_t *req, size_t req_len,
		    const uint8_t *msg, size_t msg_len);
/* The round trip, `a` coordinating, `b` cosigning; `tamper` 1/2 flips the update/ack. */
void sign_pair_tampered(int a, int b, uint8_t kind, const char *key_type,
			const uint8_t *payload, size_t p_len, struct pair_result *res, int tamper);
/* The round trip with the cosigner's ack held back until `before_finish` has run. */
void sign_pair_held(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
		    size_t p_len, struct pair_result *res, void (*before_finish)(void));
void sign_pair(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
	       size_t p_len, struct pair_result *res);

/* What vrf_pair_tampered changes in transit. */
enum vrf_tamper { VRF_CLEAN, VRF_COORD_PART, VRF_ACK, VRF_COSIGNER_Z, VRF_COSIGNER_PART };

struct vrf_run {
	uint32_t rc[2]; /* [0]: coordinator (prepare, then finish), [1]: cosigner */
	uint8_t result[96]; /* VRF_RESULT: O, or O || c || s */
	size_t result_len;
	uint16_t cosigner_id;
};

/* The VRF round trip, `a` coordinating, `b` cosigning, `set` already committed (proof kinds). */
void vrf_pair_set(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
		  size_t p_len, const struct frost_commitment *set, int tamper, struct vrf_run *res);
/* The same with fresh commitments (none for babe-vrf-pre-output); `tamper` a vrf_tamper. */
void vrf_pair_tampered(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
		       size_t p_len, int tamper, struct vrf_run *res);
void vrf_pair(int a, int b, uint8_t kind, const char *key_type, const uint8_t *payload,
	      size_t p_len, struct vrf_run *res);

#endif /* TRIAD_TA_CLUSTER_H */
