#!/bin/sh
# Fetches the Debian pieces of a QEMU guest running OP-TEE (optee-ta/README.md, "Real OP-TEE
# under QEMU"): OP-TEE OS and its TA dev kit, the normal world's client side, busybox, the C
# library, Node, U-Boot as BL33, bookworm's cloud kernel (tee and optee as modules), and TF-A's
# source. Packages are pinned by suite, not version: point releases replace files.
# Idempotent: once the lists below are downloaded, nothing is fetched again until they change
# (or the cache is removed).
set -eu
. "$(dirname "$0")/common.sh"
. "$QEMU_DIR/apt.sh"

# name:arch/suite, all unpacked into $ARM64
PACKAGES="optee-os:arm64/trixie optee-os-dev:arm64/trixie
tee-supplicant:arm64/trixie libteec2:arm64/trixie optee-client-dev:arm64/trixie
busybox-static:arm64/trixie libc6:arm64/trixie u-boot-qemu/trixie"
# Node in the guest that runs the optee backend's N-API addon: nodejs and what it loads (its
# libraries, and the JavaScript Debian's build takes from other packages instead of bundling it).
NODE_PACKAGES="nodejs:arm64/trixie libnode115:arm64/trixie libuv1t64:arm64/trixie
libbrotli1:arm64/trixie libcares2:arm64/trixie libicu76:arm64/trixie libnghttp2-14:arm64/trixie
libssl3t64:arm64/trixie libstdc++6:arm64/trixie libgcc-s1:arm64/trixie zlib1g:arm64/trixie
libzstd1:arm64/trixie node-acorn/trixie node-cjs-module-lexer/trixie node-undici/trixie
node-minimatch/trixie node-brace-expansion/trixie node-balanced-match/trixie node-xtend/trixie"
KERNEL_META=linux-image-cloud-arm64:arm64/bookworm
TFA_SOURCE=arm-trusted-firmware/trixie

DEBS=$CACHE/debs
mkdir -p "$DEBS" "$CACHE/src"
# The stamp holds the lists it completed: a list changed here means another download.
wanted=$(echo $PACKAGES $NODE_PACKAGES $KERNEL_META $TFA_SOURCE)
if [ "$(cat "$DEBS/.complete" 2>/dev/null)" = "$wanted" ] && [ -f "$CACHE/src/.complete" ]; then
	say "all packages already downloaded ($(ls "$DEBS" | wc -l) .debs)"
	exit 0
fi
rm -f "$DEBS"/*.deb "$DEBS/.complete" "$CACHE/arm64/.complete"

apt_update
kernel=$(apt_private apt-cache depends "$KERNEL_META" 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9.-]*-cloud-arm64\):arm64$/\1/p' | head -n 1)
[ -n "$kernel" ] || die "no kernel package behind $KERNEL_META"
private_apt_dirs "$DEBS" "$CACHE/src"
say "downloading: $(echo $PACKAGES $NODE_PACKAGES) $kernel:arm64/bookworm"
(cd "$DEBS" && apt_private apt-get download $PACKAGES $NODE_PACKAGES "$kernel:arm64/bookworm") ||
	die "apt-get download failed"
say "downloading the source of $TFA_SOURCE"
(cd "$CACHE/src" && apt_private apt-get source --download-only "$TFA_SOURCE" >/dev/null) ||
	die "apt-get source $TFA_SOURCE failed"
ls "$DEBS"/*.deb | sed 's|.*/|  |'
touch "$CACHE/src/.complete"
echo "$wanted" >"$DEBS/.complete"
