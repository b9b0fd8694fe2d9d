/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A stand-in for OP-TEE's <tee_internal_api.h>, for builds without a TEE:
 * only the GP TEE Internal Core API 1.3 declarations ta/sodium uses, with
 * the same signatures. The definitions come from whoever links the library
 * (tests/sodium/tee_stub.c for the tests). mk/libsodium.mk puts this
 * directory after $(INCLUDES), so a GP port in ta/include (the emulated
 * TA's) is found first and this file is then unused.
 */
#ifndef TRIAD_TEST_TEE_INTERNAL_API_H
#define TRIAD_TEST_TEE_INTERNAL_API_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t TEE_Result;

#define TEE_SUCCESS		0x00000000
#define TEE_ERROR_BAD_STATE	0xFFFF0007

void TEE_GenerateRandom(void *randomBuffer, size_t randomBufferLen);
/* Not marked noreturn, as in OP-TEE's header: callers must not rely on it. */
void TEE_Panic(TEE_Result panicCode);

#endif /* TRIAD_TEST_TEE_INTERNAL_API_H */
