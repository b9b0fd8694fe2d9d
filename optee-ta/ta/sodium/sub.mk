# Board build (OP-TEE TA dev kit): the libsodium files of files.mk and the
# shim, compiled into the TA with the same defines and the same fe_51 or
# fe_25_5 choice as the tests of the same CPU (mk/libsodium.mk).
#
# Needed first: `make -C optee-ta libsodium`, which fetches the sources into
# third_party/ and lays out the headers, with the generated sodium/version.h,
# in build/sodium/include.
#
# Paths are relative to this directory, as OP-TEE's sub.mk wants them. With
# the dev kit's default O=. the libsodium objects land beside their sources,
# in the git-ignored third_party/.

sodium-sub := $(sub-dir)
sodium-src := ../../third_party/libsodium/src/libsodium
include $(sodium-sub)/files.mk

# 64-bit TA (i.MX8M): fe_51; 32-bit (STM32MP1 DK2): fe_25_5, as in the tests.
ifeq ($(sm),ta_arm64)
sodium-defines := $(SODIUM_DEFINES_64BIT)
else
sodium-defines := $(SODIUM_DEFINES)
endif

# <sodium.h> for the whole TA.
global-incdirs-y += ../../build/sodium/include

# Our code: the TA's usual flags.
srcs-y += randombytes_tee.c

# libsodium's files. -w: OP-TEE's warning set (-Wundef, -Wshadow,
# -Wcast-align, ...) is not ours to fix in libsodium. optee/ supplies the
# <errno.h> that OP-TEE's libutils lacks and utils.c includes.
define sodium-file
srcs-y += $(sodium-src)/$(1)
cflags-$(sodium-src)/$(1)-y += -w $(sodium-defines) -include $(sodium-sub)/sodium_config.h
incdirs-$(sodium-src)/$(1)-y += optee $(sodium-src)/include/sodium \
	../../build/sodium/include/sodium
endef
$(foreach f,$(SODIUM_FILES),$(eval $(call sodium-file,$(f))))
