#!/bin/sh
# Builds Trusted Firmware-A for QEMU's virt machine from Debian's source package (Debian ships no
# QEMU image of it): BL1, BL2 and BL31 with the OP-TEE dispatcher, OP-TEE in the secure DRAM
# window, GICv3 as Debian's OP-TEE build expects (with GICv2 it aborts early). Idempotent.
set -eu
. "$(dirname "$0")/common.sh"
[ -f "$CACHE/src/.complete" ] || die "TF-A's source is not downloaded yet: run fetch.sh"
if [ -f "$OUT/bl1.bin" ] && [ -f "$OUT/bl2.bin" ] && [ -f "$OUT/bl31.bin" ]; then
	say "TF-A already built"
	exit 0
fi
orig=$(ls "$CACHE"/src/arm-trusted-firmware_*.orig.tar.* | head -n 1)
tree=$CACHE/src/tf-a
rm -rf "$tree"
mkdir -p "$tree"
say "unpacking $(basename "$orig")"
tar -xf "$orig" -C "$tree" --strip-components=1
say "building TF-A (PLAT=qemu SPD=opteed GICv3) on $(nproc) cores"
make -s -C "$tree" -j"$(nproc)" CROSS_COMPILE=$CROSS PLAT=qemu SPD=opteed \
	BL32_RAM_LOCATION=tdram QEMU_USE_GIC_DRIVER=QEMU_GICV3 DEBUG=0 all >"$CACHE/tf-a.log" 2>&1 ||
	{ tail -n 30 "$CACHE/tf-a.log" >&2; die "TF-A build failed (log: $CACHE/tf-a.log)"; }
cp "$tree/build/qemu/release/bl1.bin" "$tree/build/qemu/release/bl2.bin" \
	"$tree/build/qemu/release/bl31.bin" "$OUT/"
say "TF-A built: bl1.bin bl2.bin bl31.bin"
