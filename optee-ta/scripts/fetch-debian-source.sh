#!/bin/sh
# Fetches one Debian bookworm source package, at a pinned version, into DEST
# (under the git-ignored third_party/), with Debian's patches applied: the
# common part of fetch-libsodium.sh and fetch-libsecp256k1.sh, which say why
# their library is compiled from source and pin its version. No third-party
# code is ever committed to this repository.
#
# The source package comes through apt, so it is authenticated by the Debian
# archive key (signed Release -> Sources -> file hashes), but the system's apt
# configuration, lists and caches are left untouched: a private sources list,
# lists directory and cache live in a temp dir for the duration of the run
# (scripts/private-apt.sh). apt-get source --download-only needs no dpkg-dev;
# the orig tarball (gzip or xz) is unpacked and debian/patches/series applied
# with plain `patch`.
#
# Idempotent: when DEST's stamp file names the pinned version, nothing is
# done. If Debian replaces the version (a point release), the fetch fails and
# says so: read the new Debian changelog, then bump the caller's DEB_VERSION.
# Messages are prefixed "fetch-PACKAGE:".
#
# Usage: scripts/fetch-debian-source.sh PACKAGE DEB_VERSION DEST
set -eu

[ $# -eq 3 ] || { echo "usage: $0 PACKAGE DEB_VERSION DEST" >&2; exit 2; }
package=$1
DEB_VERSION=$2
dest=$3
UPSTREAM_VERSION=${DEB_VERSION%%-*}
SOURCES_LINE="deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main"

here=$(cd "$(dirname "$0")/.." && pwd)
stamp=$dest/.fetched-version

say() { echo "fetch-$package: $*"; }
die() { echo "fetch-$package: error: $*" >&2; exit 1; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$DEB_VERSION" ]; then
	say "$package $DEB_VERSION already in $dest"
	exit 0
fi

for tool in apt-get tar patch; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install $tool)"
done
[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] ||
	die "/usr/share/keyrings/debian-archive-keyring.gpg missing (apt-get install debian-archive-keyring)"

# apt's private files go to a temp dir; the unpacked tree is staged beside
# DEST, so that the final move is a rename. Both are removed on any exit,
# signals included (the EXIT trap runs when the INT/TERM handler exits).
mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fetch-$package.XXXXXX")
stage=$(mktemp -d "$(dirname "$dest")/.$package.XXXXXX")
trap 'rm -rf "$tmp" "$stage"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
APT_DIR=$tmp
. "$here/scripts/private-apt.sh"
echo "$SOURCES_LINE" >"$tmp/sources.list"
private_apt_dirs "$tmp/download"

say "updating a private index of bookworm sources"
# apt-get update only warns when a host is unreachable: look for the index.
if ! private_apt apt-get update >"$tmp/update.log" 2>&1 ||
	! ls "$tmp/lists/"*_Sources* >/dev/null 2>&1; then
	cat "$tmp/update.log" >&2
	die "could not fetch bookworm's Sources index from deb.debian.org (network? keyring?)"
fi

say "downloading $package $DEB_VERSION"
if ! (cd "$tmp/download" && private_apt apt-get source --download-only "$package=$DEB_VERSION") \
	>"$tmp/source.log" 2>&1; then
	cat "$tmp/source.log" >&2
	available=$(private_apt apt-cache showsrc "$package" 2>/dev/null |
		sed -n 's/^Version: //p' | tr '\n' ' ' | sed 's/ $//')
	die "could not download $package $DEB_VERSION from bookworm (it has: ${available:-nothing}); if Debian replaced it, review the change and bump DEB_VERSION"
fi

# The orig tarball is .tar.gz for some packages, .tar.xz for others; tar
# recognises either when reading.
orig=$(ls "$tmp/download"/"${package}_$UPSTREAM_VERSION".orig.tar.* 2>/dev/null | head -n 1) || true
debian=$(ls "$tmp/download"/"${package}_$DEB_VERSION".debian.tar.* 2>/dev/null | head -n 1) || true
[ -n "$orig" ] || die "no ${package}_$UPSTREAM_VERSION.orig.tar.* among the downloaded files: $(ls "$tmp/download")"
[ -n "$debian" ] || die "no debian tarball among the downloaded files: $(ls "$tmp/download")"

say "unpacking $(basename "$orig") and $(basename "$debian")"
# The orig tarball has one top directory (e.g. libsodium-1.0.18/); drop it.
tar -xf "$orig" -C "$stage" --strip-components=1
tar -xf "$debian" -C "$stage"

series=$stage/debian/patches/series
if [ -f "$series" ]; then
	# One patch per line; '#' starts a comment. A per-patch -pN option
	# (quilt syntax) is honoured, -p1 is the default.
	sed -e 's/#.*//' "$series" | while read -r name opt; do
		[ -n "$name" ] || continue
		say "applying debian/patches/$name"
		(cd "$stage" && patch -s -N ${opt:--p1} <"debian/patches/$name") ||
			die "debian/patches/$name does not apply"
	done
fi

# The stamp travels inside the new tree: a run that fails at any point
# leaves no half-written tree behind a valid stamp.
echo "$DEB_VERSION" >"$stage/.fetched-version"
chmod 755 "$stage"
rm -rf "$dest"
mv "$stage" "$dest"
say "$package $DEB_VERSION ready in $dest"
