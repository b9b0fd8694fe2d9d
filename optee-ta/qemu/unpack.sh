#!/bin/sh
# Unpacks every downloaded .deb into one arm64 tree ($CACHE/arm64). Idempotent.
set -eu
. "$(dirname "$0")/common.sh"
[ -f "$CACHE/debs/.complete" ] || die "nothing downloaded yet: run fetch.sh"
if [ -f "$ARM64/.complete" ]; then
	say "already unpacked in $ARM64"
	exit 0
fi
rm -rf "$ARM64"
mkdir -p "$ARM64"
for deb in "$CACHE/debs"/*.deb; do
	say "unpacking $(basename "$deb")"
	dpkg-deb -x "$deb" "$ARM64"
done
touch "$ARM64/.complete"
