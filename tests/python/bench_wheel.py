"""The Rust IrisRefang against its pure-Python twin, through `hooks_handler` as IRIS calls it inline,
in the same run, in the strict test IRIS (its services must be up: see .ci/services.sh): 10,000
IOCs (IRIS's ORM objects, loaded from PostgreSQL) per call, one IOC per call, an empty call
(the bridge's fixed cost), and notes whose text the module scans for indicators (where the work
itself is done in Rust). Rounds are interleaved; the median of each is reported.

    python bench_wheel.py [--rounds N] [--quiet-logs]
"""

import argparse
import gc
import logging
import statistics
import sys
import time

import conftest  # noqa: F401  (puts the test IRIS on the path)
import iris_routes
from app import app, db, post_init
from app.models.models import Ioc, Notes
from sqlalchemy import insert

RUST, PYTHON = "iris_refang_module", "iris_refang_py"


def iocs(count, defanged):
    """`count` IOCs as IRIS passes them: persistent objects loaded by a query (columns loaded,
    relationships lazy), with half of their values defanged when `defanged`."""
    db.session.query(Ioc).delete()
    types = [iris_routes.ioc_type(name).type_id for name in ("domain", "ip-dst")]
    rows = [{"ioc_id": i + 1, "ioc_type_id": types[i % 2], "ioc_tags": "seed", "ioc_tlp_id": 1, "user_id": 1,
             "ioc_description": "imported from the SIEM",
             "ioc_value": f"host{i}[.]Example[.]org" if defanged and i % 2 == 0 else f"host{i}.example.org"}
            for i in range(count)]
    if rows:
        db.session.execute(insert(Ioc), rows)  # one statement: the rows are setup, not what is timed
    db.session.commit()
    db.session.expunge_all()
    return db.session.query(Ioc).order_by(Ioc.ioc_id).all()


PARAGRAPH = (
    "At {h}:{m:02} the implant on WKS-{i:04} resolved update-{i}[.]cdn-edge[.]example and fetched "
    "hxxps://update-{i}[.]cdn-edge[.]example/assets/{i}/payload.bin from 198[.]51[.]100[.]{o}. "
    "The dropper (sha256 {sha}) wrote a scheduled task; the operator then mailed "
    "finance-{i}[at]victim-corp[.]example from an external account. Lateral movement used SMB "
    "towards 10.20.{o}.{p}, and the analyst noted that the same infrastructure appeared in the "
    "previous quarter's report, section 4.{o}, with beacons every 60 seconds over TLS 1.2.\n\n"
)


def report(index, paragraphs):
    """A pasted threat report: prose with defanged and plain indicators, about 500 bytes a
    paragraph."""
    return "".join(PARAGRAPH.format(h=(index + k) % 24, m=k % 60, i=index * 100 + k, o=k % 250,
                                    p=(index + k) % 250, sha=f"{index * 7919 + k:064x}")
                   for k in range(paragraphs))


def notes(count, paragraphs):
    """`count` notes as IRIS passes them, each holding a `paragraphs`-paragraph report."""
    db.session.query(Notes).delete()
    db.session.execute(insert(Notes), [{"note_id": i + 1, "note_title": f"Report {i}", "note_user": 1,
                                        "note_case_id": 1, "note_content": report(i, paragraphs)}
                                       for i in range(count)])
    db.session.commit()
    db.session.expunge_all()
    return db.session.query(Notes).order_by(Notes.note_id).all()


def time_call(instance, hook, data):
    start = time.perf_counter()
    status = instance.hooks_handler(hook, None, data=data)
    elapsed = time.perf_counter() - start
    assert status.is_success(), status.get_message()
    instance.message_queue.clear()  # as if each call had a fresh instance, as in IRIS
    return elapsed


def main():
    with app.app_context():
        post_init.create_schema()
        post_init.reset()
        with iris_routes.request():
            run()


def run():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--quiet-logs", action="store_true",
                        help="log at WARNING, so that neither module pays for its log lines")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.WARNING if args.quiet_logs else logging.INFO)
    # Both are registered under the same human name (the twin's is IrisRefang too): the stored
    # configuration is the defaults, the same for both.
    iris_routes.register_module(RUST)

    ioc_hook, note_hook = "on_postload_ioc_create", "on_postload_note_update"
    cases = [
        (f"{args.count:,} IOCs, half defanged (changed and logged)", ioc_hook,
         lambda: iocs(args.count, True)),
        (f"{args.count:,} IOCs, none defanged (read only)", ioc_hook,
         lambda: iocs(args.count, False)),
        ("1 IOC, defanged", ioc_hook, lambda: iocs(1, True)),
        ("empty call (fixed cost per call)", ioc_hook, lambda: []),
        ("100 notes of 40 KB, indicators listed (work in the module)", note_hook,
         lambda: notes(100, 80)),
        ("1,000 notes of 2 KB, indicators listed (work in the module)", note_hook,
         lambda: notes(1000, 4)),
    ]
    rows = []
    for name, hook, make in cases:
        samples = {RUST: [], PYTHON: []}
        for round_ in range(args.rounds):
            order = (RUST, PYTHON) if round_ % 2 == 0 else (PYTHON, RUST)
            for package in order:
                instance, _ = iris_routes.instantiate_module_from_name(package)
                data = make()
                repeat = 1 if len(data) > 1 else 500
                total = 0.0
                for index in range(repeat):
                    # Each batch is made right before its call: making the next one replaces the
                    # rows (and detaches the objects) of the last.
                    batch = data if index == 0 else (make() if data else [])
                    gc.collect()
                    gc.disable()
                    try:
                        total += time_call(instance, hook, batch)
                    finally:
                        gc.enable()
                samples[package].append(total / repeat)
        rust, python = statistics.median(samples[RUST]), statistics.median(samples[PYTHON])
        rows.append((name, rust, python))

    unit = lambda s: f"{s * 1e3:.2f} ms" if s >= 1e-3 else f"{s * 1e6:.1f} µs"
    print(f"Python {sys.version.split()[0]}, median of {args.rounds} interleaved rounds")
    print("| case | Rust (wheel) | pure Python | Rust / Python |")
    print("|---|---|---|---|")
    for name, rust, python in rows:
        print(f"| {name} | {unit(rust)} | {unit(python)} | {rust / python:.2f} |")
    for name, rust, python in rows[:2]:
        per_object = (rust - python) / args.count * 1e6
        print(f"per-IOC difference, {name}: {per_object:+.2f} µs (Rust minus Python)")
    empty = rows[3]
    print(f"per-call difference (empty call): {(empty[1] - empty[2]) * 1e6:+.1f} µs (Rust minus Python)")


if __name__ == "__main__":
    main()
