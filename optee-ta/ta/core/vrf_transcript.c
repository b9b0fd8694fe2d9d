// SPDX-License-Identifier: Apache-2.0
/*
 * Labels from polkadot-sdk: sp-consensus-babe make_vrf_transcript ("BABE",
 * slot number, current epoch, chain randomness); approval v2 modulo compact
 * ("A&V MOD v2" with RC-VRF; extra "A&V ASSIGNED v2" with cores) and delay
 * ("A&V DELAY" with RC-VRF and core). Integers little-endian.
 */
#include <string.h>

#include <sodium.h>

#include "codec.h"
#include "ristretto.h"
#include "vrf_transcript.h"

#define APPEND(t, label, msg, len) merlin_append_message(t, label, sizeof(label) - 1, msg, len)

void vrf_input_transcript(struct merlin_transcript *t, const struct vrf_fields *f)
{
	uint8_t le[8];
	struct writer w;

	switch (f->transcript) {
	case VRF_TRANSCRIPT_BABE:
		merlin_transcript_init(t, "BABE", 4);
		writer_init(&w, le, 8);
		write_u64(&w, f->slot);
		APPEND(t, "slot number", le, 8);
		writer_init(&w, le, 8);
		write_u64(&w, f->epoch);
		APPEND(t, "current epoch", le, 8);
		APPEND(t, "chain randomness", f->randomness, 32);
		break;
	case VRF_TRANSCRIPT_MODULO_COMPACT:
		merlin_transcript_init(t, "A&V MOD v2", 10);
		APPEND(t, "RC-VRF", f->story, 32);
		break;
	default: /* VRF_TRANSCRIPT_DELAY: the rules make no other */
		merlin_transcript_init(t, "A&V DELAY", 9);
		APPEND(t, "RC-VRF", f->story, 32);
		writer_init(&w, le, 4);
		write_u32(&w, f->core);
		APPEND(t, "core", le, 4);
		break;
	}
}

void vrf_extra_transcript(struct merlin_transcript *t, const struct vrf_fields *f)
{
	if (f->transcript == VRF_TRANSCRIPT_MODULO_COMPACT) {
		merlin_transcript_init(t, "A&V ASSIGNED v2", 15);
		APPEND(t, "cores", f->cores, f->cores_len);
	} else {
		merlin_transcript_init(t, "VRF", 3);
	}
}

int vrf_input_point(uint8_t H[32], const uint8_t group_pk[32], const struct vrf_fields *f)
{
	struct merlin_transcript t;
	uint8_t wide[64];
	int rc;

	vrf_input_transcript(&t, f);
	APPEND(&t, "vrf-nm-pk", group_pk, 32);
	merlin_challenge_bytes(&t, "VRFHash", 7, wide, sizeof(wide));
	crypto_core_ristretto255_from_hash(H, wide);
	rc = point_is_valid_non_identity(H) ? 0 : -1;
	merlin_transcript_wipe(&t);
	sodium_memzero(wide, sizeof(wide));
	return rc;
}

void vrf_extra_digest(uint8_t digest[32], const struct vrf_fields *f)
{
	struct merlin_transcript t;

	vrf_extra_transcript(&t, f);
	merlin_challenge_bytes(&t, "triad-vrf-extra", 15, digest, 32);
	merlin_transcript_wipe(&t);
}
