// SPDX-License-Identifier: Apache-2.0
#include "policy_tests.h"

#define POLICY_TESTS(X) TEST_LIST(X)
HARNESS_MAIN(POLICY_TESTS)
