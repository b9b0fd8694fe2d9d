/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration of the libsodium files compiled into the TA, checked.
 *
 * libsodium is built without its configure script (mk/libsodium.mk lists
 * the files and passes the defines), so this header, force-included with
 * `-include` into every one of those files on every build (tests, emulated
 * TA, board), stands where configure's config.h would: it turns a missing
 * or mismatched define into a compile error instead of silently different
 * code on the board and in the tests.
 */
#ifndef TRIAD_SODIUM_CONFIG_H
#define TRIAD_SODIUM_CONFIG_H

/* Without it private/common.h warns that the build is unsupported. */
#if !defined(CONFIGURED) || CONFIGURED != 1
#error "libsodium: build with -DCONFIGURED=1 (see mk/libsodium.mk)"
#endif

/*
 * Every target (x86_64, Cortex-A7, Cortex-A53) is little-endian; the
 * define lets load/store helpers use memcpy instead of byte shuffles.
 */
#if !defined(NATIVE_LITTLE_ENDIAN) || defined(NATIVE_BIG_ENDIAN) || \
	!defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "libsodium: build with -DNATIVE_LITTLE_ENDIAN=1 on a little-endian target"
#endif

/*
 * HAVE_TI_MODE selects the field arithmetic: fe_51 (five 51-bit limbs,
 * 64x64->128 products) where the compiler has a 128-bit integer, else
 * fe_25_5 (ten 25.5-bit limbs, 32x32->64 products); it also switches
 * Poly1305 between donna64 and donna32. configure defines it exactly when
 * the compiler has unsigned __int128, so must we: set per arch in
 * mk/libsodium.mk (yes for x86_64 and arm64, no for 32-bit armhf), and
 * checked here so that a board build cannot pick the other variant than
 * the tests of the same arch ran.
 */
#if defined(HAVE_TI_MODE) && !defined(__SIZEOF_INT128__)
#error "libsodium: HAVE_TI_MODE on a target without __int128 (armhf must use fe_25_5)"
#endif
#if !defined(HAVE_TI_MODE) && defined(__SIZEOF_INT128__)
#error "libsodium: this target has __int128: build with -DHAVE_TI_MODE=1 (fe_51), as the tests do"
#endif

/*
 * Portable C only: no assembly, no SSE/AVX, no CPU-feature probing, and
 * none of the OS services (mmap, mlock, mprotect) a TA does not have.
 * configure would define these; we never do.
 */
#if defined(HAVE_AMD64_ASM) || defined(HAVE_AVX_ASM) || \
	defined(HAVE_INLINE_ASM) || defined(HAVE_CPUID) || \
	defined(HAVE_MMINTRIN_H) || defined(HAVE_EMMINTRIN_H) || \
	defined(HAVE_PMMINTRIN_H) || defined(HAVE_TMMINTRIN_H) || \
	defined(HAVE_SMMINTRIN_H) || defined(HAVE_AVXINTRIN_H) || \
	defined(HAVE_AVX2INTRIN_H) || defined(HAVE_AVX512FINTRIN_H) || \
	defined(HAVE_WMMINTRIN_H) || defined(HAVE_RDRAND) || \
	defined(HAVE_SYS_MMAN_H) || defined(HAVE_MMAP) || \
	defined(HAVE_MLOCK) || defined(HAVE_MPROTECT) || \
	defined(HAVE_POSIX_MEMALIGN) || defined(HAVE_MADVISE)
#error "libsodium: only the portable C implementations go into the TA"
#endif

/* configure's config.h does the same: libsodium's assert()s always run. */
#undef NDEBUG

#endif /* TRIAD_SODIUM_CONFIG_H */
