# The TA's core (ta/core): its portable parts (FROST, DKG, the signing rules,
# sealed-state encoding). The whole TA is declared in mk/ta.mk.
TA_CORE_SRCS := $(addprefix ta/,$(TRIAD_CORE_FILES))
# Referred to with `=`: the crypto and policy lists come from other fragments.
TA_PORTABLE_SRCS = $(TA_CORE_SRCS) $(TA_CRYPTO_SRCS) $(TA_POLICY_SRCS)

# FROST against @triad/frost's vectors, the DKG among three TA contexts, and
# every refusal of the signing rules, on every arch.
CORE_VECTORS_H := $(BUILD)/core/frost_vectors.h
$(CORE_VECTORS_H): tests/core/gen-frost-vectors.mjs ../packages/frost/vectors/triad-frost-vectors.json
	$(call need,node)
	@mkdir -p $(@D)
	@node tests/core/gen-frost-vectors.mjs ../packages/frost/vectors/triad-frost-vectors.json $@

# FROST(Ed25519, SHA-512) against @triad/frost's ed25519 vectors (arrays named ed_kat_*).
CORE_ED25519_VECTORS_H := $(BUILD)/core/frost_ed25519_vectors.h
$(CORE_ED25519_VECTORS_H): tests/core/gen-frost-vectors.mjs ../packages/frost/vectors/triad-frost-ed25519-vectors.json
	$(call need,node)
	@mkdir -p $(@D)
	@node tests/core/gen-frost-vectors.mjs ../packages/frost/vectors/triad-frost-ed25519-vectors.json $@ ed_kat

# The secp256k1 suite and ECDSA combination against @triad/frost's secp256k1 vectors.
CORE_SECP256K1_VECTORS_H := $(BUILD)/core/secp256k1_vectors.h
$(CORE_SECP256K1_VECTORS_H): tests/core/gen-secp256k1-vectors.mjs ../packages/frost/vectors/triad-frost-secp256k1-vectors.json
	$(call need,node)
	@mkdir -p $(@D)
	@node tests/core/gen-secp256k1-vectors.mjs ../packages/frost/vectors/triad-frost-secp256k1-vectors.json $@

# The threshold VRF against @triad/frost's VRF vectors.
CORE_VRF_VECTORS_H := $(BUILD)/core/vrf_vectors.h
$(CORE_VRF_VECTORS_H): tests/core/gen-vrf-vectors.mjs ../packages/frost/vectors/triad-vrf-vectors.json
	$(call need,node)
	@mkdir -p $(@D)
	@node tests/core/gen-vrf-vectors.mjs ../packages/frost/vectors/triad-vrf-vectors.json $@

TEST_PROGRAMS += core_tests
core_tests_SRCS = $(TA_PORTABLE_SRCS) tests/tee_stub.c \
	tests/core/main.c tests/core/test_frost.c tests/core/test_commands.c tests/core/test_keys.c \
	tests/core/test_vrf.c tests/core/test_vrf_commands.c tests/core/ta_cluster.c \
	tests/core/frost_kat.c tests/core/test_frost_ed25519.c tests/core/test_grandpa_commands.c \
	tests/core/test_para_commands.c tests/core/test_frost_secp256k1.c \
	tests/core/test_ecdsa_commands.c tests/mem_store.c
core_tests_CFLAGS = $(SODIUM_CFLAGS) $(SODIUM_GP_INCLUDES) -I$(BUILD)/core -Itests/core
# the verifier first: it calls into the TA's libsodium files
core_tests_LIBS = $(call SODIUM_VERIFY_LIB,$(1)) $(call SODIUM_LIB,$(1)) $(call SECP256K1_LIB,$(1))
$(foreach a,$(ARCHS),$(BUILD)/$(a)/core_tests): $(CORE_VECTORS_H) $(CORE_ED25519_VECTORS_H) \
	$(CORE_VRF_VECTORS_H) $(CORE_SECP256K1_VECTORS_H)

