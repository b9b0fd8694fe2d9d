# The Triad TA as the emulated TEE builds it (ta-host, mk/host.mk): the same
# sources as the board build (ta/sub.mk), GP glue included, over libsodium
# and libsecp256k1 compiled from source (mk/libsodium.mk, mk/libsecp256k1.mk).
TA_SRCS = $(addprefix ta/,$(TRIAD_ENTRY_FILES)) $(TA_PORTABLE_SRCS)
TA_CFLAGS = -Ita $(SODIUM_CFLAGS)
TA_LIBS = $(call SODIUM_LIB,$(1)) $(call SECP256K1_LIB,$(1))

# A test build that also hands every secret the TA makes to a side file
# (ta/core/test_reveal.h), so packages/tee's tests can show none of them ever
# crosses the socket. Built beside ta-host; never installed or deployed.
TA_REVEAL_SRCS = $(TA_SRCS) tests/reveal/reveal.c
TA_REVEAL_CFLAGS = $(TA_CFLAGS) -DTRIAD_TEST_REVEAL
$(eval $(call ta_host_binary,host,ta-host-reveal,TA_REVEAL_SRCS,TA_REVEAL_CFLAGS,TA_LIBS))
ta-host: $(BUILD)/host/ta-host-reveal

# libFuzzer on the command decoder (fuzz/fuzz_ta_commands.c), run by `make fuzz`.
FUZZERS += fuzz_ta_commands
fuzz_ta_commands_SRCS = fuzz/fuzz_ta_commands.c $(TA_PORTABLE_SRCS) tests/tee_stub.c tests/mem_store.c \
	$(call SODIUM_LIB,host) $(call SECP256K1_LIB,host)
fuzz_ta_commands_CFLAGS = $(SODIUM_CFLAGS) $(SODIUM_GP_INCLUDES)
$(BUILD)/fuzz/fuzz_ta_commands: $(call SODIUM_LIB,host) $(call SECP256K1_LIB,host)
# libFuzzer on the VRF kinds' payload parsers (fuzz/fuzz_vrf_payloads.c).
FUZZERS += fuzz_vrf_payloads
fuzz_vrf_payloads_SRCS = fuzz/fuzz_vrf_payloads.c $(TA_PORTABLE_SRCS) tests/tee_stub.c $(call SODIUM_LIB,host) \
	$(call SECP256K1_LIB,host)
fuzz_vrf_payloads_CFLAGS = $(SODIUM_CFLAGS) $(SODIUM_GP_INCLUDES)
$(BUILD)/fuzz/fuzz_vrf_payloads: $(call SODIUM_LIB,host) $(call SECP256K1_LIB,host)
# libFuzzer on para-statement (fuzz/fuzz_para_statement.c): its parser, and its
# rule over runs of statements with the logs in a store in RAM.
FUZZERS += fuzz_para_statement
fuzz_para_statement_SRCS = fuzz/fuzz_para_statement.c $(TA_POLICY_SRCS) ta/core/codec.c \
	tests/mem_store.c tests/tee_stub.c $(call SODIUM_LIB,host)
fuzz_para_statement_CFLAGS = $(SODIUM_CFLAGS) $(SODIUM_GP_INCLUDES)
$(BUILD)/fuzz/fuzz_para_statement: $(call SODIUM_LIB,host)
# Seeds: records (len:u16, payload) of each form; an approval then a dispute vote
# against the same candidate.
PARA_SEEDS := $(BUILD)/fuzz/seeds-para
fuzz_para_statement_SEEDS := $(PARA_SEEDS)
$(PARA_SEEDS):
	@rm -rf $@ && mkdir -p $@
	@{ printf '\050\000APPR'; head -c 36 /dev/zero; printf '\051\000DISP\000'; head -c 36 /dev/zero; } >$@/approve-then-dispute
	@{ printf '\111\000BKNG\001'; head -c 68 /dev/zero; } >$@/backing
	@{ printf '\046\000\004\001'; head -c 36 /dev/zero; } >$@/bitfield
	@{ printf '\055\000VCPC\001'; head -c 40 /dev/zero; } >$@/pvf-check
# Seeds: the header parser's vectors as structured babe-seal requests, one
# structured grandpa-vote (a 53-byte prevote) for the gran key and one
# structured para-statement (a 40-byte approval) for the para key.
TA_COMMANDS_SEEDS := $(BUILD)/fuzz/seeds-ta-commands
fuzz_ta_commands_SEEDS := $(TA_COMMANDS_SEEDS)
$(TA_COMMANDS_SEEDS): $(POLICY_SEEDS)
	@rm -rf $@ && mkdir -p $@
	@for f in $(POLICY_SEEDS)/*; do { printf '\001\001\000'; cat "$$f"; } >$@/$${f##*/}; done
	@{ printf '\001\007\002\000'; head -c 52 /dev/zero; } >$@/grandpa-vote-prevote
	@{ printf '\001\010\003APPR'; head -c 36 /dev/zero; } >$@/para-statement-approval

# The TA's in-process cost for `npm run bench` (bench/bench_ta.c): host, -O2.
$(BUILD)/host/bench_ta: bench/bench_ta.c tests/core/ta_cluster.c tests/mem_store.c $(TA_PORTABLE_SRCS) tests/tee_stub.c \
		tests/harness.c $(HDRS) $(call SODIUM_LIB,host) $(call SECP256K1_LIB,host)
	$(call need,$(CC_host))
	@mkdir -p $(@D)
	$(CC_host) $(CFLAGS_host) $(INCLUDES) $(SODIUM_CFLAGS) $(SODIUM_GP_INCLUDES) -Itests/core \
		-o $@ bench/bench_ta.c tests/core/ta_cluster.c tests/mem_store.c $(TA_PORTABLE_SRCS) tests/tee_stub.c \
		tests/harness.c $(call SODIUM_LIB,host) $(call SECP256K1_LIB,host)
.PHONY: bench-ta
bench-ta: $(BUILD)/host/bench_ta
