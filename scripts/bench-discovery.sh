#!/usr/bin/env bash
# Discovery benchmark: for each size, a fresh moto emulator, an account of about that many
# resources (scripts/seed_account.py scale), then one `meerkat discover` of us-east-1 plus
# the global services, measured for wall time, API calls and peak RSS.
#
#   scripts/bench-discovery.sh [SIZE ...]      default: 500 2000 8000
#   PROFILE=release scripts/bench-discovery.sh # measure an optimised build
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/meerkat/target}"
profile="${PROFILE:-debug}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(500 2000 8000)

moto_server="$(scripts/setup-emulator.sh)"
python="$(dirname "$moto_server")/python"
if [ "$profile" = release ]; then cargo build --locked --release -q -p meerkat-cli; else cargo build --locked -q -p meerkat-cli; fi
meerkat="$CARGO_TARGET_DIR/$profile/meerkat"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1

printf '| seeded | resources discovered | wall s | API calls | peak RSS MiB | not assessed scopes |\n|---|---|---|---|---|---|\n'
for size in "${sizes[@]}"; do
    work="$(mktemp -d)"
    port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    MOTO_IAM_LOAD_MANAGED_POLICIES=true "$moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
    moto_pid=$!
    endpoint="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do curl -sf "$endpoint/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done
    "$python" scripts/seed_account.py --endpoint "$endpoint" scale "$size" >/dev/null 2>&1
    /usr/bin/time -f '%e %M' -o "$work/time" "$meerkat" --db "$work/m.db" discover --endpoint-url "$endpoint" \
        --regions us-east-1 --max-attempts 1 --format json >"$work/summary.json" || true
    # time(1) puts "Command exited with non-zero status N" first when discover exits 3.
    read -r wall rss_kb < <(tail -n 1 "$work/time")
    "$python" - "$work/summary.json" "$size" "$wall" "$rss_kb" <<'PY'
import json, sys
summary, size, wall, rss_kb = json.load(open(sys.argv[1])), sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
print(f"| {size} | {summary['resources']} | {wall:.1f} | {summary['api_calls']} | {rss_kb / 1024:.0f} | {len(summary['not_assessed'])} |")
PY
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    rm -rf "$work"
done
