# The libsodium files compiled into the TA, and the defines every build
# passes them: one list, read by mk/libsodium.mk (tests, emulated TA) and by
# ta/sodium/sub.mk (board, OP-TEE TA dev kit), so that board and tests run
# the same code. Plain variables only: both build systems include this file.
#
# Paths are inside third_party/libsodium/src/libsodium/ (Debian bookworm's
# libsodium 1.0.18, fetched by scripts/fetch-libsodium.sh). Reference C only:
# no *-avx2/sse41/ssse3, dolbeau or sse2 variants, no amd64 assembly.
#   ed25519_ref10.c       field (fe_25_5 or fe_51), group (ge25519), scalar
#                         (sc25519) arithmetic and the ristretto255 encoding
#   core_ed25519.c        crypto_core_ed25519_scalar_*, which the ristretto255
#                         scalar functions call
#   core_ristretto255.c   crypto_core_ristretto255_*
#   scalarmult_ristretto255_ref10.c  crypto_scalarmult_ristretto255[_base]
#   scalarmult_ed25519_ref10.c       crypto_scalarmult_ed25519[_base]_noclamp
#                         (FROST(Ed25519) for `gran` keys; core_ed25519.c has
#                         the point add, sub and is_valid_point)
#   hash_sha512_cp.c      crypto_hash_sha512 (one-shot and streaming)
#   auth_hmacsha512.c     crypto_auth_hmacsha512 (HMAC-SHA512, one small file)
#   generichash_blake2b.c, blake2b-ref.c, blake2b-compress-ref.c
#                         crypto_generichash_blake2b (keyed or not, 1..64 bytes)
#   aead_chacha20poly1305.c  crypto_aead_chacha20poly1305_ietf_* (and the
#                         original construction: same file)
#   stream_chacha20.c, chacha20_ref.c          ChaCha20 for the AEAD
#   onetimeauth_poly1305.c, poly1305_donna.c   Poly1305 for the AEAD
#   verify.c              crypto_verify_16/32/64 (tags, HMAC)
#   utils.c               sodium_memzero, sodium_memcmp, sodium_is_zero, and
#                         sodium_add/sub, which the scalar add/sub use
# Left out: randombytes/* and sodium/core.c (ta/sodium/randombytes_tee.c
# stands in for what the files above use of them), crypto_hash_sha512.c and
# crypto_generichash.c (size getters and generic wrappers: call the
# *_sha512 / *_blake2b functions), version.c, runtime.c.
SODIUM_FILES := \
	crypto_core/ed25519/ref10/ed25519_ref10.c \
	crypto_core/ed25519/core_ed25519.c \
	crypto_core/ed25519/core_ristretto255.c \
	crypto_scalarmult/ristretto255/ref10/scalarmult_ristretto255_ref10.c \
	crypto_scalarmult/ed25519/ref10/scalarmult_ed25519_ref10.c \
	crypto_hash/sha512/cp/hash_sha512_cp.c \
	crypto_auth/hmacsha512/auth_hmacsha512.c \
	crypto_generichash/blake2b/ref/generichash_blake2b.c \
	crypto_generichash/blake2b/ref/blake2b-ref.c \
	crypto_generichash/blake2b/ref/blake2b-compress-ref.c \
	crypto_aead/chacha20poly1305/sodium/aead_chacha20poly1305.c \
	crypto_stream/chacha20/stream_chacha20.c \
	crypto_stream/chacha20/ref/chacha20_ref.c \
	crypto_onetimeauth/poly1305/onetimeauth_poly1305.c \
	crypto_onetimeauth/poly1305/donna/poly1305_donna.c \
	crypto_verify/sodium/verify.c \
	sodium/utils.c

# What configure would have found, for every arch. Add HAVE_TI_MODE exactly
# on 64-bit targets (ta/sodium/sodium_config.h explains and enforces it).
SODIUM_DEFINES := -DCONFIGURED=1 -DNATIVE_LITTLE_ENDIAN=1
SODIUM_DEFINES_64BIT := $(SODIUM_DEFINES) -DHAVE_TI_MODE=1
