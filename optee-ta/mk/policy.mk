# The TA's policy (ta/policy): the SCALE reader and the pre-seal BABE header
# parser, tested on headers encoded by @polkadot/types, and the rules (one
# file per request kind) with their table. The rules hash with libsodium and
# keep their marks with the codec; the parsers alone need neither.
TA_POLICY_SRCS := $(addprefix ta/,$(TRIAD_POLICY_FILES))
TA_PARSER_SRCS := $(addprefix ta/,$(TRIAD_PARSER_FILES))

TEST_PROGRAMS += policy_tests
policy_tests_SRCS := $(TA_POLICY_SRCS) ta/core/codec.c tests/tee_stub.c \
	tests/policy/main.c tests/policy/test_scale.c \
	tests/policy/test_babe_header.c tests/policy/test_rules.c tests/policy/test_grandpa.c \
	tests/policy/test_para.c tests/policy/test_beefy.c tests/mem_store.c
# `=`: the libsodium fragment is read after this one.
policy_tests_CFLAGS = -I$(BUILD)/policy $(SODIUM_CFLAGS) $(SODIUM_GP_INCLUDES)
policy_tests_LIBS = $(call SODIUM_LIB,$(1))

# The vectors (and the header fuzzer's seeds) come from a Node script using
# @polkadot/types from the repository's root node_modules (`npm ci` there).
POLICY_VECTORS := $(BUILD)/policy/header_vectors.h
POLICY_SEEDS := $(BUILD)/policy/seeds

$(POLICY_VECTORS) $(POLICY_SEEDS) &: tests/policy/gen-header-vectors.mjs
	$(call need,node)
	@mkdir -p $(BUILD)/policy
	@node tests/policy/gen-header-vectors.mjs $(BUILD)/policy

# BEEFY commitments (and the beefy-commitment fuzzer's seeds), from the same
# @polkadot/types: the vectors @triad/proto's decodeBeefyCommitment is held to.
BEEFY_VECTORS := $(BUILD)/policy/beefy_vectors.h
BEEFY_SEEDS := $(BUILD)/policy/beefy-seeds

$(BEEFY_VECTORS) $(BEEFY_SEEDS) &: tests/policy/gen-beefy-vectors.mjs
	$(call need,node)
	@mkdir -p $(BUILD)/policy
	@node tests/policy/gen-beefy-vectors.mjs $(BUILD)/policy

# The template's prerequisites are fixed; the generated headers are added here.
$(foreach a,$(ARCHS),$(BUILD)/$(a)/policy_tests): $(POLICY_VECTORS) $(BEEFY_VECTORS)

# The header parser's fuzzer (mk/fuzz.mk), seeded with the same vectors.
FUZZERS += fuzz_babe_header
fuzz_babe_header_SRCS := fuzz/fuzz_babe_header.c $(TA_PARSER_SRCS)
fuzz_babe_header_SEEDS := $(POLICY_SEEDS)
fuzz_babe_header_DICT := fuzz/babe_header.dict

# beefy-commitment's fuzzer (fuzz/fuzz_beefy_commitment.c): its parser, and its
# rule over runs of commitments, seeded with the vectors above as records.
FUZZERS += fuzz_beefy_commitment
fuzz_beefy_commitment_SRCS = fuzz/fuzz_beefy_commitment.c $(TA_POLICY_SRCS) ta/core/codec.c \
	tests/tee_stub.c $(call SODIUM_LIB,host)
fuzz_beefy_commitment_CFLAGS = $(SODIUM_CFLAGS) $(SODIUM_GP_INCLUDES)
fuzz_beefy_commitment_SEEDS := $(BEEFY_SEEDS)
$(BUILD)/fuzz/fuzz_beefy_commitment: $(call SODIUM_LIB,host)
