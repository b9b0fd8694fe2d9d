# Keccak-f[1600], STROBE-128 and Merlin (ta/crypto), against known answers.
TA_CRYPTO_SRCS := $(addprefix ta/,$(TRIAD_CRYPTO_FILES))

TEST_PROGRAMS += crypto_tests
crypto_tests_SRCS := $(TA_CRYPTO_SRCS) \
	tests/crypto/main.c tests/crypto/test_keccak.c tests/crypto/test_strobe.c \
	tests/crypto/test_merlin.c
