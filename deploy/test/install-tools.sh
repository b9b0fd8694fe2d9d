#!/bin/sh
# What `npm run test:deploy` needs besides Node: debootstrap for the hosts' root, util-linux and
# iproute2 for their namespaces, OpenSSH's client, Ansible with ansible-lint, and systemd's
# systemd-analyze. Idempotent; needs root (or sudo) only when something is missing.
set -eu
exec sh "$(dirname "$0")/../../scripts/apt-install-missing.sh" deploy-test-tools \
	debootstrap util-linux iproute2 openssh-client ansible-core ansible-lint systemd
