/* SPDX-License-Identifier: Apache-2.0 */
/* The echo test TA's properties, as a TA declares them for OP-TEE. */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include "echo_ta.h"

#define TA_UUID TA_ECHO_UUID
#define TA_FLAGS                                           \
	(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION | \
	 TA_FLAG_INSTANCE_KEEP_ALIVE)
#define TA_STACK_SIZE (4 * 1024)
#define TA_DATA_SIZE (32 * 1024)
#define TA_VERSION "0.1"
#define TA_DESCRIPTION "ta-host echo test TA"

#endif /* USER_TA_HEADER_DEFINES_H */
