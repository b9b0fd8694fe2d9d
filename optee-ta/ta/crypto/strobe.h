/* SPDX-License-Identifier: Apache-2.0 */
/*
 * STROBE-128 (STROBE v1.0.2 over Keccak-f[1600]), only the operations a
 * Merlin transcript needs: meta-AD, AD, PRF and KEY. No transport ops
 * (send/recv), so the T flag never appears and no role is tracked.
 *
 * Every operation returns STROBE_OK or a negative error. After an error the
 * object is wiped and refuses all further operations until strobe128_init():
 * a caller that forgets to check one return value still cannot derive a
 * challenge from a transcript that silently skipped some input.
 */
#ifndef TRIAD_STROBE_H
#define TRIAD_STROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keccak.h"

/* Rate in bytes at the 128-bit level: 200 - 2 * 128 / 8 - 2. */
#define STROBE_R 166

#define STROBE_FLAG_I 0x01 /* inbound: PRF squeezes toward the caller */
#define STROBE_FLAG_A 0x02 /* application data flows through the sponge */
#define STROBE_FLAG_C 0x04 /* cipher: output depends on the state */
#define STROBE_FLAG_T 0x08 /* transport: unused in this subset */
#define STROBE_FLAG_M 0x10 /* metadata (framing, labels) */
#define STROBE_FLAG_K 0x20 /* keytree: unused in this subset */

#define STROBE_OK 0
#define STROBE_ERR_STATE (-1)  /* not initialised, wiped, or failed before */
#define STROBE_ERR_PARAM (-2)  /* NULL buffer with a non-zero length */
#define STROBE_ERR_MISUSE (-3) /* `more` continues a different operation */

struct strobe128 {
	uint8_t st[KECCAK_STATE_BYTES];
	uint32_t live;     /* STROBE_LIVE only while usable */
	uint8_t pos;       /* next byte of the rate to touch, < STROBE_R */
	uint8_t pos_begin; /* where the current operation began, plus one */
	uint8_t cur_flags; /* flags of the current operation, for `more` */
};

int strobe128_init(struct strobe128 *s, const void *proto, size_t len);

/*
 * With more == true the call continues the previous operation, which must be
 * of the same kind; it then absorbs/squeezes as if the two calls were one.
 */
int strobe128_meta_ad(struct strobe128 *s, const void *data, size_t len,
		      bool more);
int strobe128_ad(struct strobe128 *s, const void *data, size_t len,
		 bool more);
/* On error `out` is zeroed, so it never holds a partial or stale PRF. */
int strobe128_prf(struct strobe128 *s, void *out, size_t len, bool more);
int strobe128_key(struct strobe128 *s, const void *key, size_t len,
		  bool more);

/* Erases the state; the object is unusable until strobe128_init(). */
void strobe128_wipe(struct strobe128 *s);

#endif /* TRIAD_STROBE_H */
