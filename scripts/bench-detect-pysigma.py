#!/usr/bin/env python3
"""pySigma 2 + its SQLite backend over CloudTrail JSON Lines, end to end, for
scripts/bench-detect.sh.

    bench-detect-pysigma.py [--db PATH] [--counts FILE] RULES_DIR[,RULES_DIR…] JSONL…

Converts the rules to SQL (pySigma, sqlite backend, Zircolite output so that
correlations come with their execution plan), loads the events into one table the
way Zircolite does (nested objects flattened to dotted column names, arrays kept as
JSON text, every column TEXT COLLATE NOCASE; a new field adds a column), then runs
every detection query (all rows fetched) and every correlation plan. Prints one line

    RESULT convert=… load=… query=… cpu=… wall=… events=… matches=… rules=… correlations=… rejected=…

where load, query, cpu and wall exclude the rule conversion (reported as convert,
like Meerkat's rule loading); cpu is this process's user+system seconds. The
database is in memory unless --db names a file.
"""

import argparse
import json
import re
import resource
import sqlite3
import sys
import time
import uuid
from pathlib import Path

from sigma.backends.sqlite import sqliteBackend
from sigma.backends.sqlite.runtime import ensure_fields, execute_plan
from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaError
import yaml
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import ValueListPlaceholderTransformation

PLACEHOLDERS = {"Legitimate_Countries": ["NL"], "Legitimate_IP_Ranges": ["198.51.100.*"]}
BATCH = 5000


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def flatten(value, prefix, out):
    for key, item in value.items():
        name = prefix + key
        if isinstance(item, dict):
            flatten(item, name + ".", out)
        elif isinstance(item, list):
            out[name] = json.dumps(item)
        elif isinstance(item, bool):
            out[name] = "true" if item else "false"
        else:
            out[name] = item


def quote(name):
    return "`" + name.replace("`", "``") + "`"


def load(connection, paths):
    """Creates table logs and loads every record; returns the record count."""
    columns = []  # in table order
    known = set()
    connection.execute("CREATE TABLE logs (row_id INTEGER PRIMARY KEY)")
    insert = None
    batch = []
    count = 0

    def flush():
        if batch:
            connection.executemany(insert, [tuple(row.get(c) for c in columns) for row in batch])
            batch.clear()

    for path in paths:
        with open(path, "rb") as lines:
            for line in lines:
                if not line.strip():
                    continue
                row = {}
                flatten(json.loads(line), "", row)
                new = [name for name in row if name.lower() not in known]
                if new:
                    flush()
                    for name in new:
                        connection.execute(f"ALTER TABLE logs ADD COLUMN {quote(name)} TEXT COLLATE NOCASE")
                        columns.append(name)
                        known.add(name.lower())
                    insert = (
                        f"INSERT INTO logs ({', '.join(map(quote, columns))}) "
                        f"VALUES ({', '.join('?' * len(columns))})"
                    )
                batch.append(row)
                count += 1
                if len(batch) == BATCH:
                    flush()
    flush()
    connection.commit()
    return count


def load_rules(dirs):
    """Every *.yml under dirs. pySigma wants rule ids to be UUIDs and looks other
    references up by `name`; Meerkat's built-in pack uses readable ids, so a non-UUID
    id is given to pySigma as the rule's name. A correlation whose rules cannot be
    found is dropped (and counted), not fatal."""
    collections = []
    for path in sorted(p for d in dirs for p in Path(d).rglob("*.yml")):
        docs = list(yaml.safe_load_all(path.read_text()))
        for doc in docs:
            if isinstance(doc, dict) and "id" in doc:
                try:
                    uuid.UUID(str(doc["id"]))
                except ValueError:
                    doc.setdefault("name", doc.pop("id"))
        collections.append(SigmaCollection.from_dicts(docs, collect_errors=True, resolve_references=False))
    merged = SigmaCollection.merge(collections)
    kept, rejected = [], 0
    for rule in merged.rules:
        if rule.errors:
            rejected += 1
            continue
        if isinstance(rule, SigmaCorrelationRule):
            try:
                rule.resolve_rule_references(merged)
            except SigmaError:
                rejected += 1
                continue
            if any(ref.rule.errors for ref in rule.rules):
                rejected += 1
                continue
        kept.append(rule)
    return SigmaCollection(kept), rejected


def regexp(pattern, value, cache={}):
    if value is None:
        return False
    compiled = cache.get(pattern)
    if compiled is None:
        compiled = cache[pattern] = re.compile(pattern)
    return compiled.search(str(value)) is not None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=":memory:")
    parser.add_argument("--counts")
    parser.add_argument("rules")
    parser.add_argument("events", nargs="+")
    args = parser.parse_args()

    wall0, cpu0 = time.perf_counter(), cpu()
    rules, unresolved = load_rules(args.rules.split(","))
    pipeline = ProcessingPipeline(
        name="placeholders",
        items=[ProcessingItem(ValueListPlaceholderTransformation(), identifier="placeholders")],
        vars=PLACEHOLDERS,
    )
    backend = sqliteBackend(pipeline, collect_errors=True, timestamp_field="eventTime")
    converted = json.loads(backend.convert(rules, "zircolite"))
    rejected = len(backend.errors) + unresolved
    convert = cpu() - cpu0

    wall1, cpu1 = time.perf_counter(), cpu()
    connection = sqlite3.connect(args.db)
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    connection.create_function("regexp", 2, regexp, deterministic=True)
    events = load(connection, args.events)
    cpu2 = cpu()

    matches, counts, detections, correlations, failed = 0, {}, 0, 0, 0
    for rule in converted:
        key = rule["title"]
        try:
            if rule.get("correlation"):
                rows, _ = execute_plan(connection, rule["correlation_plan"], include_events=False)
                correlations += 1
            else:
                # Zircolite's step: a field no event has is a NULL column, not an error.
                ensure_fields(connection, {"logs": rule["required_fields"]})
                for sql in rule["rule"]:
                    rows = connection.execute(sql).fetchall()
                detections += 1
        except (sqlite3.Error, ValueError) as error:
            failed += 1
            print(f"query failed: {key}: {error}", file=sys.stderr)
            continue
        if rows:
            counts[key] = counts.get(key, 0) + len(rows)
            matches += len(rows)
    cpu3, wall3 = cpu(), time.perf_counter()
    if args.counts:
        with open(args.counts, "w") as out:
            for key in sorted(counts):
                out.write(f"{key}\t{counts[key]}\n")
    print(
        f"RESULT convert={convert:.3f} load={cpu2 - cpu1:.3f} query={cpu3 - cpu2:.3f} "
        f"cpu={cpu3 - cpu1:.3f} wall={wall3 - wall1:.3f} events={events} matches={matches} "
        f"rules={detections} correlations={correlations} rejected={rejected + failed}"
    )


if __name__ == "__main__":
    main()
