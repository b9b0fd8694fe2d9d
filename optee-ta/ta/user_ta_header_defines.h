/* SPDX-License-Identifier: Apache-2.0 */
/* OP-TEE TA properties of the Triad TA (board build). */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <triad_ta.h>

#define TA_UUID TA_TRIAD_UUID

/*
 * One instance for all sessions, kept alive between them: the nonce pool lives
 * in this instance's RAM and must survive the peer reconnecting.
 */
#define TA_FLAGS (TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION | TA_FLAG_INSTANCE_KEEP_ALIVE)

#define TA_STACK_SIZE (16 * 1024)
#define TA_DATA_SIZE (32 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "Triad 2-of-3 threshold sr25519 signer"

#endif /* USER_TA_HEADER_DEFINES_H */
