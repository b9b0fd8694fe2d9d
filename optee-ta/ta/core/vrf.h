/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The threshold schnorrkel VRF (DESIGN.md 3b): the TA's half of @triad/frost's
 * vrf-threshold.ts. Every value comes from the request's fields and the
 * signers' contributions: H and c are derived here, never taken from the host.
 *
 *   O   = sum lambda_i*O_i
 *   rho = H1(P || H4("triad-vrf-v1" || H || O || extra digest) || H5(list) || i),
 *         list = per signer i || D || E || D' || E' || O_i
 *   R   = sum D_i + rho_i*E_i, Hr = sum D'_i + rho_i*E'_i
 *   c   = schnorrkel's DLEQ challenge (Kusama order) over the extra transcript
 *   z_i = d_i + rho_i*e_i - c*lambda_i*x_i
 */
#ifndef TRIAD_VRF_H
#define TRIAD_VRF_H

#include <stddef.h>
#include <stdint.h>

#include "frost.h"
#include "rule.h"

/* Signer i's contribution: pooled commitments on G, its values on H. */
struct vrf_commitment {
	uint16_t id;
	uint8_t hiding[32], binding[32];     /* D_i, E_i */
	uint8_t hiding_h[32], binding_h[32]; /* D'_i, E'_i */
	uint8_t pre_output[32];		     /* O_i */
};

struct vrf_values {
	uint8_t H[32];
	uint8_t O[32];
	uint8_t rho[FROST_MAX_SIGNERS][32]; /* by set index */
	uint8_t R[32], Hr[32];
	uint8_t c[32];
};

#define VRF_OK 0
#define VRF_ERR_SET (-1)   /* identifiers not increasing, a point invalid or the identity */
#define VRF_ERR_ARITH (-2) /* a degenerate value (identity sum): negligible */

/* O_i = x_i*H; and, with nonces, D'_i = d*H, E'_i = e*H. */
int vrf_pre_output_share(uint8_t O_i[32], const uint8_t H[32], const uint8_t share[32]);
int vrf_commit_on_h(struct vrf_commitment *mine, const uint8_t H[32], const uint8_t d[32],
		    const uint8_t e[32]);

/* O = sum lambda_i*O_i over the set's identifiers (only id and pre_output are read). */
int vrf_combine_pre_output(uint8_t O[32], const struct vrf_commitment *set, size_t n);

/* Everything signers and the aggregator derive alike, H given (vrf_input_point). */
int vrf_derive(struct vrf_values *v, const uint8_t group_pk[32], const uint8_t H[32],
	       const struct vrf_commitment *set, size_t n, const struct vrf_fields *f);

/* z_i for the signer at `index` of the set. */
int vrf_sign_share(uint8_t z[32], const struct vrf_values *v, const struct vrf_commitment *set,
		   size_t n, size_t index, const uint8_t share[32], const uint8_t d[32],
		   const uint8_t e[32]);

/*
 * The share check on both bases for the signer at `index` (verifying share Y):
 * z*G + c*lambda*Y == D + rho*E and z*H + c*lambda*O_i == D' + rho*E'.
 * 1 when it holds.
 */
int vrf_share_is_valid(const struct vrf_values *v, const struct vrf_commitment *set, size_t n,
		       size_t index, const uint8_t Y[32], const uint8_t z[32]);

/* schnorrkel's dleq_verify: R = c*P + s*G, Hr = c*O + s*H, c again. 1 when it holds. */
int vrf_verify(const uint8_t group_pk[32], const uint8_t H[32], const uint8_t O[32],
	       const uint8_t c[32], const uint8_t s[32], const struct vrf_fields *f);

#endif /* TRIAD_VRF_H */
