/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Merlin transcripts (merlin.cool, protocol "Merlin v1.0"), as schnorrkel
 * uses them for the sr25519 challenge. Byte-for-byte compatible with the
 * Rust `merlin` crate for the operations below.
 *
 * Errors are the STROBE_ERR_* codes plus MERLIN_ERR_LENGTH. Any error wipes
 * the transcript; it must be re-initialised before use.
 */
#ifndef TRIAD_MERLIN_H
#define TRIAD_MERLIN_H

#include <stddef.h>
#include <stdint.h>

#include "strobe.h"

#define MERLIN_OK STROBE_OK
/* Merlin frames lengths as 32 bits; longer inputs cannot be encoded. */
#define MERLIN_ERR_LENGTH (-4)

struct merlin_transcript {
	struct strobe128 strobe;
};

/* Starts a transcript for the protocol named by `label`. */
int merlin_transcript_init(struct merlin_transcript *t, const void *label,
			   size_t label_len);

int merlin_append_message(struct merlin_transcript *t, const void *label,
			  size_t label_len, const void *msg, size_t msg_len);

/* On error `out` is zeroed. */
int merlin_challenge_bytes(struct merlin_transcript *t, const void *label,
			   size_t label_len, void *out, size_t out_len);

void merlin_transcript_wipe(struct merlin_transcript *t);

#endif /* TRIAD_MERLIN_H */
