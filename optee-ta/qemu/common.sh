# Sourced by the scripts here: where things live and how progress is told.
# Everything fetched or built goes under CACHE (git-ignored, kept between runs; rm -rf it to
# start from nothing). TRIAD_OPTEE_CACHE moves it.
QEMU_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$QEMU_DIR/../.." && pwd)
CACHE=${TRIAD_OPTEE_CACHE:-$REPO/build/optee-qemu}
ARM64=$CACHE/arm64          # the arm64 packages, unpacked into one tree
OUT=$CACHE/out              # what a guest boots: firmware, kernel, initramfs
CROSS=aarch64-linux-gnu-
TA_UUID=6d7f09ac-f212-42f6-bbe0-f9ea745f5c37
STEP=$(basename "$0" .sh)

say() { echo "optee-qemu/$STEP [$(date -u +%T)]: $*"; }
die() {
	echo "optee-qemu/$STEP: error: $*" >&2
	exit 1
}
mkdir -p "$CACHE" "$OUT"
