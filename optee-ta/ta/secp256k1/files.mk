# libsecp256k1 in the TA: where it is and what compiles it, read by
# mk/libsecp256k1.mk (tests, emulated TA) and by ta/secp256k1/sub.mk (board,
# OP-TEE TA dev kit), so that board and tests build the same thing. Plain
# variables only: both build systems include this file.
#
# The library is Debian bookworm's libsecp256k1 source (0.2.0-2), fetched by
# scripts/fetch-libsecp256k1.sh into optee-ta/third_party/libsecp256k1/.
# Nothing of it is compiled on its own: ta/crypto/secp256k1_ops.c is the one
# translation unit, which includes the library's src/secp256k1.c (with the
# recovery module), src/precomputed_ecmult.c and src/precomputed_ecmult_gen.c
# after ta/secp256k1/secp256k1_config.h, then adds the TA's operations over
# the library's internal types. The configuration is in that header, not on
# the command line: there is no define here to get wrong on one build.

# The unit, relative to ta/.
SECP256K1_UNIT := crypto/secp256k1_ops.c
# The library's src/, relative to optee-ta/. Reached as a system include
# directory (-isystem): its own warnings stay silent under our -Wall -Wextra
# -pedantic -Werror (the static helpers a build does not call, __int128),
# while the TA's code in the same unit keeps every warning.
SECP256K1_SRCDIR := third_party/libsecp256k1/src
