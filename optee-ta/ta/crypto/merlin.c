// SPDX-License-Identifier: Apache-2.0
/*
 * Merlin over STROBE-128; see merlin.h. Each transcript operation is one
 * meta-AD of the label, continued by the length, so that (label, length)
 * pairs can never be confused with one another or with data.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "merlin.h"
#include "strobe.h"

static const char merlin_protocol[] = "Merlin v1.0";
static const char dom_sep[] = "dom-sep";

/*
 * Lengths are framed as LE32. The two 16-bit shifts test for bits above 31
 * without a shift by the full width (undefined) or an "always false"
 * comparison (a warning) where size_t is itself 32 bits wide.
 */
static int encode_len(uint8_t out[4], size_t len)
{
	uint32_t v;

	if ((len >> 16) >> 16)
		return MERLIN_ERR_LENGTH;
	v = (uint32_t)len;
	out[0] = (uint8_t)v;
	out[1] = (uint8_t)(v >> 8);
	out[2] = (uint8_t)(v >> 16);
	out[3] = (uint8_t)(v >> 24);
	return MERLIN_OK;
}

/* meta-AD(label) || meta-AD(LE32(len), more): the header of every op. */
static int frame(struct merlin_transcript *t, const void *label,
		 size_t label_len, size_t len)
{
	uint8_t le[4];
	int rc;

	if (!t)
		return STROBE_ERR_PARAM;
	rc = encode_len(le, len);
	if (rc != MERLIN_OK) {
		strobe128_wipe(&t->strobe);
		return rc;
	}
	rc = strobe128_meta_ad(&t->strobe, label, label_len, false);
	if (rc != STROBE_OK)
		return rc;
	return strobe128_meta_ad(&t->strobe, le, sizeof(le), true);
}

int merlin_transcript_init(struct merlin_transcript *t, const void *label,
			   size_t label_len)
{
	int rc;

	if (!t)
		return STROBE_ERR_PARAM;
	rc = strobe128_init(&t->strobe, merlin_protocol,
			    sizeof(merlin_protocol) - 1);
	if (rc != STROBE_OK)
		return rc;
	return merlin_append_message(t, dom_sep, sizeof(dom_sep) - 1, label,
				     label_len);
}

int merlin_append_message(struct merlin_transcript *t, const void *label,
			  size_t label_len, const void *msg, size_t msg_len)
{
	int rc = frame(t, label, label_len, msg_len);

	if (rc != MERLIN_OK)
		return rc;
	return strobe128_ad(&t->strobe, msg, msg_len, false);
}

int merlin_challenge_bytes(struct merlin_transcript *t, const void *label,
			   size_t label_len, void *out, size_t out_len)
{
	int rc = frame(t, label, label_len, out_len);

	if (rc != MERLIN_OK) {
		if (out)
			memset(out, 0, out_len);
		return rc;
	}
	return strobe128_prf(&t->strobe, out, out_len, false);
}

void merlin_transcript_wipe(struct merlin_transcript *t)
{
	if (t)
		strobe128_wipe(&t->strobe);
}
