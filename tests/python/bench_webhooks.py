"""The Rust IrisWebHooks against the official Python iris-webhooks-module (1.0.1, from
IRIS_OFFICIAL_WEBHOOKS), per event, in the same run, in the strict test IRIS (its services must be
up: see .ci/services.sh): one asset update (an ORM object whose case and user the message names)
posted to a loopback receiver, through `hooks_handler` as IRIS calls it inline. Rounds alternate
the two modules; the median per-event time of each is reported, and their ratio.

    python bench_webhooks.py [--rounds N] [--events N]
"""

import argparse
import json
import logging
import os
import statistics
import time

import conftest  # noqa: F401  (puts the test IRIS on the path)
import iris_routes
from app import app, db, post_init
from app.models.models import CaseAssets

import test_webhooks

MODULE = "iris_webhooks_module"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=100)
    args = parser.parse_args()
    # The modules' INFO lines (one a delivery) are IRIS's log, not what is measured.
    logging.getLogger().setLevel(logging.WARNING)
    os.environ.setdefault("CI", "1")  # the official module must be there
    receiver = test_webhooks.Receiver()
    with app.app_context():
        post_init.create_schema()
        post_init.reset()
        official = test_webhooks.load_official()
        config = {"instance_url": "https://iris.local", "webhooks": [
            {"name": "bench", "trigger_on": ["on_postload_asset_update"], "request_url": f"{receiver.base}/b",
             "request_rendering": "markdown_slack",
             "request_body": {"text": "%TITLE%", "attachments": [{"text": "%DESCRIPTION%"}]}}]}
        iris_routes.configure(MODULE, wh_configuration=json.dumps(config))
        asset = CaseAssets(asset_name="WKS-01", case_id=1, user_id=2, asset_type_id=1)
        db.session.add(asset)
        db.session.commit()
        timings = {"rust": [], "python": []}

        def rust():
            _, status = iris_routes.call_module_hook(MODULE, "on_postload_asset_update", [asset])
            assert status.is_success(), status.get_logs()

        def python():
            status = test_webhooks.official_call(official, "on_postload_asset_update", [asset])
            assert status.is_success(), status.get_logs()

        for call in (rust, python):  # warm-up: imports, connections
            call()
        for _ in range(args.rounds):
            for name, call in (("rust", rust), ("python", python)):
                started = time.perf_counter()
                for _ in range(args.events):
                    call()
                timings[name].append((time.perf_counter() - started) / args.events)
        sent = receiver.take()
        bodies = {r["body"] for r in sent}
        assert len(bodies) == 1, "both modules sent the same body"
        assert len(sent) == 2 * (args.rounds * args.events + 1)
    receiver.close()
    rust_us = statistics.median(timings["rust"]) * 1e6
    python_us = statistics.median(timings["python"]) * 1e6
    print(f"bench webhooks: per event (one asset update posted to a loopback receiver, inline), "
          f"median of {args.rounds} rounds of {args.events}: Rust {rust_us:.0f} us, "
          f"official Python 1.0.1 {python_us:.0f} us, ratio Rust/Python {rust_us / python_us:.2f}")


if __name__ == "__main__":
    main()
