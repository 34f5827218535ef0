#!/usr/bin/env bash
# `meerkat scan` beside Prowler on the same emulated account (issue 3): a fresh moto server,
# an account of about SIZE resources (scripts/seed_account.py scale SIZE, then the `demo`
# account's insecure resources on top so both tools have failures to compare), then one
# `meerkat scan` and one `prowler aws --compliance cis_3.0_aws`, each measured for wall time
# and peak RSS, and a per-CIS-3.0-control comparison of their failing resources.
#
#   scripts/bench-prowler.sh [SIZE]            default 2000; 0 seeds the demo account only
#   MEERKAT_BIN=path scripts/bench-prowler.sh  use this binary instead of building one
#   PROWLER_ALL=1 scripts/bench-prowler.sh     run every Prowler check, not only CIS 3.0's
#   KEEP=1 scripts/bench-prowler.sh            keep the work directory (outputs, logs)
#
# Prowler is installed into its own venv ($PROWLER_VENV, default ~/.cache/meerkat/prowler-venv),
# never into the repo's. Both tools see us-east-1 (plus the global services), one attempt per
# call, fake credentials, the endpoint through AWS_ENDPOINT_URL / --endpoint-url.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
size="${1:-2000}"
PROWLER_VERSION="5.46.0"
prowler_venv="${PROWLER_VENV:-$HOME/.cache/meerkat/prowler-venv}"

moto_server="$(scripts/setup-emulator.sh)"
python="$(dirname "$moto_server")/python"

if [[ "$("$prowler_venv/bin/python" -c 'from importlib.metadata import version; print(version("prowler"))' 2>/dev/null || true)" != "$PROWLER_VERSION" ]]; then
    echo "bench-prowler: installing prowler==$PROWLER_VERSION into $prowler_venv" >&2
    python3 -m venv "$prowler_venv"
    "$prowler_venv/bin/pip" install --quiet --disable-pip-version-check "prowler==$PROWLER_VERSION" >&2
fi

if [[ -n "${MEERKAT_BIN:-}" ]]; then
    meerkat="$MEERKAT_BIN"
else
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/meerkat/target-release}"
    cargo build --locked --release -q -p meerkat-cli
    meerkat="$CARGO_TARGET_DIR/release/meerkat"
fi

