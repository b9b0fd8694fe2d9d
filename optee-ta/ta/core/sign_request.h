/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What signatures (sign.c) and VRFs (vrf_sign.c) check alike before a share
 * leaves: the request's key, our pooled nonces, the signer set, the kind's
 * rule and the key's marks; and the table of preparations that wait for the
 * cosigner's ack.
 */
#ifndef TRIAD_SIGN_REQUEST_H
#define TRIAD_SIGN_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "context.h"
#include "counter_msg.h"
#include "frost.h"
#include "rules.h"

struct sign_request {
	uint8_t kind;
	uint8_t key_type[4];
	uint8_t group_pk[FROST_POINT_MAX]; /* zero-padded (read_key_ref) */
	const uint8_t *payload;
	uint32_t payload_len;
	/* the signers; a VRF pre-output request carries identifiers alone (D, E zero) */
	struct frost_commitment set[FROST_MAX_SIGNERS];
	size_t n;
	uint8_t digest[32]; /* what the counter messages bind */
};

/* Which command a kind belongs to: a signature, or a VRF (its claim has a transcript). */
enum request_family { REQUEST_SIGNATURE, REQUEST_VRF };

/* The active key the request names (NULL: none), and the start of the change it may make to it. */
struct key_record *request_begin(struct ta_context *ctx, const struct sign_request *q);

/*
 * The rule for the request on this key and the TA's own reading of its
 * payload; MALFORMED for a kind of the other family (a VRF kind sent to
 * SIGN_PREPARE, a signature kind to VRF_PREPARE).
 */
uint32_t request_claim(const struct sign_request *q, const struct key_record *key,
		       enum request_family family, const struct rule **rule,
		       struct rule_claim *claim);

/*
 * Everything a signer checks before it may sign (both roles): the key (NULL:
 * none active by that name), our commitment's nonces if `nonces` is not NULL
 * (taken from the pool: burnt from here on), the set (with nonces: FROST's
 * check; without: identifiers alone, increasing, ours among them, exactly
 * t), the kind's rule and the key's marks checked and advanced in one step.
 * On success *changed says the state moved (mark advanced, counter bumped):
 * the caller seals it.
 */
uint32_t request_check(struct ta_context *ctx, const struct sign_request *q,
		       struct key_record *key, struct nonce_pair *nonces,
		       enum request_family family, struct rule_claim *claim, bool *changed);

/*
 * SIGN_REQUEST (sign.c has the layout) into q, with its digest; false for
 * anything malformed. A key of an ECDSA type names its signers by identifier
 * alone (no nonces: ecdsa_sign.c).
 */
bool parse_sign_request(struct sign_request *q, const uint8_t *in, size_t in_len);

/*
 * What the coordinator's host relays between the two TAs: the signing
 * request and the counter message that goes with it, the coordinator's
 * update to the cosigner (COSIGN_REQUEST) or the cosigner's ack back
 * (FINISH_REQUEST).
 */
struct relayed_request {
	struct sign_request q;
	struct counter_update update; /* COSIGN_REQUEST */
	struct counter_ack ack;	      /* FINISH_REQUEST */
};

/*
 * tag, len:u32 SIGN_REQUEST, then the update or the ack, authenticated as
 * ours (the update for TRIAD_TAG_COSIGN_REQUEST, else the ack). read_relayed
 * leaves the reader after it, for what follows; parse_relayed wants nothing more.
 */
uint32_t read_relayed_sign(struct ta_context *ctx, uint8_t tag, struct reader *r,
		      struct relayed_request *m);
uint32_t parse_relayed_sign(struct ta_context *ctx, uint8_t tag, const uint8_t *in, size_t in_len,
		       struct relayed_request *m);

/* The other signer of a 2-member set: the TA that acknowledges our counter (0: none). */
uint16_t request_cosigner(const struct ta_context *ctx, const struct sign_request *q);

/*
 * Records a preparation waiting for `cosigner`'s ack of `counter`, found again
 * by `digest`; the oldest unfinished one gives way (its nonces are wiped).
 */
void pending_add(struct ta_context *ctx, const uint8_t digest[32], uint64_t counter,
		 uint16_t cosigner, const struct nonce_pair *nonces);

/* The live preparation with this digest, or NULL. */
struct pending_sign *pending_find(struct ta_context *ctx, const uint8_t digest[32]);

#endif /* TRIAD_SIGN_REQUEST_H */
