/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The two GP functions the TA's portable code needs (TEE_GenerateRandom for
 * libsodium's shim, TEE_Panic), for test programs that run without a TEE.
 * Counters and a panic catch let tests see what went through them.
 */
#ifndef TRIAD_TEE_STUB_H
#define TRIAD_TEE_STUB_H

#include <setjmp.h>
#include <stddef.h>

#include <tee_internal_api.h>

extern size_t tee_stub_random_calls;
extern size_t tee_stub_random_bytes;
extern jmp_buf *tee_stub_panic_jmp; /* armed: TEE_Panic longjmps here once */
extern TEE_Result tee_stub_panic_code;

#endif /* TRIAD_TEE_STUB_H */
