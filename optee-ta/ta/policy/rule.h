/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a rule is (DESIGN.md 6): one per request kind, each in its own file
 * here with its parser. A rule reads a payload into a claim (what the key
 * signs, and the scope where only one payload may be signed), checks the
 * claim against the key's marks, and advances them. rules.c maps (key type,
 * key flags, kind) to a rule and runs the check and the advance as one step.
 */
#ifndef TRIAD_RULE_H
#define TRIAD_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "marks.h"

/* The transcripts a VRF kind is made over (core/vrf_transcript.c builds them). */
#define VRF_TRANSCRIPT_NONE 0		 /* a kind that signs: no VRF */
#define VRF_TRANSCRIPT_BABE 1		 /* slot, epoch, randomness */
#define VRF_TRANSCRIPT_MODULO_COMPACT 2 /* story; extra: the cores claimed */
#define VRF_TRANSCRIPT_DELAY 3		 /* story, core */

/*
 * A VRF kind's fields, parsed and checked by its rule: the TA builds the
 * transcripts from these and nothing else (no transcript, point or challenge
 * comes from the host).
 */
struct vrf_fields {
	uint8_t transcript;   /* VRF_TRANSCRIPT_* */
	bool pre_output_only; /* babe-vrf-pre-output: O alone, no nonces, no proof */
	uint64_t slot, epoch;
	uint8_t randomness[32];
	uint8_t story[32];
	uint32_t core;
	const uint8_t *cores; /* the CoreBitfield as encoded, in the payload */
	size_t cores_len;
};

/* A GRANDPA vote's fields (grandpa_vote.c), checked against the key's marks. */
struct grandpa_fields {
	uint8_t stage; /* 0 prevote, 1 precommit, 2 primary propose */
	uint8_t target[36]; /* target_hash[32] target_number:u32, as in the payload */
	uint64_t round, set_id;
};

/*
 * A payload as the TA reads it. `msg` may point into the claim itself (at
 * `digest` or `statement`) or into the payload: use a claim where parse
 * filled it in, and do not copy it.
 */
struct rule_claim {
	const uint8_t *msg; /* what the key signs */
	size_t msg_len;
	uint8_t digest[32]; /* what was signed in the scope, and msg's bytes for a hash */
	uint64_t scope;	    /* babe-seal: the slot */
	uint8_t statement[36]; /* a message the TA builds itself: ownership-proof's "POP_" || owner */
	struct vrf_fields vrf; /* a VRF kind's fields (msg is NULL then); transcript 0 otherwise */
	struct grandpa_fields grandpa; /* grandpa-vote's */
};

struct rule {
	const char *kind; /* as DESIGN.md 6 names it */
	/* The TA's own reading of the payload: 0 or TRIAD_ERR_MALFORMED. */
	uint32_t (*parse)(const uint8_t *payload, size_t len, struct rule_claim *claim);
	/*
	 * The claim against the key's marks: 0 (a new scope, or the same payload
	 * again), TRIAD_ERR_CONFLICT or TRIAD_ERR_REGRESSION. NULL for a kind
	 * that keeps no marks (and then advance is NULL too).
	 */
	uint32_t (*check)(const uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim);
	/* Records a checked claim; true if the marks changed (a repeat changes nothing). */
	bool (*advance)(uint8_t marks[KEY_MARKS_BYTES], const struct rule_claim *claim);
};

/* The rules, one file each. */
extern const struct rule babe_seal_rule; /* babe_seal.c */
extern const struct rule raw_rule;	 /* raw.c */
extern const struct rule ownership_proof_rule; /* ownership_proof.c */
extern const struct rule babe_vrf_rule;	       /* babe_vrf.c */
extern const struct rule babe_vrf_pre_output_rule; /* babe_vrf.c */
extern const struct rule assignment_vrf_rule;	   /* assignment_vrf.c */
extern const struct rule grandpa_vote_rule;	   /* grandpa_vote.c */

#endif /* TRIAD_RULE_H */
