/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration of libsecp256k1 in the TA, included by the one unit that
 * compiles it (ta/crypto/secp256k1_ops.c) before any of the library's files,
 * on every build (tests, emulated TA, board): what configure's
 * libsecp256k1-config.h would hold, chosen for a TA, and checked.
 *
 * Only the unit includes this header; it undoes the macros that stand in
 * for the allocator right after the library's files.
 */
#ifndef TRIAD_SECP256K1_CONFIG_H
#define TRIAD_SECP256K1_CONFIG_H

/*
 * The TA recovers nothing itself but signs BEEFY commitments as r || s || v:
 * the recovery id v comes from the recovery module's signing function.
 */
#define ENABLE_MODULE_RECOVERY 1

/*
 * Static tables, compiled in (0.2.x has no runtime-built ones), sized for
 * a TA rather than for a node verifying blocks:
 * - the generator's comb for secret scalars (ecmult_gen) has 256 / BITS
 *   rows of 2^BITS points of 64 bytes: 32 KiB at 2, against 64 KiB at 4
 *   (upstream's and Debian's default), for 128 point additions per k G
 *   instead of 64, some microseconds more on a Cortex-A7 for a TA that
 *   multiplies G a few times per signature or DKG round;
 * - the verification table (ecmult's odd multiples of G and of 2^128 G,
 *   for recovering a signature's key) holds 2 * 2^(WINDOW - 2) points:
 *   8 KiB at 8, against 1 MiB at upstream's default 15.
 * Both values are configurations upstream supports and tests; ours run
 * the known answers of tests/secp256k1 on every arch.
 */
#define ECMULT_GEN_PREC_BITS 2
#define ECMULT_WINDOW_SIZE 8

/*
 * The library's default callbacks print to stderr and abort(); in a TA an
 * illegal argument or a failed internal check is a panic. The unit defines
 * both callbacks over TEE_Panic.
 */
#define USE_EXTERNAL_DEFAULT_CALLBACKS 1

/*
 * Portable C only, the same on x86_64, Cortex-A7 and Cortex-A53: no x86_64
 * assembly (USE_ASM_X86_64), no external ARM assembly (USE_EXTERNAL_ASM);
 * the field and scalar representation follows the compiler, as configure's
 * "auto" does (5x52 and 4x64 with __int128 on x86_64 and arm64, 10x26 and
 * 8x32 on armhf), so the board runs what the tests of its CPU ran. Nothing
 * of the library's test builds (VERIFY, the exhaustive tests' tiny group,
 * valgrind's constant-time annotations).
 */
#if defined(USE_ASM_X86_64) || defined(USE_EXTERNAL_ASM) || \
	defined(USE_FORCE_WIDEMUL_INT128) || defined(USE_FORCE_WIDEMUL_INT128_STRUCT) || \
	defined(USE_FORCE_WIDEMUL_INT64) || defined(VERIFY) || \
	defined(EXHAUSTIVE_TEST_ORDER) || defined(VALGRIND) || defined(HAVE_CONFIG_H)
#error "libsecp256k1: the TA builds portable C with ta/secp256k1/secp256k1_config.h alone"
#endif
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "libsecp256k1: every target of the TA is little-endian; check the build"
#endif

/*
 * No allocator. The TA makes its context in a static buffer
 * (secp256k1_context_preallocated_create) and uses no scratch space, so it
 * never reaches the library's malloc, realloc or free (context_create,
 * context_clone, context_destroy, scratch spaces). To make that checkable
 * rather than believed, the three are macros while the library compiles:
 * the object refers to no allocator at all, and if a path to one were ever
 * taken the library's checked_malloc would see NULL and call the error
 * callback, a TEE_Panic. The headers that declare them come first, so that
 * no declaration is rewritten.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define malloc(size) ((void)(size), (void *)0)
#define realloc(ptr, size) ((void)(ptr), (void)(size), (void *)0)
#define free(ptr) ((void)(ptr))

#endif /* TRIAD_SECP256K1_CONFIG_H */
