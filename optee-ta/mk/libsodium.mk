# libsodium for the TA: Debian bookworm's libsodium 1.0.18 source, fetched at
# build time into third_party/ (git-ignored) by scripts/fetch-libsodium.sh,
# and a chosen list of its portable C files (ta/sodium/files.mk) compiled by
# us. A Linux-built libsodium.a cannot be linked into an OP-TEE TA, and the
# board, the emulated TA and every test arch must run the same code, so all
# of them compile that one list with the same defines (DESIGN.md 3 and 4).
#
# For other fragments (read in name order, some before this one: refer to
# these with `=`, or in recipes and templates, never with `:=`):
#   $(call SODIUM_LIB,ARCH)  build/ARCH/libsodium-ta.a: the files plus the
#                            shim; e.g. foo_LIBS = $(call SODIUM_LIB,$(1)).
#                            Inside a template where $(1) is the arch,
#                            $(SODIUM_LIB) alone works too.
#   SODIUM_CFLAGS            include path for <sodium.h> or <sodium/crypto_*.h>:
#                            the headers as `make install` lays them out, with
#                            the generated sodium/version.h; they exist once
#                            the library (or `make libsodium`) is built.
#   SODIUM_SRCS              the libsodium files, relative to optee-ta/.
#   TA_SODIUM_FILES          everything libsodium adds to a TA: SODIUM_SRCS
#                            and the shim. The board build compiles exactly
#                            these through ta/sodium/sub.mk (same list, same
#                            defines, same config header; it needs `make
#                            libsodium` first for the sources and headers).
# A TA or test that links the library provides TEE_GenerateRandom and
# TEE_Panic (OP-TEE's libutee, the emulated GP API, tests/tee_stub.c).
#
# Nothing needs sodium_init(): every function pointer the chosen files
# dispatch through (BLAKE2b compression, ChaCha20, Poly1305) starts at the
# portable implementation; sodium_init() would only probe the CPU for the
# SIMD variants we leave out. core.c is not compiled: calling sodium_init()
# fails to link.

# This fragment must not choose the default goal for `make` without one.
sodium_mk_default_goal := $(.DEFAULT_GOAL)

SODIUM_DIR := third_party/libsodium
SODIUM_STAMP := $(SODIUM_DIR)/.fetched-version
SODIUM_SRCDIR := $(SODIUM_DIR)/src/libsodium
# The installed-style header tree (arch-independent).
SODIUM_GEN := $(BUILD)/sodium/include
SODIUM_VERSION_H := $(SODIUM_GEN)/sodium/version.h

# SODIUM_FILES (inside src/libsodium/, each one's purpose documented there),
# SODIUM_DEFINES and SODIUM_DEFINES_64BIT: shared with ta/sodium/sub.mk.
include ta/sodium/files.mk
SODIUM_SRCS := $(addprefix $(SODIUM_SRCDIR)/,$(SODIUM_FILES))

# Tests only, never in a TA: libsodium's own RFC 8032 verifier, the judge of
# the ed25519 signatures the TA's FROST makes (independent of its code path).
# sign.c has the SHA-512 set-up open.c calls.
SODIUM_VERIFY_FILES := crypto_sign/ed25519/ref10/open.c crypto_sign/ed25519/ref10/sign.c
SODIUM_VERIFY_SRCS := $(addprefix $(SODIUM_SRCDIR)/,$(SODIUM_VERIFY_FILES))
SODIUM_VERIFY_LIB = $(BUILD)/$(1)/libsodium-verify.a

# randombytes_buf -> TEE_GenerateRandom, sodium_misuse -> TEE_Panic.
SODIUM_SHIM_SRCS := ta/sodium/randombytes_tee.c
TA_SODIUM_FILES := $(SODIUM_SRCS) $(SODIUM_SHIM_SRCS)

SODIUM_CFLAGS := -I$(SODIUM_GEN)
SODIUM_LIB = $(BUILD)/$(1)/libsodium-ta.a

