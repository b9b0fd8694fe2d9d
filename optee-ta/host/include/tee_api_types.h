/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Types of the GP TEE Internal Core API 1.3 (the subset the Triad TA uses),
 * laid out as the specification and OP-TEE define them. 1.3, not 1.1: sizes
 * are size_t, as in a TA built by OP-TEE's dev kit without
 * __OPTEE_CORE_API_COMPAT_1_1.
 */
#ifndef TEE_API_TYPES_H
#define TEE_API_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "tee_api_defines.h"

typedef uint32_t TEE_Result;

typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEE_UUID;

typedef union {
	struct {
		void *buffer;
		size_t size;
	} memref;
	struct {
		uint32_t a;
		uint32_t b;
	} value;
} TEE_Param;

/* Opaque handles; the structures exist only inside the emulator. */
typedef struct __TEE_TASessionHandle *TEE_TASessionHandle;
typedef struct __TEE_ObjectHandle *TEE_ObjectHandle;

typedef uint32_t TEE_ObjectType;
typedef uint32_t TEE_Whence;

typedef struct {
	uint32_t objectType;
	uint32_t objectSize;
	uint32_t maxObjectSize;
	uint32_t objectUsage;
	size_t dataSize;
	size_t dataPosition;
	uint32_t handleFlags;
} TEE_ObjectInfo;

typedef struct {
	uint32_t seconds;
	uint32_t millis;
} TEE_Time;

#endif /* TEE_API_TYPES_H */
