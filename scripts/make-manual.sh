#!/usr/bin/env bash
# Writes ferry's man pages (ferry.1 and one page per command) into DIR (default: ./man), with
# swift-argument-parser's manual generator run on the built ferry. Read one: man -l man/ferry.1
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-man}
swift build --product ferry >/dev/null
swift build --product generate-manual >/dev/null
bin=$(swift build --show-bin-path)
mkdir -p "$out"
"$bin/generate-manual-tool" "$bin/ferry" --multi-page --output-directory "$out"
echo "man pages in $out/: $(cd "$out" && ls | tr '\n' ' ')"