# The configuration configure would have found, fixed per arch.
# HAVE_TI_MODE (a 128-bit integer type) picks fe_51 and donna64; without it
# fe_25_5 and donna32. It is on exactly where the compiler has __int128, as
# configure decides, and ta/sodium/sodium_config.h fails the build if an
# arch's setting disagrees with its compiler. ta/sodium/sub.mk makes the
# same choice for the board: ta_arm64 like arm64, ta_arm32 like armhf.
SODIUM_DEFINES_host := $(SODIUM_DEFINES_64BIT)
SODIUM_DEFINES_asan := $(SODIUM_DEFINES_64BIT)
SODIUM_DEFINES_armhf := $(SODIUM_DEFINES)
SODIUM_DEFINES_arm64 := $(SODIUM_DEFINES_64BIT)

# libsodium's own warnings under our -Wall -Wextra -pedantic -Werror, and
# only those: __int128 is not ISO C; the shared headers define static
# helpers not every file uses; utils.c's stubs for mlock/mprotect ignore
# their parameters and its page_size is used only with mmap. Any other
# warning (an implicit declaration, say) still fails the build.
SODIUM_NOWARN := -Wno-pedantic -Wno-unused-function -Wno-unused-parameter \
	-Wno-unused-variable
SODIUM_PRIVATE_CFLAGS := -include ta/sodium/sodium_config.h \
	-I$(SODIUM_SRCDIR)/include/sodium -I$(SODIUM_GEN)/sodium

# The GP declarations for the shim when no GP port is on $(INCLUDES).
SODIUM_GP_INCLUDES := -Itests/sodium/gp

# Sources and headers: all the board build needs from here.
.PHONY: libsodium
libsodium: $(SODIUM_VERSION_H)

$(eval $(call debian_source,$(SODIUM_STAMP),scripts/fetch-libsodium.sh))

# The sources appear with the stamp. Order-only: a refetch reaches the
# objects through their own dependency on the stamp, while a normal one here
# would count the sources as remade, and everything as stale, on every run.
$(SODIUM_SRCS) $(SODIUM_VERIFY_SRCS) $(SODIUM_SRCDIR)/include/sodium/version.h.in: | $(SODIUM_STAMP) ;

# The public headers as `make install` would lay them out, with the
# sodium/version.h that configure generates from version.h.in and
# configure.ac's numbers (a full, not --enable-minimal, build). A copy rather
# than two include paths: version.h includes "export.h" from its own folder.
# Staged and renamed, so a concurrent compile never sees half a tree.
$(SODIUM_VERSION_H): $(SODIUM_SRCDIR)/include/sodium/version.h.in $(SODIUM_STAMP)
	@rm -rf $(SODIUM_GEN).tmp && mkdir -p $(SODIUM_GEN).tmp/sodium
	@cp $(SODIUM_SRCDIR)/include/sodium.h $(SODIUM_GEN).tmp/
	@cp $(SODIUM_SRCDIR)/include/sodium/*.h $(SODIUM_GEN).tmp/sodium/
	@ac=$(SODIUM_DIR)/configure.ac; \
	v=$$(sed -n 's/^AC_INIT(\[libsodium\],\[\([0-9.]*\)\].*/\1/p' $$ac); \
	maj=$$(sed -n 's/^SODIUM_LIBRARY_VERSION_MAJOR=\([0-9]*\)$$/\1/p' $$ac); \
	min=$$(sed -n 's/^SODIUM_LIBRARY_VERSION_MINOR=\([0-9]*\)$$/\1/p' $$ac); \
	if [ -z "$$v" ] || [ -z "$$maj" ] || [ -z "$$min" ]; then \
		echo "libsodium.mk: no version numbers in $$ac" >&2; exit 1; fi; \
	out=$(SODIUM_GEN).tmp/sodium/version.h; \
	sed -e "s/@VERSION@/$$v/" -e "s/@SODIUM_LIBRARY_VERSION_MAJOR@/$$maj/" \
	    -e "s/@SODIUM_LIBRARY_VERSION_MINOR@/$$min/" \
	    -e "s/@SODIUM_LIBRARY_MINIMAL_DEF@//" $< >$$out; \
	if grep -n '@[A-Z_]*@' $$out; then \
		echo "libsodium.mk: unreplaced placeholder in version.h" >&2; exit 1; fi
	@rm -rf $(SODIUM_GEN) && mv $(SODIUM_GEN).tmp $(SODIUM_GEN)

