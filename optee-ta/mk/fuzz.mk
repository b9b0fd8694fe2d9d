# libFuzzer harnesses (fuzz/): `make fuzz` builds every declared fuzzer with
# clang, ASan and UBSan, runs each for FUZZ_SECONDS (default 60) and fails if
# any of them finds a crash, a sanitizer report, a leak or a timeout. The
# toolchain (clang-14, and libclang-rt-14-dev for libclang_rt.fuzzer) comes
# from scripts/install-toolchain.sh. Host only: nothing here cross-builds.
#
# A fuzzer is declared in any fragment mk/<name>.mk:
#   FUZZERS += fuzz_foo
#   fuzz_foo_SRCS := fuzz/fuzz_foo.c ta/...   (defines LLVMFuzzerTestOneInput)
#   fuzz_foo_CFLAGS := ...      (optional, extra compiler flags)
#   fuzz_foo_SEEDS := DIR       (optional seed corpus; `make DIR` runs first)
#   fuzz_foo_DICT := FILE       (optional libFuzzer dictionary)
#   fuzz_foo_FLAGS := ...       (optional, extra libFuzzer flags)
# `make fuzz-run-fuzz_foo` runs one; `make fuzz-build` builds them all.
#
# Fragments are read in name order, and some come after this one, so FUZZERS
# and the per-fuzzer variables are used only in recipes (expanded when they
# run), never in prerequisites (expanded as they are read). For the same
# reason a fuzzer is rebuilt when any source under fuzz/ or ta/ changes.

FUZZ_CC ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(WARN)
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_DEPS := $(wildcard fuzz/*.c fuzz/*.h ta/*/*.c ta/*/*.h ta/include/*.h)

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DEPS)
	$(call need,$(FUZZ_CC))
	$(if $($(@F)_SRCS),,$(error $(@F)_SRCS is not set: declare the fuzzer in mk/*.mk))
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(INCLUDES) $($(@F)_CFLAGS) -o $@ $($(@F)_SRCS)

# New inputs go to the first corpus directory (kept under build/ between
# runs); the seeds are only read. Crashing inputs land in artifacts/.
fuzz-run-%: $(FUZZ_DIR)/%
	$(if $($*_SEEDS),@$(MAKE) --no-print-directory $($*_SEEDS))
	@mkdir -p $(FUZZ_DIR)/corpus/$* $(FUZZ_DIR)/artifacts/$*
	@echo "== $* ($(FUZZ_SECONDS) s)"
	$(FUZZ_DIR)/$* -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/artifacts/$*/ \
		$(if $($*_DICT),-dict=$($*_DICT)) $($*_FLAGS) \
		$(FUZZ_DIR)/corpus/$* $($*_SEEDS)

.PHONY: fuzz fuzz-build
# Runs every fuzzer even after one fails; fails if any did.
fuzz:
	@rc=0; for f in $(FUZZERS); do \
		$(MAKE) --no-print-directory fuzz-run-$$f || { rc=1; echo "fuzz: $$f FAILED" >&2; }; \
	done; exit $$rc

fuzz-build:
	@$(MAKE) --no-print-directory $(addprefix $(FUZZ_DIR)/,$(FUZZERS))