work="$(mktemp -d)"
port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
cleanup() {
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    if [[ -n "${KEEP:-}" ]]; then echo "bench-prowler: outputs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$endpoint/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
if [[ "$size" -gt 0 ]]; then "$python" scripts/seed_account.py --endpoint "$endpoint" scale "$size" >/dev/null 2>&1; fi
"$python" scripts/seed_account.py --endpoint "$endpoint" demo >/dev/null

# CPU seconds moto has used so far (utime + stime), to tell the emulator's share of a run,
# and the requests it has answered (one log line each): the API calls of a run.
moto_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$moto_pid/stat"; }
moto_calls() { grep -c 'HTTP/1.1' "$work/moto.log" || true; }
echo "bench-prowler: load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs" >&2

echo "bench-prowler: meerkat scan" >&2
m0="$(moto_cpu)"; mc0="$(moto_calls)"
/usr/bin/time -f '%e %M %U %S' -o "$work/meerkat.time" "$meerkat" --db "$work/m.db" scan --endpoint-url "$endpoint" \
    --regions us-east-1 --max-attempts 1 --format csv >"$work/meerkat.csv" 2>"$work/meerkat.err" || true
m1="$(moto_cpu)"; mc1="$(moto_calls)"

echo "bench-prowler: prowler" >&2
prowler_scope=(--compliance cis_3.0_aws)
[[ -n "${PROWLER_ALL:-}" ]] && prowler_scope=()
p0="$(moto_cpu)"; pc0="$(moto_calls)"
AWS_ENDPOINT_URL="$endpoint" /usr/bin/time -f '%e %M %U %S' -o "$work/prowler.time" "$prowler_venv/bin/prowler" aws \
    --region us-east-1 --aws-retries-max-attempts 1 "${prowler_scope[@]}" --output-formats csv json-ocsf \
    --output-directory "$work/prowler" --output-filename prowler --no-banner --no-color --ignore-exit-code-3 \
    --log-level ERROR --log-file "$work/prowler.log" >"$work/prowler.out" 2>&1 || true
p1="$(moto_cpu)"; pc1="$(moto_calls)"

# time(1) puts "Command exited with non-zero status N" first when the command fails.
read -r m_wall m_rss m_user m_sys < <(tail -n 1 "$work/meerkat.time")
read -r p_wall p_rss p_user p_sys < <(tail -n 1 "$work/prowler.time")
"$python" - "$work" "$size" "$m_wall" "$m_rss" "$p_wall" "$p_rss" "$m0" "$m1" "$p0" "$p1" \
    "$m_user" "$m_sys" "$p_user" "$p_sys" "$((mc1 - mc0))" "$((pc1 - pc0))" <<'PY'
import csv, glob, re, sys
from collections import defaultdict

work, size = sys.argv[1], sys.argv[2]
m_wall, m_rss, p_wall, p_rss = float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
m_moto, p_moto = float(sys.argv[8]) - float(sys.argv[7]), float(sys.argv[10]) - float(sys.argv[9])
m_cpu, p_cpu = float(sys.argv[11]) + float(sys.argv[12]), float(sys.argv[13]) + float(sys.argv[14])
m_calls, p_calls = int(sys.argv[15]), int(sys.argv[16])

meerkat_rows = list(csv.DictReader(open(f"{work}/meerkat.csv", newline="")))
cis_files = glob.glob(f"{work}/prowler/compliance/*cis_3.0_aws.csv")
if not meerkat_rows or not cis_files:
    sys.exit(f"bench-prowler: missing output (meerkat rows: {len(meerkat_rows)}, prowler CIS csv: {cis_files}); see {work}")
prowler_rows = list(csv.DictReader(open(cis_files[0], newline=""), delimiter=";"))
all_prowler = glob.glob(f"{work}/prowler/prowler.csv")
prowler_all_rows = list(csv.DictReader(open(all_prowler[0], newline=""), delimiter=";")) if all_prowler else []
account = next((r["ACCOUNTID"] for r in prowler_rows), "")

# One identity per resource, comparable across the tools: account- and region-level
# verdicts (Meerkat's AWS::Account/AWS::Region, Prowler's account or pseudo-ARNs without a
# resource id) all become "account"; others the ARN's last segment (bucket, sg-…, user name).
ACCOUNT_LEVEL = re.compile(r"^arn:aws:[a-z0-9-]+:[a-z0-9-]*:\d*:(root|log-group|trail|recorder|password-policy|hub/unknown|analyzer|session)?$")

def tail(arn):
    return re.split(r"[/:]", arn)[-1]

def prowler_key(r):
    uid, name = r["RESOURCEID"], r["RESOURCENAME"]
    if name == account or ACCOUNT_LEVEL.match(uid):
        return "account"
    return tail(uid) if uid.startswith("arn:") else uid

# Meerkat judges some controls on the region (3.7: every VPC of the region) and names the
# resources at fault in the reasons: those ids count as failed resources too.
RESOURCE_ID = re.compile(r"\b(?:vpc|sg|acl|vol|i|subnet|snap|ami|eni|rtb)-[0-9a-f]{8,17}\b")

def meerkat_keys(r):
    if r["resource_type"] in ("AWS::Account", "AWS::Region") or r["resource_id"] == r["account_id"]:
        named = set(RESOURCE_ID.findall(r["reasons"])) if r["status"] == "FAIL" else set()
        return named or {"account"}
    return {tail(r["arn"]) if r["arn"] else r["resource_id"]}

p_fail, p_pass, p_checks = defaultdict(set), defaultdict(set), defaultdict(set)
for r in prowler_rows:
    if r["STATUS"] == "FAIL":
        p_fail[r["REQUIREMENTS_ID"]].add(prowler_key(r))
        p_checks[r["REQUIREMENTS_ID"]].add(r["CHECKID"])
    elif r["STATUS"] == "PASS":
        p_pass[r["REQUIREMENTS_ID"]].add(prowler_key(r))
m_fail, m_any, m_fail_checks = defaultdict(set), defaultdict(set), defaultdict(set)
for r in meerkat_rows:
    if r["status"] == "FAIL":
        for key in meerkat_keys(r):
            m_fail_checks[key].add(r["check_id"])
    for fc in filter(None, r["frameworks"].split(";")):
        framework, _, control = fc.partition(":")
        if framework != "cis-aws-3.0":
            continue
        m_any[control] |= meerkat_keys(r)
        if r["status"] == "FAIL":
            m_fail[control] |= meerkat_keys(r)

def mib(kb):
    return kb / 1024

print(f"## meerkat scan beside Prowler: seeded scale {size} + demo\n")
print("| tool | wall s | peak RSS MiB | own CPU s | API calls | moto CPU s | failing results | CIS 3.0 FAIL (control, resource) |")
print("|---|---|---|---|---|---|---|---|")
m_failing = sum(r["status"] == "FAIL" for r in meerkat_rows)
p_failing = sum(r["STATUS"] == "FAIL" for r in prowler_all_rows)
print(f"| meerkat scan | {m_wall:.1f} | {mib(m_rss):.0f} | {m_cpu:.1f} | {m_calls} | {m_moto:.1f} | {m_failing} of {len(meerkat_rows)} | {sum(map(len, m_fail.values()))} |")
print(f"| prowler | {p_wall:.1f} | {mib(p_rss):.0f} | {p_cpu:.1f} | {p_calls} | {p_moto:.1f} | {p_failing} of {len(prowler_all_rows)} | {sum(map(len, p_fail.values()))} |")
print(f"\nspeedup (prowler wall / meerkat wall): {p_wall / m_wall:.1f}x\n")

def sort_key(control):
    return [int(x) for x in control.split(".")]

def show(items, limit=12):
    items = sorted(items)
    more = f" … (+{len(items) - limit})" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more

print("| CIS 3.0 | Prowler FAIL | Meerkat FAIL | both | Prowler-only (gaps) | Meerkat-only |")
print("|---|---|---|---|---|---|")
gaps = []
for control in sorted(set(p_fail) | set(m_fail), key=sort_key):
    p, m = p_fail[control], m_fail[control]
    only_p, only_m = p - m, m - p
    print(f"| {control} | {len(p)} | {len(m)} | {len(p & m)} | {show(only_p, 6)} | {show(only_m, 6)} |")
    for key in sorted(only_p):
        # Meerkat's verdict on the same resource, if it judged it under this control.
        seen = "judged, not failed" if key in m_any[control] else "not judged under this control"
        if m_fail_checks[key] and key != "account":
            seen += "; failed by " + ",".join(sorted(m_fail_checks[key]))
        gaps.append((control, key, ",".join(sorted(p_checks[control])), seen))

total_p = sum(map(len, p_fail.values()))
total_both = sum(len(p_fail[c] & m_fail[c]) for c in p_fail)
print(f"\nProwler CIS 3.0 failures also failed by Meerkat: {total_both} of {total_p}")
print(f"Prowler-only CIS 3.0 failures (gaps to explain): {len(gaps)}, grouped:")
groups = defaultdict(list)
for control, key, checks, seen in gaps:
    groups[(control, checks, seen)].append(key)
for (control, checks, seen), keys in sorted(groups.items(), key=lambda g: sort_key(g[0][0])):
    print(f"  {control:6} {len(keys):4} × prowler {checks}; meerkat: {seen}: {show(keys, 4)}")
PY
