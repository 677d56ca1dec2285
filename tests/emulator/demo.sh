#!/usr/bin/env bash
# `make demo`: the console against a freshly seeded emulator. The emulator
# is stopped when the console exits, however it exits.
set -euo pipefail
console=${1:?usage: demo.sh PATH-TO-CONSOLE}
here=$(cd "$(dirname "$0")" && pwd)
python=${TC_EMULATOR_PYTHON:-$here/../../.venv/bin/python}
workdir=$(mktemp -d)
emulator_pid=
trap '[ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; rm -rf "$workdir"' EXIT

"$python" "$here/serve.py" --port 0 >"$workdir/ready" 2>"$workdir/emulator.log" &
emulator_pid=$!
for _ in $(seq 1 100); do
  grep -q '^EMULATOR READY ' "$workdir/ready" 2>/dev/null && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$workdir/emulator.log" >&2; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/^EMULATOR READY //p' "$workdir/ready")
[ -n "$url" ] || { echo "the emulator did not start" >&2; exit 1; }

echo "Seeding the demo estate into $url ..."
"$python" "$here/seed.py" --endpoint "$url" >"$workdir/estate.json"

# The demo's changes go to their own audit log, never to the real one.
audit_dir="$here/../../.tmp"
mkdir -p "$audit_dir"
echo "The demo's audit log: $(cd "$audit_dir" && pwd)/demo-audit.jsonl"

AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=ap-northeast-1 \
AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
AWS_EC2_METADATA_DISABLED=true \
  "$console" --endpoint-url "$url" --log-file "$workdir/console.log" \
  --audit-log "$audit_dir/demo-audit.jsonl"
