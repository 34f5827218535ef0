#!/usr/bin/env bash
# CloudTrail detection benchmark (issue 11): the same generated events and the same rules
# (every SigmaHQ AWS rule and Meerkat's built-in pack) through
#   - serde_json alone (the bare parse, into serde_json::Value),
#   - Meerkat's detect crate (crates/detect/examples/bench.rs): reader, evaluation,
#     correlations, identity baselines, on 1 and 2 worker threads; the `meerkat` CLI too if
#     a release binary is already built,
#   - the rsigma command-line tool 0.23.0 (the engine Meerkat wraps, with its own reader),
#   - pySigma 2 with its SQLite backend (rules → SQL, events loaded Zircolite-style),
# each measured for wall time, CPU seconds (user+sys) and peak RSS; then a markdown table,
# where Meerkat's time goes (parse / evaluate / correlate), which rules cost it (rule
# subsets), cheaper-parse prototypes, and whether the engines found the same matches.
# About 35 minutes on 2 cores and ~4.5 GB of temporary disk at the default size.
#
#   scripts/bench-detect.sh [EVENTS]        default 2000000 (~2.25 GB as JSON Lines, as much
#                                           again as delivery files; both in a temporary folder)
#
#   CORPUS=DIR         reuse a corpus written by `bench write DIR EVENTS` (kept afterwards)
#   SIGMA_AWS=DIR      the SigmaHQ AWS rules (default: shared/corpus/sigma-aws beside the repo)
#   SKIP="meerkat cli rsigma pysigma split attribution prototypes"   leave those parts out
#   MEERKAT=PATH       a release `meerkat` binary to time end to end as well (default: the one in
#                      ~/.cache/meerkat/target-release, if built; this script does not build it)
#   PYSIGMA_PARTS=N    pySigma reads the first N of the 8 parts (default 2: it is ~50x slower)
#   KEEP=1             keep the temporary folder (outputs, per-rule counts, logs)
#
# Two cores for the single-threaded tools (rsigma, pySigma) means two processes on halves of
# the corpus; for Meerkat, one process with two worker threads. Either way each half keeps its
# own correlation windows. Tools go to ~/.cache/meerkat (built or installed once).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
cache="$HOME/.cache/meerkat"
events="${1:-2000000}"
sigma="${SIGMA_AWS:-$repo_root/../shared/corpus/sigma-aws}"
builtin="$repo_root/rules/aws/cloudtrail"
skip=" ${SKIP:-} "
log() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------
log "building the bench example (release)"
# Other crates have a `bench` example too, and target/release/examples/bench is whichever
# was built last: take this one's own file (its hashed name) and copy it.
bench_built="$(CARGO_TARGET_DIR="$cache/target-bench" cargo build --locked --release -q -p meerkat-detect --example bench \
    --message-format=json | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "bench" and m.get("executable"):
        print(m["executable"])')"
rsigma="$cache/rsigma/bin/rsigma"
if [[ $skip != *" rsigma "* ]] && ! "$rsigma" --version 2>/dev/null | grep -q '0\.23\.0'; then
    log "installing rsigma 0.23.0 (a few minutes)"
    CARGO_TARGET_DIR="$cache/target-rsigma" cargo install -q rsigma --version 0.23.0 --locked --root "$cache/rsigma"
fi
venv="$cache/pysigma-venv"
if [[ $skip != *" pysigma "* ]] && ! "$venv/bin/python" -c 'import sigma.backends.sqlite' 2>/dev/null; then
    log "installing pySigma 2.0.1 and pysigma-backend-sqlite 2.1.1 into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'pySigma==2.0.1' 'pysigma-backend-sqlite==2.1.1'
fi

# --- corpus and rules --------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/meerkat-bench-detect.XXXXXX")"
[ "${KEEP:-}" = 1 ] && log "outputs kept in $work" || trap 'rm -rf "$work"' EXIT
bench="$work/bench"
cp "$bench_built" "$bench"
corpus="${CORPUS:-$work/corpus}"
if [ -z "${CORPUS:-}" ]; then
    log "writing $events events to $corpus"
    "$bench" write "$corpus" "$events" 8 >&2
