#!/bin/sh
# Assembles the guests' root file system, an initramfs (cpio newc, gzip): busybox, trixie's C
# library, tee-supplicant and libteec, triad-bridge, the Triad TA where tee-supplicant looks for
# TAs, the kernel modules the guest loads (OP-TEE's driver, virtio disk and network) and guest/init.
# Also lays out what TF-A loads by semihosting: bl32*.bin (OP-TEE OS), bl33.bin (U-Boot), Image.
# Always rebuilt (a second or two): it must hold the TA just built.
set -eu
. "$(dirname "$0")/common.sh"
for f in "$OUT/triad-bridge" "$OUT/$TA_UUID.ta" "$ARM64/usr/bin/busybox" "$ARM64/usr/sbin/tee-supplicant"; do
	[ -f "$f" ] || die "$f missing: run prepare.sh"
done
kdir=$(ls -d "$ARM64"/lib/modules/*/kernel | head -n 1)
root=$CACHE/rootfs
rm -rf "$root"
mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib/aarch64-linux-gnu" "$root/usr/lib/optee_armtz" \
	"$root/modules" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/var/lib/optee-client/data"
ln -s usr/bin "$root/bin"
ln -s usr/sbin "$root/sbin"
ln -s usr/lib "$root/lib"

lib=$ARM64/usr/lib/aarch64-linux-gnu
cp "$ARM64/usr/bin/busybox" "$root/usr/bin/"
cp "$lib/ld-linux-aarch64.so.1" "$lib/libc.so.6" "$root/usr/lib/aarch64-linux-gnu/"
cp -P "$lib"/libteec.so.2* "$root/usr/lib/aarch64-linux-gnu/"
ln -s aarch64-linux-gnu/ld-linux-aarch64.so.1 "$root/usr/lib/ld-linux-aarch64.so.1"
cp "$ARM64/usr/sbin/tee-supplicant" "$root/usr/sbin/"
cp "$OUT/triad-bridge" "$root/usr/bin/"
cp "$OUT/$TA_UUID.ta" "$root/usr/lib/optee_armtz/"
cp "$QEMU_DIR/guest/init" "$root/init"
chmod 755 "$root/init"

# The modules in load order: each after what its .modinfo says it depends on. (sh has no local
# variables: nothing is kept across the recursive call but the list the for loop expanded.)
module_path() {
	find "$kdir" -name "$1.ko" | head -n 1 | grep . || die "module $1 not in the kernel package"
}
module_deps() {
	${CROSS}readelf -p .modinfo "$(module_path "$1")" | sed -n 's/.*\]  depends=//p' | tr ',' ' '
}
placed=""
place() {
	case " $placed " in *" $1 "*) return ;; esac
	for d in $(module_deps "$1"); do place "$d"; done
	cp "$(module_path "$1")" "$root/modules/"
	echo "$1" >>"$root/modules/order"
	placed="$placed $1"
}
for m in tee optee virtio_mmio virtio_blk virtio_net; do place "$m"; done

say "initramfs: $(du -sh "$root" | cut -f1) before compression, modules:$placed"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/rootfs.cpio.gz"

fw=$ARM64/usr/lib/optee/vexpress-qemu_armv8a
cp "$fw/tee-header_v2.bin" "$OUT/bl32.bin"
cp "$fw/tee-pager_v2.bin" "$OUT/bl32_extra1.bin"
cp "$fw/tee-pageable_v2.bin" "$OUT/bl32_extra2.bin"
cp "$ARM64/usr/lib/u-boot/qemu_arm64/u-boot.bin" "$OUT/bl33.bin"
# U-Boot waits 2 s for a key before it boots (its built-in environment, as no saved one exists):
# no one presses a key here, and a test run boots about fifteen guests. Same length, in place.
at=$(grep -obUaP 'bootdelay=2\x00' "$OUT/bl33.bin" | cut -d: -f1)
[ "$(echo "$at" | wc -w)" -eq 1 ] || die "U-Boot's built-in bootdelay=2 not found exactly once"
printf 'bootdelay=0' | dd of="$OUT/bl33.bin" bs=1 seek="$at" conv=notrunc status=none
cp "$(ls "$ARM64"/boot/vmlinuz-* | head -n 1)" "$OUT/Image"
say "guest ready in $OUT: $(cd "$OUT" && ls | tr '\n' ' ')"
