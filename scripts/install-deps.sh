#!/usr/bin/env bash
# Installs the Debian packages ferry builds against and tests with (test.sh, demo.sh and bench/ come
# here; .ci/run installs the same list itself, which InstallListTests checks; extra package names
# may be given as arguments). Idempotent;
# quiet when all are present. apt gets no standard input, and its log is shown only if it fails.
set -euo pipefail
# golang-go, sprig's source and x/crypto (bcrypt, for the crypto checks) build the template
# conformance oracle (a test tool only); strace
# checks the block sizes of real writes; libarchive-tools (bsdtar) and zstd (GNU tar --zstd) read
# ferry's streams back as independent tar readers; podman pulls from ferry serve as a client.
pkgs=(libcurl4-openssl-dev libarchive-dev libssl-dev docker-registry skopeo umoci apache2-utils openssl curl
      golang-go golang-github-masterminds-sprig-dev golang-golang-x-crypto-dev strace libarchive-tools zstd podman "$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${missing[*]}"
  log=$(mktemp)
  if ! { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
    </dev/null >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi
# oras-py (PyPI): an OCI artifact client the ferry serve tests pull with.
if ! python3 -c 'import oras.client' 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check oras >/dev/null
fi
