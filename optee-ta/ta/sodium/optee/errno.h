/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Board build only (OP-TEE TA dev kit), never on Linux: OP-TEE's libutils
 * has no <errno.h>, and libsodium's sodium/utils.c includes it. utils.c
 * stores ENOSYS/ENOMEM into errno only on paths the TA never takes
 * (sodium_mlock, sodium_mprotect_*, sodium_malloc failing), and nothing
 * reads it back, so a private variable per file is enough.
 */
#ifndef TRIAD_SODIUM_OPTEE_ERRNO_H
#define TRIAD_SODIUM_OPTEE_ERRNO_H

static int triad_sodium_errno;
#define errno triad_sodium_errno

/* Linux's numbers, for familiarity; nothing depends on them. */
#define ENOMEM 12
#define ENOSYS 38

#endif /* TRIAD_SODIUM_OPTEE_ERRNO_H */
