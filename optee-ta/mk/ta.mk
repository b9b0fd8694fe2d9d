# The Triad TA as the emulated TEE builds it (ta-host, mk/host.mk): the same
# sources as the board build (ta/sub.mk), GP glue included, over libsodium
# compiled from source (mk/libsodium.mk).
TA_SRCS = ta/triad_ta.c $(TA_PORTABLE_SRCS)
TA_CFLAGS = -Ita $(SODIUM_CFLAGS)
TA_LIBS = $(call SODIUM_LIB,$(1))
