# libsecp256k1 for the TA (BEEFY's ECDSA keys, FROST over secp256k1):
# Debian bookworm's libsecp256k1 0.2.0 source, fetched at build time into
# third_party/ (git-ignored) by scripts/fetch-libsecp256k1.sh, compiled by us
# as one unit with the TA's operations over it (ta/crypto/secp256k1_ops.c,
# configured by ta/secp256k1/secp256k1_config.h). As with libsodium, a
# Linux-built library cannot go into an OP-TEE TA, and the board, the
# emulated TA and every test arch must run the same code: all of them compile
# that unit with the same (in-source) configuration.
#
# For other fragments (read in name order, some before this one: refer to
# these with `=`, or in recipes and templates, never with `:=`):
#   $(call SECP256K1_LIB,ARCH)  build/ARCH/libsecp256k1-ta.a: the unit,
#                               e.g. foo_LIBS = $(call SECP256K1_LIB,$(1)).
#   SECP256K1_TA_SRC            the unit, relative to optee-ta/.
# Its API is ta/crypto/secp256k1_ops.h (on $(INCLUDES) already). A TA or test
# that links it provides TEE_GenerateRandom and TEE_Panic (OP-TEE's libutee,
# the emulated GP API, tests/tee_stub.c), as for libsodium.

# This fragment must not choose the default goal for `make` without one.
secp256k1_mk_default_goal := $(.DEFAULT_GOAL)

# SECP256K1_UNIT (relative to ta/) and SECP256K1_SRCDIR: shared with
# ta/secp256k1/sub.mk.
include ta/secp256k1/files.mk
SECP256K1_TA_SRC := ta/$(SECP256K1_UNIT)
SECP256K1_DIR := $(patsubst %/src,%,$(SECP256K1_SRCDIR))
SECP256K1_STAMP := $(SECP256K1_DIR)/.fetched-version
SECP256K1_LIB = $(BUILD)/$(1)/libsecp256k1-ta.a

# The sources: all the board build needs from here.
.PHONY: libsecp256k1
libsecp256k1: $(SECP256K1_STAMP)

$(eval $(call debian_source,$(SECP256K1_STAMP),scripts/fetch-libsecp256k1.sh))

# $(1) = arch. The library's headers are reached with -isystem (their
# warnings are not ours); the unit's own code has the arch's full -Werror
# set. The GP declarations come from the stand-in libsodium's shim uses.
define secp256k1_lib
$(BUILD)/$(1)/secp256k1/secp256k1_ops.o: $(SECP256K1_TA_SRC) $(SECP256K1_STAMP) \
		ta/crypto/secp256k1_ops.h ta/crypto/wipe.h ta/secp256k1/secp256k1_config.h \
		ta/secp256k1/files.mk mk/libsecp256k1.mk tests/sodium/gp/tee_internal_api.h
	$$(call need,$$(CC_$(1)))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS_$(1)) $$(INCLUDES) -isystem $(SECP256K1_SRCDIR) \
		$$(SODIUM_GP_INCLUDES) -c -o $$@ $$<

$(BUILD)/$(1)/libsecp256k1-ta.a: $(BUILD)/$(1)/secp256k1/secp256k1_ops.o
	@rm -f $$@
	$$$$($$(CC_$(1)) -print-prog-name=ar) rcs $$@ $$^
endef
$(foreach a,$(ARCHS),$(eval $(call secp256k1_lib,$(a))))

.DEFAULT_GOAL := $(secp256k1_mk_default_goal)
