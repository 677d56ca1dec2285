#!/bin/sh
# Packs a built binary with its manual page and completions into
# dist/transfer-console-<version>-<target>.tar.gz, and writes SHA256SUMS.
#   scripts/dist.sh BINARY VERSION TARGET
set -eu
binary=$1
version=$2
target=$3

name="transfer-console-$version-$target"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/completions" dist

cp "$binary" "$stage/$name/transfer-console"
"$binary" man > "$stage/$name/transfer-console.1"
"$binary" completions bash > "$stage/$name/completions/transfer-console.bash"
"$binary" completions zsh > "$stage/$name/completions/_transfer-console"
"$binary" completions fish > "$stage/$name/completions/transfer-console.fish"
cp README.md "$stage/$name/"

tar -C "$stage" --owner=0 --group=0 -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" > SHA256SUMS && cat SHA256SUMS)
