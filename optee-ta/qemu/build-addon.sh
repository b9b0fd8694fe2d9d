#!/bin/sh
# Cross-compiles the optee backend's N-API addon (packages/tee/native/teec_addon.c) for the arm64
# guest, against Debian's optee-client-dev and the host Node's N-API headers (N-API is stable
# across Node versions and CPUs: the guest runs trixie's Node 20).
set -eu
. "$(dirname "$0")/common.sh"
napi=$(dirname "$(command -v node)")/../include/node
[ -f "$napi/node_api.h" ] || napi=/usr/include/node
[ -f "$napi/node_api.h" ] || die "no node_api.h beside this Node or in /usr/include/node"
say "building teec_addon.node for arm64"
${CROSS}gcc -O2 -std=c11 -Wall -Wextra -Werror -shared -fPIC \
	-I"$napi" -I"$ARM64/usr/include" \
	-o "$OUT/teec_addon.node" "$REPO/packages/tee/native/teec_addon.c" \
	-L"$ARM64/usr/lib/aarch64-linux-gnu" -lteec -Wl,--allow-shlib-undefined
