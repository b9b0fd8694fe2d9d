# The emulated TEE (host/) and ta-host: the TA served over a unix socket in
# dev and CI (host/README.md, host/PROTOCOL.md). Host only: it links the
# build host's OpenSSL (libssl-dev), which the TA itself never sees.
#
#   make ta-host     build/host/ta-host and build/asan/ta-host (ASan/UBSan):
#                    the real TA (TA_SRCS), or the echo test TA without one
#   make test-host   (and test-asan) also build and run host_tests: the GP
#                    emulation in process, then ta-host-echo end to end
#
# The TA comes from the fragment that declares it (mk/ta.mk):
#   TA_SRCS    its C sources (relative to optee-ta/)
#   TA_CFLAGS  its flags
#   TA_LIBS    optional, like a test program's _LIBS: archives to link, $(1)
#              is the arch (host or asan), e.g. $(call SODIUM_LIB,$(1))
#   TA_HEADER_DIR  where its user_ta_header_defines.h is (TA_UUID, TA_FLAGS;
#              default ta, the directory the dev kit builds the TA in)
# Fragments are read in name order, so these are only read late (in
# recipes, and in prerequisites through .SECONDEXPANSION): any fragment may
# set them, with = or :=.

host_mk_default_goal := $(.DEFAULT_GOAL)

HOST_EMUL_SRCS := host/tee_api_emul.c host/emul_device.c
HOST_HDRS := $(wildcard host/*.h host/include/*.h tests/host/*.h)
HOST_CFLAGS := -Ihost/include
ECHO_TA_SRCS := tests/host/echo_ta.c
ECHO_TA_CFLAGS := -Itests/host

# Recursive (=): evaluated after every fragment has been read.
ta_host_srcs = $(if $(strip $(TA_SRCS)),$(TA_SRCS),$(ECHO_TA_SRCS))
TA_HEADER_DIR ?= ta
ta_host_cflags = $(if $(strip $(TA_SRCS)),$(TA_CFLAGS) -I$(TA_HEADER_DIR),$(ECHO_TA_CFLAGS))
ta_host_libs = $(if $(strip $(TA_SRCS)),$(call TA_LIBS,$(1)))
echo_ta_libs =

# libcrypto by path, not -lcrypto: the template uses a program's _LIBS both
# as prerequisites and as link inputs, and make cannot find -l libraries in
# Debian's multiarch directories.
LIBCRYPTO := $(abspath $(shell $(CC_host) -print-file-name=libcrypto.so 2>/dev/null))
ifeq ($(wildcard $(LIBCRYPTO)),)
LIBCRYPTO := libcrypto.so
$(LIBCRYPTO):
	@echo "libcrypto.so not found: run scripts/install-toolchain.sh (libssl-dev)" >&2; exit 1
endif

.SECONDEXPANSION:

# $(1) = arch (host, asan), $(2) = file name, $(3), $(4), $(5) = names of
# the variables holding the TA's sources, flags and libraries. The $$$$ are
# expanded twice (call, then eval) and leave one $ for the second expansion.
define ta_host_binary
$(BUILD)/$(1)/$(2): host/ta_host.c $(HOST_EMUL_SRCS) $$$$($(3)) $$$$(call $(5),$(1)) $(HOST_HDRS) $$(HDRS) $(LIBCRYPTO)
	$$(call need,$$(CC_$(1)))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS_$(1)) $(HOST_CFLAGS) $$($(4)) $$(INCLUDES) -o $$@ host/ta_host.c $(HOST_EMUL_SRCS) $$($(3)) $$(call $(5),$(1)) $(LIBCRYPTO)
endef
$(foreach a,host asan,$(eval $(call ta_host_binary,$(a),ta-host,ta_host_srcs,ta_host_cflags,ta_host_libs)))
$(foreach a,host asan,$(eval $(call ta_host_binary,$(a),ta-host-echo,ECHO_TA_SRCS,ECHO_TA_CFLAGS,echo_ta_libs)))

.PHONY: ta-host
ta-host: $(BUILD)/host/ta-host $(BUILD)/asan/ta-host

# The real TA's ta-host is built for the tests as well, but as a test, not
# as a prerequisite: if it does not build (the TA is work in progress), one
# test fails with the compiler's output and the other tests still run.
# ta-host.build holds "ok" or that output; it is rewritten only when it
# changes, so host_tests is not relinked on every run. The TA's libraries
# are prerequisites so that this make, not the sub-make, builds them (no
# two makes writing the same objects under -j).
define ta_host_build_status
$(BUILD)/$(1)/ta-host.build: host-mk-always $$$$(call ta_host_libs,$(1))
	@mkdir -p $$(@D)
	@if $$(MAKE) --no-print-directory $(BUILD)/$(1)/ta-host >$$@.new 2>&1; \
	then echo ok >$$@.new; fi; \
	cmp -s $$@.new $$@ && rm -f $$@.new || mv -f $$@.new $$@
endef
$(foreach a,host asan,$(eval $(call ta_host_build_status,$(a))))
.PHONY: host-mk-always
host-mk-always:

# The tests of the emulation and of ta-host. The program finds the ta-host
# binaries of its own arch beside itself, so they are prerequisites.
TEST_PROGRAMS += host_tests
host_tests_SRCS := tests/host/main.c tests/host/util.c tests/host/test_emul.c \
	tests/host/test_ta_host.c $(HOST_EMUL_SRCS)
host_tests_CFLAGS := $(HOST_CFLAGS) -Ihost
host_tests_LIBS = $(if $(filter host asan,$(1)),$(LIBCRYPTO))
$(foreach a,host asan,$(eval $(BUILD)/$(a)/host_tests: $(BUILD)/$(a)/ta-host-echo $(BUILD)/$(a)/ta-host.build $(HOST_HDRS)))

# armhf and arm64: there is no OpenSSL for them here (no foreign dpkg
# architecture, see scripts/install-toolchain.sh) and the emulator only ever
# runs on the dev/CI host, so the program is a stub that says it skipped.
$(BUILD)/armhf/host_tests $(BUILD)/arm64/host_tests: host_tests_SRCS := tests/host/skipped.c

# Rules above must not become the default goal (the first rule wins).
.DEFAULT_GOAL := $(host_mk_default_goal)