fi
parts=("$corpus"/jsonl/*.jsonl)
half=$((${#parts[@]} / 2))
first=("${parts[@]:0:half}")
second=("${parts[@]:half}")
events="$(cat "${parts[@]}" | wc -l)"
bytes="$(cat "${parts[@]}" | wc -c)"
# One folder of rule files for the tools that take one: the SigmaHQ folders as they are and
# the built-in pack's *.yml (its *.cases.yaml are test cases, not rules).
mkdir -p "$work/rules/builtin"
ln -s "$sigma/rules" "$sigma/rules-placeholder" "$sigma/unsupported" "$work/rules/"
ln -s "$builtin"/*.yml "$work/rules/builtin/"
# The placeholder values Meerkat's bench and the pySigma runner use, as an rsigma pipeline.
cat >"$work/placeholders.yml" <<'YAML'
name: placeholders
vars:
  Legitimate_Countries: [NL]
  Legitimate_IP_Ranges: ["198.51.100.*"]
transformations:
  - id: placeholders
    type: value_placeholders
YAML

# --- measuring ---------------------------------------------------------------------------
rows="$work/rows.md"
: >"$rows"
# row LABEL THREADS EVENTS MATCHES WALL CPU RSS_KB
row() {
    awk -v l="$1" -v t="$2" -v e="$3" -v m="$4" -v w="$5" -v c="$6" -v r="$7" 'BEGIN {
        printf "| %s | %s | %s | %.1f | %\047d | %.1f | **%\047d** | %d |\n", l, t, m, w, e / w, c, e / c, r / 1024 }' >>"$rows"
    tail -n 1 "$rows" >&2
}
# timed NAME CMD…: runs CMD under time(1), stdout to $work/NAME.out; sets WALL CPU RSS.
timed() {
    local name="$1"
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
        log "$name failed:"
        tail -n 20 "$work/$name.err" >&2
        return 1
    }
    read -r WALL user sys RSS < <(tail -n 1 "$work/$name.time")
    CPU="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
}
# result FILE KEY: a key=value of the RESULT line.
result() { grep '^RESULT' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

meerkat_run() { # LABEL MODE THREADS PATH
    local name="meerkat-$2-$3-$(basename "$4")"
    BENCH_COUNTS="$work/$name.counts" timed "$name" "$bench" run "$2" "$3" "$4" "$sigma" "$builtin"
    row "$1" "$3" "$(result "$work/$name.out" events)" "$(result "$work/$name.out" matches)" "$WALL" "$CPU" "$RSS"
}

log "measuring on $events events ($bytes bytes of JSON Lines)"
if [[ $skip != *" meerkat "* ]]; then
    meerkat_run 'serde_json → Value, per JSON line (bare parse)' value 1 "$corpus/jsonl"
    meerkat_run 'serde_json → Value, per JSON line (bare parse)' value 2 "$corpus/jsonl"
    meerkat_run 'serde_json → Value, whole delivery file' value 1 "$corpus/delivery"
    meerkat_run 'Meerkat reader only, JSON Lines' parse 1 "$corpus/jsonl"
    meerkat_run 'Meerkat reader only, delivery files' parse 1 "$corpus/delivery"
    meerkat_run 'Meerkat parse + evaluate (no correlations)' evaluate 1 "$corpus/jsonl"
    meerkat_run 'Meerkat parse + evaluate (no correlations)' evaluate 2 "$corpus/jsonl"
    meerkat_run '**Meerkat parse + evaluate + correlate**' process 1 "$corpus/jsonl"
    meerkat_run '**Meerkat parse + evaluate + correlate**' process 2 "$corpus/jsonl"
    meerkat_run 'Meerkat parse + evaluate + correlate, delivery files' process 1 "$corpus/delivery"
    meerkat_run 'Meerkat parse + identity baselines' baseline 1 "$corpus/jsonl"
    meerkat_run '**Meerkat full: parse + evaluate + correlate + baselines**' full 1 "$corpus/jsonl"
    meerkat_run '**Meerkat full: parse + evaluate + correlate + baselines**' full 2 "$corpus/jsonl"
fi
rules_summary="$(grep -h '^rules:' "$work"/meerkat-process-1-jsonl.out 2>/dev/null | head -n 1 || true)"

# The CLI end to end (reader, rules, baselines with their default learning period, findings
# into its SQLite store), when a release binary is there: MEERKAT=path, or the usual release
# target folder. Its embedded pack is whatever it was built with, so it is given the same
# rule folders as the rest instead (--no-builtin).
meerkat="${MEERKAT:-$cache/target-release/release/meerkat}"
if [ -x "$meerkat" ] && [[ $skip != *" cli "* ]]; then
    printf 'Legitimate_Countries: [NL]\nLegitimate_IP_Ranges: ["198.51.100.*"]\n' >"$work/placeholder-values.yml"
    if timed meerkat-cli "$meerkat" --db "$work/meerkat.db" detect cloudtrail "$corpus/jsonl" --no-builtin \
        --rules "$sigma" --rules "$builtin" --placeholders "$work/placeholder-values.yml"; then
        row "\`meerkat detect cloudtrail\` (release binary, $(date -r "$meerkat" -u '+built %Y-%m-%d %H:%M UTC'))" 1 \
            "$events" "$(grep -o '^[0-9]* match' "$work/meerkat-cli.out" | grep -o '[0-9]*')" "$WALL" "$CPU" "$RSS"
        log "meerkat: $(grep '^Rules:' "$work/meerkat-cli.out")"
    fi
    rm -f "$work/meerkat.db"
    # The same without the reorder buffer (default: one minute of event time held back).
    if timed meerkat-cli-0 "$meerkat" --db "$work/meerkat.db" detect cloudtrail "$corpus/jsonl" --no-builtin \
        --rules "$sigma" --rules "$builtin" --placeholders "$work/placeholder-values.yml" --allowed-lateness 0; then
        row "the same, \`--allowed-lateness 0\`" 1 \
            "$events" "$(grep -o '^[0-9]* match' "$work/meerkat-cli-0.out" | grep -o '[0-9]*')" "$WALL" "$CPU" "$RSS"
    fi
    rm -f "$work/meerkat.db"
fi

if [[ $skip != *" rsigma "* ]]; then
    # rsigma reads NDJSON from standard input, one process per core. Its flags mirror the
    # Meerkat rule set's configuration: eventTime is the clock, one alert per group per hour,
    # event references (not bodies) kept, no output for rules that only feed a correlation.
    rsigma_args=(engine eval -r "$work/rules" -p "$work/placeholders.yml" --timestamp-field eventTime --suppress 1h
        --correlation-event-mode refs --max-correlation-events 20 --no-detections)
    # (stdin by process substitution, not a pipe: timed must run in this shell to set its figures)
    timed rsigma-1 "$rsigma" "${rsigma_args[@]}" < <(cat "${parts[@]}")
    row '**rsigma 0.23.0 CLI** (`engine eval`, NDJSON on stdin)' 1 "$events" "$(wc -l <"$work/rsigma-1.out")" "$WALL" "$CPU" "$RSS"
    start=$(date +%s.%N)
    (timed rsigma-2a "$rsigma" "${rsigma_args[@]}" < <(cat "${first[@]}") && echo "$CPU $RSS" >"$work/rsigma-2a.sum") &
    (timed rsigma-2b "$rsigma" "${rsigma_args[@]}" < <(cat "${second[@]}") && echo "$CPU $RSS" >"$work/rsigma-2b.sum") &
    wait
    wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
    read -r cpu rss < <(cat "$work"/rsigma-2?.sum | awk '{ c += $1; if ($2 > r) r = $2 } END { print c, r }')
    row '**rsigma 0.23.0 CLI**, two processes on halves' 2 "$events" "$(cat "$work"/rsigma-2?.out | wc -l)" "$wall" "$cpu" "$rss"
fi

if [[ $skip != *" pysigma "* ]]; then
    # pySigma runs ~50 times slower: by default on the first quarter of the corpus (two of
    # the eight parts), the two-process figure on one part each. Per-event cost only grows
    # with the table (every query is a scan), so the rate is if anything flattering.
    py_parts=("${parts[@]:0:${PYSIGMA_PARTS:-2}}")
    py_half=$((${#py_parts[@]} / 2))
    py_first=("${py_parts[@]:0:py_half}")
    py_second=("${py_parts[@]:py_half}")
    py_events="$(cat "${py_parts[@]}" | wc -l)"
    rule_list="$sigma/rules,$sigma/rules-placeholder,$sigma/unsupported,$builtin"
    pysigma=("$venv/bin/python" scripts/bench-detect-pysigma.py)
    timed pysigma-1 "${pysigma[@]}" --counts "$work/pysigma-1.counts" "$rule_list" "${py_parts[@]}"
    row "**pySigma 2.0.1 + SQLite backend 2.1.1** (load + queries, in-memory table), $py_events events" 1 "$py_events" "$(result "$work/pysigma-1.out" matches)" "$WALL" "$CPU" "$RSS"
    start=$(date +%s.%N)
    (timed pysigma-2a "${pysigma[@]}" "$rule_list" "${py_first[@]}" && echo "$CPU $RSS" >"$work/pysigma-2a.sum") &
    (timed pysigma-2b "${pysigma[@]}" "$rule_list" "${py_second[@]}" && echo "$CPU $RSS" >"$work/pysigma-2b.sum") &
    wait
    wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
    read -r cpu rss < <(cat "$work"/pysigma-2?.sum | awk '{ c += $1; if ($2 > r) r = $2 } END { print c, r }')
    matches=$(($(result "$work/pysigma-2a.out" matches) + $(result "$work/pysigma-2b.out" matches)))
    row "**pySigma + SQLite**, two processes on halves of $py_events events" 2 "$py_events" "$matches" "$wall" "$cpu" "$rss"
    # Meerkat on the same subset, for the per-rule comparison.
    mkdir -p "$work/pysigma-events"
    ln -s "${py_parts[@]}" "$work/pysigma-events/"
    BENCH_COUNTS="$work/meerkat-pysigma-events.counts" "$bench" run process 1 "$work/pysigma-events" "$sigma" "$builtin" >/dev/null
fi

echo
echo "$events events, $((bytes / events)) bytes each as JSON Lines ($(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 2^30 }') GiB); Meerkat $rules_summary"
echo
echo '| what | threads/processes | matches | wall s | events/s wall | CPU s | events per CPU-second | peak RSS MiB |'
echo '| --- | --- | --- | --- | --- | --- | --- | --- |'
cat "$rows"
if [[ $skip != *" pysigma "* ]]; then
    echo
    echo "pySigma split (one process): $(grep '^RESULT' "$work/pysigma-1.out" | cut -d' ' -f2-)"
fi

# --- where Meerkat's time goes ------------------------------------------------------------
if [[ $skip != *" split "* ]]; then
    for mode in parse eval-only process-only; do
        "$bench" run "$mode" 1 "$corpus/jsonl" "$sigma" "$builtin" >"$work/split-$mode.out"
    done
    awk -v e="$events" '
        FNR == 1 { file++ }
        /^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "cpu") cpu[file] = kv[2] } }
        END {
            parse = cpu[1]; eval = cpu[2]; corr = cpu[3] - cpu[2]; total = parse + cpu[3]
            print ""
            print "| stage (one thread, CPU of the worker only) | µs per event | share | events per CPU-second alone |"
            print "| --- | --- | --- | --- |"
            printf "| read + parse (reader, `Value`, checks) | %.2f | %.0f %% | %\047d |\n", parse / e * 1e6, parse / total * 100, e / parse
            printf "| evaluate (detections, `Match` building) | %.2f | %.0f %% | %\047d |\n", eval / e * 1e6, eval / total * 100, e / eval
            printf "| correlate (windows) | %.2f | %.0f %% | %\047d |\n", corr / e * 1e6, corr / total * 100, e / corr
            printf "| total | %.2f | | %\047d |\n", total / e * 1e6, e / total
        }' "$work/split-parse.out" "$work/split-eval-only.out" "$work/split-process-only.out"
fi

# --- which rules cost: the same runs on rule subsets, first part of the corpus ------------
if [[ $skip != *" attribution "* ]]; then
    enum_rule="$builtin/api_enumeration_burst.yml"
    noisy_rule="$(grep -rl '^title: AWS STS AssumeRole Misuse' "$sigma" | head -n 1)"
    mkdir -p "$work/subsets/builtin-no-enum" "$work/subsets/sigma-no-noisy"
    for f in "$builtin"/*.yml; do [ "$f" = "$enum_rule" ] || ln -s "$f" "$work/subsets/builtin-no-enum/"; done
    (cd "$sigma" && find . -name '*.yml') | while read -r f; do
        [ "$sigma/${f#./}" = "$noisy_rule" ] && continue
        mkdir -p "$work/subsets/sigma-no-noisy/$(dirname "$f")"
        ln -s "$sigma/${f#./}" "$work/subsets/sigma-no-noisy/$f"
    done
    part="${parts[0]}"
    part_events="$(wc -l <"$part")"
    echo
    echo "| rules (one thread, $part_events events, µs per event, CPU of the worker) | evaluate only | evaluate + correlate |"
    echo '| --- | --- | --- |'
    subset() { # LABEL DIR…
        local label="$1" e p
        shift
        e=$("$bench" run eval-only 1 "$part" "$@" | awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "cpu") print kv[2] } }')
        p=$("$bench" run process-only 1 "$part" "$@" | awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "cpu") print kv[2] } }')
        awk -v l="$label" -v n="$part_events" -v e="$e" -v p="$p" 'BEGIN { printf "| %s | %.2f | %.2f |\n", l, e / n * 1e6, p / n * 1e6 }'
    }
    subset 'all (SigmaHQ + built-in pack)' "$sigma" "$builtin"
    subset 'SigmaHQ only' "$sigma"
    subset 'built-in pack only' "$builtin"
    subset 'all but `api_enumeration_burst` (one value_count correlation)' "$sigma" "$work/subsets/builtin-no-enum"
    subset 'all but SigmaHQ `AWS STS AssumeRole Misuse` (matches every assumed-role call)' "$work/subsets/sigma-no-noisy" "$builtin"
fi

# --- a cheaper parse: prototypes in the bench example -------------------------------------
if [[ $skip != *" prototypes "* ]]; then
    echo
    echo '| prototype (one thread, JSON Lines, CPU of the worker only) | events per CPU-second | µs per event | matches |'
    echo '| --- | --- | --- | --- |'
    for mode in value lex lean engine-json engine-lean; do
        case $mode in
            value) label='`serde_json::Value` per line (today'"'"'s parse)' ;;
            lex) label='serde_json scan only (`IgnoredAny`): the floor for any serde_json parse' ;;
            lean) label='lean borrowed tree (strings borrowed, objects as pair vectors)' ;;
            engine-json) label='bare rsigma `Engine` over `Value` + `JsonEvent` (detections only)' ;;
            engine-lean) label='bare rsigma `Engine` over the lean tree (same matches)' ;;
        esac
        BENCH_COUNTS="$work/proto-$mode.counts" "$bench" run "$mode" 1 "$corpus/jsonl" "$sigma" "$builtin" >"$work/proto-$mode.out"
        awk -v l="$label" -v e="$events" '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            printf "| %s | %\047d | %.2f | %s |\n", l, e / v["cpu"], v["cpu"] / e * 1e6, v["matches"] }' "$work/proto-$mode.out"
    done
    cmp -s "$work/proto-engine-json.counts" "$work/proto-engine-lean.counts" \
        && echo $'\nThe two engine prototypes found the same matches, rule by rule.' \
        || echo $'\n**The two engine prototypes disagree**: compare proto-engine-*.counts (KEEP=1).'
fi

# --- do the engines agree? ------------------------------------------------------------------
python3 - "$work" <<'PY'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
def counts(name):
    path = work / name
    if not path.exists():
        return None
    return {k: int(v) for k, v in (line.rsplit("\t", 1) for line in path.read_text().splitlines() if line)}
def compare(what, tools):
    tools = {name: tool for name, tool in tools.items() if tool is not None}
    if len(tools) < 2:
        return
    titles = sorted(set().union(*(t.keys() for t in tools.values())))
    differ = [t for t in titles if len({tool.get(t, 0) for tool in tools.values()}) > 1]
    print(f"\nMatches per rule title, {what}: {len(titles)} rules fired in at least one tool, "
          f"{len(titles) - len(differ)} with the same count in each; the others:\n")
    print("| rule | " + " | ".join(tools) + " |")
    print("| --- |" + " --- |" * len(tools))
    for t in differ:
        print(f"| {t} | " + " | ".join(str(tool.get(t, 0)) for tool in tools.values()) + " |")
if (work / "rsigma-1.out").exists():
    rs = {}
    for line in (work / "rsigma-1.out").open():
        title = json.loads(line).get("rule_title", "?")
        rs[title] = rs.get(title, 0) + 1
    compare("whole corpus, one process", {"Meerkat": counts("meerkat-process-1-jsonl.counts"), "rsigma CLI": rs})
if (work / "pysigma-1.counts").exists():
    compare("pySigma's events, one process",
            {"Meerkat": counts("meerkat-pysigma-events.counts"), "pySigma": counts("pysigma-1.counts")})
PY
