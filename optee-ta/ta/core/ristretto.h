/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ristretto255 as RFC 9591 uses it, over libsodium: strict decoding (libsodium's
 * is_valid_point accepts the identity; RFC 9591 forbids it almost everywhere)
 * and canonical scalars (libsodium has no public check for s < l).
 */
#ifndef TRIAD_RISTRETTO_H
#define TRIAD_RISTRETTO_H

#include <stddef.h>
#include <stdint.h>

#define RISTRETTO_SCALAR_BYTES 32
#define RISTRETTO_POINT_BYTES 32

/* 1 when s < l (the group order), read little-endian. */
int scalar_is_canonical(const uint8_t s[RISTRETTO_SCALAR_BYTES]);

/* 1 when p is a canonical encoding of a point other than the identity. */
int point_is_valid_non_identity(const uint8_t p[RISTRETTO_POINT_BYTES]);

/* out = the scalar with the little-endian value v. */
void scalar_from_u64(uint8_t out[RISTRETTO_SCALAR_BYTES], uint64_t v);

/* 1 when all 32 bytes are zero. */
int scalar_is_zero(const uint8_t s[RISTRETTO_SCALAR_BYTES]);

#endif /* TRIAD_RISTRETTO_H */
