# Board build (OP-TEE TA dev kit): libsecp256k1 and the TA's operations over
# it, the one unit ta/crypto/secp256k1_ops.c (files.mk says why one), the same
# file with the same in-source configuration (secp256k1_config.h) as the
# tests and ta-host compile (mk/libsecp256k1.mk).
#
# Needed first: `make -C optee-ta libsecp256k1`, which fetches the sources
# into third_party/.
#
# Paths are relative to this directory, as OP-TEE's sub.mk wants them; the
# unit is ta/crypto's, compiled from here for its flags alone. With the dev
# kit's default O=. its object lands beside it, in ta/crypto/.

secp256k1-sub := $(sub-dir)
include $(secp256k1-sub)/files.mk
secp256k1-unit := ../$(SECP256K1_UNIT)

srcs-y += $(secp256k1-unit)
# The library's files as system headers (-isystem, from the TA's directory,
# where the dev kit compiles): OP-TEE's warning set (-Wshadow, -Wcast-align,
# -Wundef, ...) is not ours to fix in libsecp256k1, while the unit's own
# code gets all of it.
cflags-$(secp256k1-unit)-y += -isystem $(secp256k1-sub)/../../$(SECP256K1_SRCDIR)