# $(1) = arch. Objects mirror the source tree under build/ARCH/sodium/.
define sodium_lib
SODIUM_OBJS_$(1) := $(patsubst $(SODIUM_SRCDIR)/%.c,$(BUILD)/$(1)/sodium/%.o,$(SODIUM_SRCS))
SODIUM_VERIFY_OBJS_$(1) := $(patsubst $(SODIUM_SRCDIR)/%.c,$(BUILD)/$(1)/sodium/%.o,$(SODIUM_VERIFY_SRCS))

$$(SODIUM_OBJS_$(1)) $$(SODIUM_VERIFY_OBJS_$(1)): $(BUILD)/$(1)/sodium/%.o: $(SODIUM_SRCDIR)/%.c $(SODIUM_STAMP) \
		$(SODIUM_VERSION_H) ta/sodium/sodium_config.h ta/sodium/files.mk mk/libsodium.mk
	$$(call need,$$(CC_$(1)))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS_$(1)) $$(SODIUM_NOWARN) $$(SODIUM_DEFINES_$(1)) \
		$$(SODIUM_PRIVATE_CFLAGS) -c -o $$@ $$<

# The shim is our code: full warnings.
$(BUILD)/$(1)/sodium/randombytes_tee.o: $(SODIUM_SHIM_SRCS) $(SODIUM_STAMP) \
		$(SODIUM_VERSION_H) tests/sodium/gp/tee_internal_api.h mk/libsodium.mk
	$$(call need,$$(CC_$(1)))
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CFLAGS_$(1)) $$(INCLUDES) $$(SODIUM_CFLAGS) $$(SODIUM_GP_INCLUDES) \
		-c -o $$@ $$<

# The compiler's own ar (the host's may not index ARM objects).
$(BUILD)/$(1)/libsodium-ta.a: $$(SODIUM_OBJS_$(1)) $(BUILD)/$(1)/sodium/randombytes_tee.o
	@rm -f $$@
	$$$$($$(CC_$(1)) -print-prog-name=ar) rcs $$@ $$^

$(BUILD)/$(1)/libsodium-verify.a: $$(SODIUM_VERIFY_OBJS_$(1))
	@rm -f $$@
	$$$$($$(CC_$(1)) -print-prog-name=ar) rcs $$@ $$^
endef
$(foreach a,$(ARCHS),$(eval $(call sodium_lib,$(a))))

# Known answers on every arch (tests/sodium/). The ristretto255 and FROST
# vectors are the TypeScript side's JSON, turned into a header at build time.
SODIUM_VECTORS_JSON := ../packages/frost/vectors/triad-frost-vectors.json \
	../packages/frost/test/fixtures/rfc9591-ristretto255.json
SODIUM_VECTORS_H := $(BUILD)/sodium/gen/sodium_vectors.h

$(SODIUM_VECTORS_H): tests/sodium/gen_vectors.py $(SODIUM_VECTORS_JSON)
	$(call need,python3)
	@mkdir -p $(@D)
	python3 tests/sodium/gen_vectors.py $(SODIUM_VECTORS_JSON) >$@.tmp
	@mv $@.tmp $@

TEST_PROGRAMS += sodium_tests
sodium_tests_SRCS := tests/sodium/main.c tests/tee_stub.c \
	tests/sodium/test_ristretto.c tests/sodium/test_frost.c \
	tests/sodium/test_hash.c tests/sodium/test_aead.c tests/sodium/test_shim.c
sodium_tests_CFLAGS := $(SODIUM_CFLAGS) $(SODIUM_GP_INCLUDES) -I$(dir $(SODIUM_VECTORS_H))
sodium_tests_LIBS = $(call SODIUM_LIB,$(1))
# The generated header is not among the template's prerequisites: add it.
$(foreach a,$(ARCHS),$(BUILD)/$(a)/sodium_tests): $(SODIUM_VECTORS_H) \
	tests/sodium/gp/tee_internal_api.h

.DEFAULT_GOAL := $(sodium_mk_default_goal)
