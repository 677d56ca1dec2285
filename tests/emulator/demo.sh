#!/usr/bin/env bash
# `make demo`: the console against a freshly seeded emulator. The emulator
# is stopped when the console exits, however it exits. Arguments after the
# console's path go to the console (`--profile demo,subsidiary`).
set -euo pipefail
console=${1:?usage: demo.sh PATH-TO-CONSOLE [CONSOLE-ARGS...]}
shift
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

# Two profiles, two accounts (the emulator takes the account from the key):
# `demo`, the estate above, and `subsidiary`, the seed's second account.
# Profiles rather than AWS_ACCESS_KEY_ID, which would win over any profile.
read -r key secret < <("$python" -c '
import json, sys
account = json.load(open(sys.argv[1]))["second_account"]
print(account["access_key_id"], account["secret_access_key"])' "$workdir/estate.json")
printf '[profile demo]\nregion = ap-northeast-1\n\n[profile subsidiary]\nregion = ap-northeast-1\n' \
  >"$workdir/config"
printf '[demo]\naws_access_key_id = demo\naws_secret_access_key = demo\n\n' >"$workdir/credentials"
printf '[subsidiary]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$key" "$secret" \
  >>"$workdir/credentials"
echo "Two accounts: type :profile demo,subsidiary in the console to list both."

AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= AWS_SESSION_TOKEN= \
AWS_PROFILE=demo AWS_REGION=ap-northeast-1 \
AWS_CONFIG_FILE="$workdir/config" AWS_SHARED_CREDENTIALS_FILE="$workdir/credentials" \
AWS_EC2_METADATA_DISABLED=true \
  "$console" --endpoint-url "$url" --log-file "$workdir/console.log" \
  --audit-log "$audit_dir/demo-audit.jsonl" "$@"
