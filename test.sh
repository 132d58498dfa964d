#!/usr/bin/env bash
# Runs ferry's whole test suite against real local registries (installs Debian packages first).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
