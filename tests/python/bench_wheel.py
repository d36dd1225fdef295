"""The Rust IrisRefang against its pure-Python twin, through `hooks_handler` as IRIS calls it, in
the same run: 10,000 IOCs (SQLAlchemy model instances) per call, one IOC per call, and an empty
call (the bridge's fixed cost). Rounds are interleaved; the median of each is reported.

    python bench_wheel.py [--rounds N] [--markdown]
"""

import argparse
import gc
import logging
import statistics
import sys
import time

import conftest  # noqa: F401  (puts the stand-in IRIS on the path)
import iris_loader
import iris_models
from app import state

RUST, PYTHON = "iris_refang_module", "iris_refang_py"


def iocs(session, count, defanged):
    """`count` IOCs as IRIS passes them: persistent objects loaded by a query (columns loaded,
    relationships lazy), with half of their values defanged when `defanged`."""
    session.query(iris_models.Ioc).delete()
    for i in range(count):
        value = f"host{i}[.]Example[.]org" if defanged and i % 2 == 0 else f"host{i}.example.org"
        session.add(iris_models.Ioc(ioc_id=i + 1, ioc_value=value, ioc_type_id=1 + i % 2,
                                    ioc_tags="seed", ioc_tlp_id=1, user_id=1,
                                    ioc_description="imported from the SIEM"))
    session.commit()
    session.expunge_all()
    return session.query(iris_models.Ioc).order_by(iris_models.Ioc.ioc_id).all()


def time_call(instance, data):
    start = time.perf_counter()
    status = instance.hooks_handler("on_postload_ioc_create", None, data=data)
    elapsed = time.perf_counter() - start
    assert status.is_success(), status.get_message()
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.INFO)
    for package in (RUST, PYTHON):
        iris_loader.register_module(package)
    session, _ = iris_models.new_session()

    cases = [
        (f"{args.count:,} IOCs, half defanged (changed and logged)", lambda: iocs(session, args.count, True)),
        (f"{args.count:,} IOCs, none defanged (read only)", lambda: iocs(session, args.count, False)),
        ("1 IOC, defanged", lambda: iocs(session, 1, True)),
        ("empty call (fixed cost per call)", lambda: []),
    ]
    rows = []
    for name, make in cases:
        samples = {RUST: [], PYTHON: []}
        for round_ in range(args.rounds):
            order = (RUST, PYTHON) if round_ % 2 == 0 else (PYTHON, RUST)
            for package in order:
                instance, _ = iris_loader.instantiate_module_from_name(package)
                data = make()
                repeat = 1 if len(data) > 1 else 500
                batches = [data] + [make() if data else [] for _ in range(repeat - 1)]
                gc.collect()
                gc.disable()
                try:
                    total = sum(time_call(instance, batch) for batch in batches)
                finally:
                    gc.enable()
                instance.message_queue.clear()
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
    state.reset()


if __name__ == "__main__":
    main()
