#!/bin/sh
# The initramfs of the guest that also runs Node: the common one (mkinitramfs.sh) followed by a
# second cpio archive (the kernel unpacks both, in order) with trixie's node and the libraries it
# and the optee addon load, @triad/tee's build with its dependencies (stage-node.mjs), the addon
# (build-addon.sh) and test/optee/guest/napi-checks.mjs, which guest/init runs when it is there.
# Always rebuilt: it holds the current @triad/tee build.
set -eu
. "$(dirname "$0")/common.sh"
[ -f "$OUT/rootfs.cpio.gz" ] && [ -f "$OUT/teec_addon.node" ] || die "run mkinitramfs.sh and build-addon.sh first"
say "building @triad/tee (tsc -b)"
(cd "$REPO" && npx tsc -b packages/tee/tsconfig.build.json)
root=$CACHE/rootfs-node
rm -rf "$root"
mkdir -p "$root/usr/bin" "$root/usr/lib/aarch64-linux-gnu" "$root/usr/share" "$root/opt/triad"
say "staging @triad/tee and its dependencies: $(node "$QEMU_DIR/stage-node.mjs" "$REPO" "$root")"
cp "$ARM64/usr/bin/node" "$root/usr/bin/"
cp -r "$ARM64/usr/share/nodejs" "$root/usr/share/"
cp "$OUT/teec_addon.node" "$REPO/test/optee/guest/napi-checks.mjs" "$root/opt/triad/"

# The shared libraries node and the addon need, beyond what the common initramfs has.
lib=$ARM64/usr/lib/aarch64-linux-gnu
have=" $(ls "$CACHE/rootfs/usr/lib/aarch64-linux-gnu" | tr '\n' ' ')"
needed() {
	${CROSS}readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}
add() {
	case "$have " in *" $1 "*) return ;; esac
	[ -e "$lib/$1" ] || die "$1 is not in the unpacked packages"
	cp -L "$lib/$1" "$root/usr/lib/aarch64-linux-gnu/$1"
	have="$have $1"
	for n in $(needed "$lib/$1"); do add "$n"; done
}
for n in $(needed "$ARM64/usr/bin/node") $(needed "$OUT/teec_addon.node"); do add "$n"; done

say "node overlay: $(du -sh "$root" | cut -f1) before compression"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$CACHE/node.cpio.gz"
cat "$OUT/rootfs.cpio.gz" "$CACHE/node.cpio.gz" >"$OUT/rootfs-node.cpio.gz"
