/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The transcripts of a VRF kind, built from the fields its rule parsed
 * (policy/rule.h struct vrf_fields), byte for byte as @triad/frost's
 * vrf-transcripts.ts and polkadot-sdk build them; and the input point H.
 */
#ifndef TRIAD_VRF_TRANSCRIPT_H
#define TRIAD_VRF_TRANSCRIPT_H

#include <stdint.h>

#include "merlin.h"
#include "rule.h"

/* The input transcript (it decides H and so the output). */
void vrf_input_transcript(struct merlin_transcript *t, const struct vrf_fields *f);

/* The extra transcript the proof binds (Merlin("VRF") for kinds without one). */
void vrf_extra_transcript(struct merlin_transcript *t, const struct vrf_fields *f);

/*
 * H: the input transcript, vrf-nm-pk = the public key, 64 bytes "VRFHash",
 * ristretto255 element derivation. -1 for the identity (negligible).
 */
int vrf_input_point(uint8_t H[32], const uint8_t group_pk[32], const struct vrf_fields *f);

/* The 32 bytes of the extra transcript the binding factors bind ("triad-vrf-extra"). */
void vrf_extra_digest(uint8_t digest[32], const struct vrf_fields *f);

#endif /* TRIAD_VRF_TRANSCRIPT_H */
