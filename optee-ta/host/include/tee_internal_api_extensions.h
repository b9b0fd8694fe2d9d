/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OP-TEE's extensions header, present so that TA sources which include it
 * (as the optee_examples template does) compile in emulation. None of
 * OP-TEE's extension functions is emulated: using one is a link error.
 */
#ifndef TEE_INTERNAL_API_EXTENSIONS_H
#define TEE_INTERNAL_API_EXTENSIONS_H

#include "tee_internal_api.h"

#endif /* TEE_INTERNAL_API_EXTENSIONS_H */
