# Sourced by the scripts here: a private apt (its own sources, lists and caches under $CACHE/apt)
# that sees Debian bookworm and trixie for amd64 and arm64. The system's apt state is never read
# or written; the archive key authenticates every index and package.
# Needs: CACHE (the git-ignored cache dir), say(), die().
APT_DIR=$CACHE/apt
ARCHIVE=http://deb.debian.org/debian
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

apt_private() {
	tool=$1
	shift
	"$tool" -q \
		-o Dir::Etc::sourcelist="$APT_DIR/sources.list" \
		-o Dir::Etc::sourceparts=/dev/null \
		-o Dir::Etc::preferences=/dev/null \
		-o Dir::Etc::preferencesparts=/dev/null \
		-o Dir::State::Lists="$APT_DIR/lists" \
		-o Dir::State::status=/dev/null \
		-o Dir::Cache="$APT_DIR/cache" \
		-o APT::Architectures::=amd64 -o APT::Architectures::=arm64 \
		-o Debug::NoLocking=1 \
		"$@"
}

# Fresh indexes once per run of fetch.sh (a day-old list may name files a point release replaced).
apt_update() {
	[ -r "$KEYRING" ] || die "$KEYRING missing (apt-get install debian-archive-keyring)"
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	: >"$APT_DIR/sources.list"
	for suite in bookworm trixie; do
		echo "deb [arch=amd64,arm64 signed-by=$KEYRING] $ARCHIVE $suite main" >>"$APT_DIR/sources.list"
		echo "deb-src [signed-by=$KEYRING] $ARCHIVE $suite main" >>"$APT_DIR/sources.list"
	done
	# apt drops privileges to _apt for downloads when run as root
	if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
		chown -R _apt "$APT_DIR/lists" "$APT_DIR/cache"
	fi
	say "apt: updating private indexes of bookworm and trixie (amd64, arm64, sources)"
	if ! apt_private apt-get update >"$APT_DIR/update.log" 2>&1 ||
		! ls "$APT_DIR/lists/"*trixie*arm64_Packages* >/dev/null 2>&1; then
		cat "$APT_DIR/update.log" >&2
		die "could not fetch Debian's indexes from $ARCHIVE"
	fi
}
