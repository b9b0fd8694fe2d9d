# The Triad TA as the emulated TEE builds it (ta-host, mk/host.mk): the same
# sources as the board build (ta/sub.mk), GP glue included, over libsodium
# compiled from source (mk/libsodium.mk).
TA_SRCS = ta/triad_ta.c $(TA_PORTABLE_SRCS)
TA_CFLAGS = -Ita $(SODIUM_CFLAGS)
TA_LIBS = $(call SODIUM_LIB,$(1))

# A test build that also hands every secret the TA makes to a side file
# (ta/core/test_reveal.h), so packages/tee's tests can show none of them ever
# crosses the socket. Built beside ta-host; never installed or deployed.
TA_REVEAL_SRCS = $(TA_SRCS) tests/reveal/reveal.c
TA_REVEAL_CFLAGS = $(TA_CFLAGS) -DTRIAD_TEST_REVEAL
$(eval $(call ta_host_binary,host,ta-host-reveal,TA_REVEAL_SRCS,TA_REVEAL_CFLAGS,TA_LIBS))
ta-host: $(BUILD)/host/ta-host-reveal
