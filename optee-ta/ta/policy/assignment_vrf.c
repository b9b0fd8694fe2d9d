// SPDX-License-Identifier: Apache-2.0
/*
 * assignment-vrf (DESIGN.md 6, POLKADOT.md "asgn"): an approval assignment's
 * VRF. Payload: kind:u8, story[32], then for kind 0 (RelayVRFModuloCompact)
 * the CoreBitfield claimed, as SCALE encodes it (compact bit count, bits
 * least significant first), and for kind 1 (RelayVRFDelay) core:u32. The TA
 * builds the transcripts from these (core/vrf_transcript.c). Assignments
 * carry no slashing risk and keep no marks.
 *
 * The bitfield is read strictly, as @triad/frost's decodeCoreBitfield:
 * canonical length, exact byte count, no bit set past the length, at least
 * one core, at most VRF_MAX_CORE_BITS.
 */
#include <string.h>

#include "rule.h"
#include "scale.h"
#include "triad_ta.h"

#define ASSIGNMENT_MODULO_COMPACT 0
#define ASSIGNMENT_DELAY 1
#define VRF_MAX_CORE_BITS 4096u

static bool bitfield_is_strict(const uint8_t *bits_bytes, size_t nbytes, uint32_t bits)
{
	uint8_t any = 0;
	size_t i;

	for (i = 0; i < nbytes; i++)
		any |= bits_bytes[i];
	/* the unused high bits of the last byte must be zero */
	if (bits % 8 && (bits_bytes[nbytes - 1] >> (bits % 8)))
		return false;
	return any != 0;
}

static uint32_t parse(const uint8_t *payload, size_t len, struct rule_claim *claim)
{
	struct scale_reader r;
	const uint8_t *story, *bytes;
	uint8_t kind;
	uint32_t bits;

	scale_reader_init(&r, payload, len);
	if (scale_read_u8(&r, &kind) || scale_read_bytes(&r, 32, &story))
		return TRIAD_ERR_MALFORMED;
	memcpy(claim->vrf.story, story, 32);
	claim->msg = NULL;
	claim->msg_len = 0;
	claim->scope = 0;
	claim->vrf.pre_output_only = false;
	if (kind == ASSIGNMENT_DELAY) {
		claim->vrf.transcript = VRF_TRANSCRIPT_DELAY;
		if (scale_read_u32(&r, &claim->vrf.core) || scale_remaining(&r))
			return TRIAD_ERR_MALFORMED;
		return 0;
	}
	if (kind != ASSIGNMENT_MODULO_COMPACT)
		return TRIAD_ERR_MALFORMED;
	claim->vrf.transcript = VRF_TRANSCRIPT_MODULO_COMPACT;
	claim->vrf.cores = payload + 33;
	if (scale_read_compact_u32(&r, &bits) || bits == 0 || bits > VRF_MAX_CORE_BITS ||
	    scale_read_bytes(&r, (bits + 7) / 8, &bytes) || scale_remaining(&r) ||
	    !bitfield_is_strict(bytes, (bits + 7) / 8, bits))
		return TRIAD_ERR_MALFORMED;
	claim->vrf.cores_len = len - 33;
	return 0;
}

const struct rule assignment_vrf_rule = { "assignment-vrf", parse, NULL, NULL, NULL };
