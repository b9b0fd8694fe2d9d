# Sourced: `private_apt TOOL ARGS...` runs apt-get or apt-cache on a private apt under $APT_DIR
# ($APT_DIR/sources.list, lists/, cache/), so that the system's apt configuration, indexes,
# caches and dpkg status are neither read nor written. The archive key still authenticates every
# index (signed Release -> Packages/Sources -> file hashes).
private_apt() {
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
		-o Debug::NoLocking=1 \
		"$@"
}

# `private_apt_dirs DIR...`: the private lists and caches, and DIRs that apt downloads into. apt
# fetches as the unprivileged _apt user when run as root: it must be able to write there.
private_apt_dirs() {
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$@"
	if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
		chmod 755 "$APT_DIR"
		chown -R _apt "$APT_DIR/lists" "$APT_DIR/cache" "$@"
	fi
}
