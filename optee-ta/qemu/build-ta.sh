#!/bin/sh
# Builds the Triad TA for arm64 against Debian's OP-TEE TA dev kit (vexpress-qemu_armv8a), signed
# with the dev kit's test key, which Debian's OP-TEE build trusts. Always rebuilt (make decides
# what changed), so a test never runs a stale TA.
set -eu
. "$(dirname "$0")/common.sh"
DEV_KIT=$ARM64/usr/lib/optee-os-dev/vexpress-qemu_armv8a
[ -f "$DEV_KIT/mk/ta_dev_kit.mk" ] || die "no TA dev kit in $DEV_KIT: run fetch.sh and unpack.sh"
# The dev kit's scripts import cryptography and elftools: Debian's own python3 has them
# (install-host.sh); another python3 first on PATH may not.
/usr/bin/python3 -c 'import cryptography, elftools' 2>/dev/null ||
	die "/usr/bin/python3 lacks cryptography or elftools: run optee-ta/qemu/install-host.sh"
say "libsodium and libsecp256k1 sources and headers"
make -s -C "$REPO/optee-ta" libsodium libsecp256k1 >/dev/null
say "building the TA ($TA_UUID) with the dev kit"
make -s -C "$REPO/optee-ta/ta" -j"$(nproc)" CROSS_COMPILE=$CROSS PYTHON3=/usr/bin/python3 \
	TA_DEV_KIT_DIR="$DEV_KIT" O="$CACHE/ta/out" >"$CACHE/ta.log" 2>&1 ||
	{ tail -n 30 "$CACHE/ta.log" >&2; die "TA build failed (log: $CACHE/ta.log)"; }
cp "$CACHE/ta/out/$TA_UUID.ta" "$OUT/"
say "TA built: $(wc -c <"$OUT/$TA_UUID.ta") bytes"
