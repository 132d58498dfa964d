#!/usr/bin/env bash
# Installs the Debian packages ferry builds against and tests with. Idempotent; quiet when all present.
set -euo pipefail
# golang-go and sprig's source build the template conformance oracle (a test tool only); strace
# checks the block sizes of real writes.
pkgs=(libcurl4-openssl-dev libarchive-dev libssl-dev docker-registry skopeo umoci apache2-utils openssl curl
      golang-go golang-github-masterminds-sprig-dev strace)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
