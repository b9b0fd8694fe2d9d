// SPDX-License-Identifier: Apache-2.0
#include "host_tests.h"

#define HOST_TESTS(X) TEST_LIST(X)
HARNESS_MAIN(HOST_TESTS)
