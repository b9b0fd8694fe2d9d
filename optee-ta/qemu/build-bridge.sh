#!/bin/sh
# Cross-compiles triad-bridge (bridge/triad_bridge.c) for the arm64 guest against Debian's
# optee-client-dev. Linked against trixie's libteec.so.2 with bookworm's cross toolchain: libteec's
# own references to newer glibc symbols are resolved in the guest, which runs trixie's libc.
set -eu
. "$(dirname "$0")/common.sh"
[ -f "$ARM64/usr/include/tee_client_api.h" ] || die "no optee-client-dev headers: run fetch.sh and unpack.sh"
say "building triad-bridge"
${CROSS}gcc -O2 -Wall -Wextra -Werror -std=gnu11 \
	-I"$ARM64/usr/include" -I"$REPO/optee-ta/ta/include" \
	-o "$OUT/triad-bridge" "$QEMU_DIR/bridge/triad_bridge.c" \
	-L"$ARM64/usr/lib/aarch64-linux-gnu" -lteec -Wl,--allow-shlib-undefined
