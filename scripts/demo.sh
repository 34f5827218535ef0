#!/usr/bin/env bash
# Meerkat end to end against a local AWS emulator: build a small realistic account,
# discover it, change it, discover again, and look at the inventory, its history and
# what could not be assessed. Needs only Rust and python3; installs moto into .venv.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/meerkat/target}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '\033[2m$ %s\033[0m\n' "$*"; }

step "Installing the emulator and building meerkat"
moto_server="$(scripts/setup-emulator.sh)"
python="$(dirname "$moto_server")/python"
cargo build --locked --quiet -p meerkat-cli
meerkat="$CARGO_TARGET_DIR/debug/meerkat"

work="$(mktemp -d)"
port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
MOTO_IAM_LOAD_MANAGED_POLICIES=true "$moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true; rm -rf "$work"' EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$endpoint/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export MEERKAT_DB="$work/meerkat.db"
m() { show "meerkat $*"; "$meerkat" "$@"; }

step "Building a small shop's AWS account in the emulator (two regions)"
"$python" scripts/seed_account.py --endpoint "$endpoint" demo >"$work/seed.json"
web_sg="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["web_security_group"])' "$work/seed.json")"

step "Discover: every resource, through the AWS APIs (exit 3 = some scopes not assessed)"
m discover --endpoint-url "$endpoint" --regions us-east-1,eu-west-1 --max-attempts 1 || [ $? -eq 3 ]

step "Inventory: security groups, and everything Alice owns"
m inventory --type AWS::EC2::SecurityGroup --region us-east-1
m inventory --tag Owner=alice

step "One resource as a configuration item (JSON)"
show "meerkat inventory --type AWS::S3::Bucket -f jsonl | grep shop-public-assets"
"$meerkat" inventory --type AWS::S3::Bucket -f jsonl | grep '"shop-public-assets"' >"$work/bucket.json"
# Through a file, not a pipe into head: head closing early would fail the pipeline.
"$python" -m json.tool "$work/bucket.json" >"$work/bucket.pretty.json"
head -n 40 "$work/bucket.pretty.json"
echo "    ..."

step "Posture: judge every resource against the check pack (CIS AWS 3.0, NIST 800-53, PCI DSS)"
m scan --no-discover || [ $? -eq 3 ]
show "meerkat scan --no-discover --format html > report.html"
"$meerkat" scan --no-discover --format html >"$work/report.html" || [ $? -eq 3 ]
echo "A single-file HTML report: $(wc -c <"$work/report.html") bytes (open it in a browser; it is deleted at the end of the demo)"

step "Detect: suspicious activity in the account's CloudTrail bucket (Sigma rules, identity baselines, threat intel)"
# Two weeks of the account's audit trail as CloudTrail delivers it to S3 (gzipped JSON,
# one file per day): ordinary work, then a day with a stopped trail, root and MFA-less
# sign-ins, a password-guessing burst, a key made for another user, and one malformed
# record (reported and skipped, so the run exits 3). Meerkat reads the bucket, remembers
# which files it has read, and keeps correlation windows and each principal's baseline
# in its database: the two weeks teach the baselines what is usual, so the attacker's
# new address for deploy-bot's long-lived key stands out. The seed also writes a tiny
# Tor-exit list (FireHOL netset): --intel makes each listed sign-in an intel finding and
# raises the other findings of the same principal one step. The SigmaHQ corpus lives
# outside the repository (add it with --rules DIR); the built-in pack is in the binary.
"$python" scripts/seed_account.py cloudtrail "$work/cloudtrail.json.gz" --history-days 14 >/dev/null
"$python" scripts/seed_account.py --endpoint "$endpoint" upload-trail org-trail "$work"/cloudtrail.json.gz.history-*.json.gz "$work/cloudtrail.json.gz" >/dev/null
m detect cloudtrail s3://org-trail/AWSLogs/ --endpoint-url "$endpoint" --max-attempts 1 \
  --intel "tor-exits:tor-exit=$work/cloudtrail.json.gz.intel.netset" || [ $? -eq 3 ]
step "The next run reads only what CloudTrail delivered since (nothing, here)"
m detect cloudtrail s3://org-trail/AWSLogs/ --endpoint-url "$endpoint" --max-attempts 1

before_drift="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
sleep 1
step "An hour later: someone opens SSH to the world, an instance and a bucket are gone"
"$python" scripts/seed_account.py --endpoint "$endpoint" drift >/dev/null
m discover --endpoint-url "$endpoint" --regions us-east-1,eu-west-1 --max-attempts 1 || [ $? -eq 3 ]

step "History of the web security group, with what changed"
m history "$web_sg" --diff

step "The new SSH rule is a finding; the terminated instance's findings are resolved"
m scan --no-discover --fail-on high || echo "(exit $? — what a CI gate on --fail-on high sees)"
m findings --status resolved

step "The inventory as it was before the change, and what has been deleted since"
m inventory --type AWS::S3::Bucket --as-of "$before_drift"
m inventory --type AWS::EC2::Instance --include-deleted

step "Coverage: what could not be read is never reported as absent"
m coverage --not-assessed || [ $? -eq 3 ]
