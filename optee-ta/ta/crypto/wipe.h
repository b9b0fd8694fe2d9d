/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Erasing secrets in a way the compiler may not drop.
 *
 * A plain memset() of a buffer that is never read again is a dead store that
 * the optimiser is allowed to remove; stores through a volatile pointer are
 * observable behaviour and are kept. Header-only so that each user needs no
 * extra object file in the TA's sub.mk.
 */
#ifndef TRIAD_WIPE_H
#define TRIAD_WIPE_H

#include <stddef.h>

static inline void secure_wipe(void *p, size_t n)
{
	volatile unsigned char *v = (volatile unsigned char *)p;

	while (n--)
		*v++ = 0;
}

#endif /* TRIAD_WIPE_H */
