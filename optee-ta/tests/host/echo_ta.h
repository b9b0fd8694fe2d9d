/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The test TA of ta-host (echo_ta.c): its UUID and commands. Shared by the
 * TA and by the end-to-end tests that drive it over ta-host's socket.
 */
#ifndef ECHO_TA_H
#define ECHO_TA_H

/* feee0370-7ba1-4f44-80e3-ab2079e7602e (random) */
#define TA_ECHO_UUID                                     \
	{ 0xfeee0370, 0x7ba1, 0x4f44,                    \
	  { 0x80, 0xe3, 0xab, 0x20, 0x79, 0xe7, 0x60, 0x2e } }

/* (MEMREF_INPUT in, MEMREF_OUTPUT out): out = in; SHORT_BUFFER if small */
#define ECHO_CMD_ECHO 0
/* (VALUE_INPUT x, VALUE_INOUT y, VALUE_OUTPUT z): z = x + y; y = 2 * y */
#define ECHO_CMD_ADD 1
/* (MEMREF_INOUT buf, VALUE_INPUT keep): reverses buf, size = min(size, keep.a) */
#define ECHO_CMD_REVERSE 2
/* (MEMREF_INPUT id, MEMREF_INPUT data): creates (overwrites) object id */
#define ECHO_CMD_STORE 3
/* (MEMREF_INPUT id, MEMREF_OUTPUT data): reads object id; SHORT_BUFFER */
#define ECHO_CMD_LOAD 4
/* (MEMREF_INPUT extra, MEMREF_OUTPUT key): PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY */
#define ECHO_CMD_DERIVE_KEY 5
/* params of PTA_ATTESTATION_GET_PUBKEY, passed through */
#define ECHO_CMD_GET_PUBKEY 6
/* params of PTA_ATTESTATION_HASH_TA_MEMORY, passed through */
#define ECHO_CMD_ATTEST 7
/* (): TEE_Panic(ECHO_PANIC_CODE) */
#define ECHO_CMD_PANIC 8
/* (VALUE_OUTPUT): a = TA_CreateEntryPoint calls, b = open sessions */
#define ECHO_CMD_STATS 9

#define ECHO_PANIC_CODE 0xEC40

/* Written by TA_DestroyEntryPoint: "destroyed" once per clean shutdown. */
#define ECHO_DESTROYED_ID "echo.destroyed"

#endif /* ECHO_TA_H */
