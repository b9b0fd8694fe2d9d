// SPDX-License-Identifier: Apache-2.0
#include "crypto_tests.h"

#define CRYPTO_TESTS(X) TEST_LIST(X)
HARNESS_MAIN(CRYPTO_TESTS)
