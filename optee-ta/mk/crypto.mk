# Keccak-f[1600], STROBE-128 and Merlin (ta/crypto), against known answers.
TEST_PROGRAMS += crypto_tests
crypto_tests_SRCS := ta/crypto/keccak.c ta/crypto/strobe.c ta/crypto/merlin.c \
	tests/crypto/main.c tests/crypto/test_keccak.c tests/crypto/test_strobe.c \
	tests/crypto/test_merlin.c
