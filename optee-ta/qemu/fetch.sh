#!/bin/sh
# Fetches the Debian pieces of a QEMU guest running OP-TEE (optee-ta/README.md, "Real OP-TEE
# under QEMU"): OP-TEE OS and its TA dev kit, the normal world's client side,
# busybox, the C library, U-Boot as BL33, bookworm's cloud kernel (tee and optee as modules),
# and TF-A's source. Packages are pinned by suite, not version: point releases replace files.
# Idempotent: a package already downloaded is not fetched again.
set -eu
. "$(dirname "$0")/common.sh"
. "$QEMU_DIR/apt.sh"

# name:arch/suite, all unpacked into $ARM64
PACKAGES="optee-os:arm64/trixie optee-os-dev:arm64/trixie
tee-supplicant:arm64/trixie libteec2:arm64/trixie optee-client-dev:arm64/trixie
busybox-static:arm64/trixie libc6:arm64/trixie u-boot-qemu/trixie"
KERNEL_META=linux-image-cloud-arm64:arm64/bookworm
TFA_SOURCE=arm-trusted-firmware/trixie

DEBS=$CACHE/debs
mkdir -p "$DEBS" "$CACHE/src"
if [ -f "$DEBS/.complete" ] && [ -f "$CACHE/src/.complete" ]; then
	say "all packages already downloaded ($(ls "$DEBS" | wc -l) .debs)"
	exit 0
fi

apt_update
kernel=$(apt_private apt-cache depends "$KERNEL_META" 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9.-]*-cloud-arm64\):arm64$/\1/p' | head -n 1)
[ -n "$kernel" ] || die "no kernel package behind $KERNEL_META"
private_apt_dirs "$DEBS" "$CACHE/src"
say "downloading: $(echo $PACKAGES) $kernel:arm64/bookworm"
(cd "$DEBS" && apt_private apt-get download $PACKAGES "$kernel:arm64/bookworm") ||
	die "apt-get download failed"
say "downloading the source of $TFA_SOURCE"
(cd "$CACHE/src" && apt_private apt-get source --download-only "$TFA_SOURCE" >/dev/null) ||
	die "apt-get source $TFA_SOURCE failed"
ls "$DEBS"/*.deb | sed 's|.*/|  |'
touch "$DEBS/.complete" "$CACHE/src/.complete"
