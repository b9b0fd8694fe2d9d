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

/* para-statement's forms (para_statement.c), as the payload's magic (or none) says. */
#define PARA_FORM_BACKING 1	/* "BKNG": Seconded or Valid */
#define PARA_FORM_BITFIELD 2	/* an availability bitfield: no magic */
#define PARA_FORM_DISPUTE 3	/* "DISP": an explicit dispute vote */
#define PARA_FORM_APPROVAL 4	/* "APPR": one candidate, or several */
#define PARA_FORM_PVF_CHECK 5	/* "VCPC": a PVF pre-check vote */
/* Which side of a candidate's validity a statement takes. */
#define PARA_SIDE_NONE 0	/* bitfield, PVF pre-check: about no candidate's validity */
#define PARA_SIDE_VALID 1	/* backing, approval, dispute vote valid */
#define PARA_SIDE_INVALID 2	/* dispute vote invalid */
/* Candidates in one approval of several (para_statement.c says why 64). */
#define PARA_MAX_CANDIDATES 64

/* A para-statement's fields, checked against the key's marks and its logs. */
struct para_fields {
	uint8_t form; /* PARA_FORM_* */
	uint8_t side; /* PARA_SIDE_* */
	uint32_t session;
	const uint8_t *candidates; /* n x candidate_hash[32], in the payload; NULL for SIDE_NONE */
	size_t n;
};

/* A GRANDPA vote's fields (grandpa_vote.c), checked against the key's marks. */
struct grandpa_fields {
	uint8_t stage; /* 0 prevote, 1 precommit, 2 primary propose */
	uint8_t target[36]; /* target_hash[32] target_number:u32, as in the payload */
	uint64_t round, set_id;
};

/* beefy-commitment's bounds (beefy_commitment.c says why these). */
#define BEEFY_MAX_ENTRIES 16		/* (id, value) entries of the payload */
#define BEEFY_MAX_VALUE_BYTES 1024	/* bytes of one entry's value */
#define BEEFY_MAX_COMMITMENT_BYTES 4096 /* the whole encoded Commitment */

/* A BEEFY commitment's fields (beefy_commitment.c), checked against the key's marks. */
struct beefy_fields {
	uint32_t block_number;
	uint64_t validator_set_id;
	size_t entries; /* payload entries: 1 .. BEEFY_MAX_ENTRIES, ids strictly increasing */
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
	uint64_t scope;	    /* babe-seal: the slot; beefy-commitment: the block number */
	uint8_t statement[36]; /* a message the TA builds itself: ownership-proof's "POP_" || owner */
	struct vrf_fields vrf; /* a VRF kind's fields (msg is NULL then); transcript 0 otherwise */
	struct grandpa_fields grandpa; /* grandpa-vote's */
	struct para_fields para;       /* para-statement's */
	struct beefy_fields beefy;     /* beefy-commitment's */
};

struct object_io; /* core/object_io.h */

/*
 * What a rule that keeps sealed objects of its own (beside the key's object)
 * is given: the TA's storage, and the key those objects belong to. Core
 * passes what it has; only the rule knows the objects' names and layout.
 */
struct rule_store {
	const struct object_io *io; /* NULL: none (a rule that needs it answers STORAGE) */
	size_t key_slot;	    /* the key's slot (0 .. TRIAD_MAX_KEYS - 1) */
	const uint8_t *key_pk;	    /* the key's group public key, 32 bytes */
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
	/*
	 * Instead of check and advance (both NULL then), for a kind whose record
	 * does not fit the marks: the check and the advance in one step, over
	 * the marks and objects of its own in `store`. It writes its objects
	 * (only what no sealed mark counts yet, so a crash before the key's
	 * object is sealed leaves nothing that counts) and the marks that bind
	 * them; *changed when the marks moved. 0, CONFLICT, REGRESSION, POLICY
	 * or STORAGE; a refusal leaves the marks as they were. NULL for the
	 * other kinds.
	 */
	uint32_t (*check_and_advance_stored)(uint8_t marks[KEY_MARKS_BYTES],
					     const struct rule_claim *claim,
					     const struct rule_store *store, bool *changed);
};

/* The rules, one file each. */
extern const struct rule babe_seal_rule; /* babe_seal.c */
extern const struct rule raw_rule;	 /* raw.c */
extern const struct rule ownership_proof_rule; /* ownership_proof.c */
extern const struct rule babe_vrf_rule;	       /* babe_vrf.c */
extern const struct rule babe_vrf_pre_output_rule; /* babe_vrf.c */
extern const struct rule assignment_vrf_rule;	   /* assignment_vrf.c */
extern const struct rule grandpa_vote_rule;	   /* grandpa_vote.c */
extern const struct rule para_statement_rule;	   /* para_statement.c */
extern const struct rule beefy_commitment_rule;	   /* beefy_commitment.c */

#endif /* TRIAD_RULE_H */
