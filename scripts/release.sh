#!/usr/bin/env bash
# Builds the release binaries of auditor: linux, darwin and windows, each
# for amd64 and arm64, into dist/ (or $DIST), with SHA256SUMS beside them.
#
#   scripts/release.sh [VERSION]      VERSION defaults to `git describe`
#
# -trimpath drops the build machine's paths; -s -w drops the symbol table
# and DWARF (debuggers and profilers of a release binary need neither);
# urfave_cli_no_docs drops the CLI library's man-page and markdown
# generators, which auditor never calls. The version is stamped into
# main.version. Each binary is checked against MAX_BYTES (35 MB): the
# script exits 1, after writing everything, when one is larger.
#
# Nothing here is needed to build or test auditor: `go build ./cmd/auditor`
# and `go test ./...` do not depend on it.
set -euo pipefail

cd "$(dirname "$0")/.."
version="${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
dist="${DIST:-dist}"
max="${MAX_BYTES:-35000000}"
targets="${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}"

rm -rf "$dist"
mkdir -p "$dist"
over=0
for t in $targets; do
	goos="${t%/*}" goarch="${t#*/}"
	ext=""
	[ "$goos" = windows ] && ext=".exe"
	out="$dist/auditor-$version-$goos-$goarch$ext"
	CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" go build -trimpath \
		-tags urfave_cli_no_docs \
		-ldflags "-s -w -X main.version=$version" \
		-o "$out" ./cmd/auditor
	size=$(wc -c <"$out" | tr -d ' ')
	mark=""
	if [ "$size" -gt "$max" ]; then
		mark="  OVER the $max-byte limit"
		over=1
	fi
	printf '%-48s %10d bytes%s\n' "$(basename "$out")" "$size" "$mark"
done
(cd "$dist" && sha256sum auditor-* >SHA256SUMS)
echo "wrote $dist/SHA256SUMS"
if [ "$over" -ne 0 ]; then
	echo "release: a binary is larger than $max bytes" >&2
	exit 1
fi
