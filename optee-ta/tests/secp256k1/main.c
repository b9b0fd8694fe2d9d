// SPDX-License-Identifier: Apache-2.0
#include "secp256k1_tests.h"

#define SECP256K1_TESTS(X) TEST_LIST(X)
HARNESS_MAIN(SECP256K1_TESTS)
