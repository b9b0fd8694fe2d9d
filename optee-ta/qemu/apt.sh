# Sourced by the scripts here: a private apt (../scripts/private-apt.sh) under $CACHE/apt that
# sees Debian bookworm and trixie for amd64 and arm64.
# Needs: CACHE (the git-ignored cache dir), say(), die().
APT_DIR=$CACHE/apt
ARCHIVE=http://deb.debian.org/debian
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

. "$QEMU_DIR/../scripts/private-apt.sh"

apt_private() {
	tool=$1
	shift
	private_apt "$tool" -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 "$@"
}

# Fresh indexes once per run of fetch.sh (a day-old list may name files a point release replaced).
apt_update() {
	[ -r "$KEYRING" ] || die "$KEYRING missing (apt-get install debian-archive-keyring)"
	private_apt_dirs
	: >"$APT_DIR/sources.list"
	for suite in bookworm trixie; do
		echo "deb [arch=amd64,arm64 signed-by=$KEYRING] $ARCHIVE $suite main" >>"$APT_DIR/sources.list"
		echo "deb-src [signed-by=$KEYRING] $ARCHIVE $suite main" >>"$APT_DIR/sources.list"
	done
	say "apt: updating private indexes of bookworm and trixie (amd64, arm64, sources)"
	if ! apt_private apt-get update >"$APT_DIR/update.log" 2>&1 ||
		! ls "$APT_DIR/lists/"*trixie*arm64_Packages* >/dev/null 2>&1; then
		cat "$APT_DIR/update.log" >&2
		die "could not fetch Debian's indexes from $ARCHIVE"
	fi
}
