# libsecp256k1 for the TA (BEEFY's ECDSA keys, FROST over secp256k1):
# Debian bookworm's libsecp256k1 0.2.0 source, fetched at build time into
# third_party/ (git-ignored) by scripts/fetch-libsecp256k1.sh.

# This fragment must not choose the default goal for `make` without one.
secp256k1_mk_default_goal := $(.DEFAULT_GOAL)

SECP256K1_DIR := third_party/libsecp256k1
SECP256K1_STAMP := $(SECP256K1_DIR)/.fetched-version

# The sources: all the board build needs from here.
.PHONY: libsecp256k1
libsecp256k1: $(SECP256K1_STAMP)

$(eval $(call debian_source,$(SECP256K1_STAMP),scripts/fetch-libsecp256k1.sh))

.DEFAULT_GOAL := $(secp256k1_mk_default_goal)
