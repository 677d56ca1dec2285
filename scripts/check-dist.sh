#!/bin/sh
# Checks a `make dist` binary before it is packed: no glibc symbol version
# above the one promised, it starts, and it fits the size budget.
#   scripts/check-dist.sh BINARY [MAX_GLIBC] [MAX_MB]
set -eu
binary=$1
max_glibc=${2:-2.17}
max_mb=${3:-25}

newest=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
echo "newest glibc symbol version: $newest (allowed: $max_glibc)"
if [ "$(printf '%s\n%s\n' "$newest" "$max_glibc" | sort -V | tail -n 1)" != "$max_glibc" ]; then
    echo "FAIL: $binary needs glibc $newest" >&2
    objdump -T "$binary" | grep "GLIBC_$newest" >&2
    exit 1
fi

"$binary" --version
"$binary" doctor --help > /dev/null
echo "runs: --version and doctor --help"

bytes=$(wc -c < "$binary")
echo "size: $bytes bytes ($((bytes / 1024 / 1024)) MiB; budget $max_mb MiB)"
if [ "$bytes" -gt $((max_mb * 1024 * 1024)) ]; then
    echo "FAIL: over the size budget" >&2
    exit 1
fi
