"""IrisMISP and Iris IntelOwl against the official Python modules they replace (iris_misp_module
1.3.0, iris_intelowl_module 0.1.0), in the same run, in the strict test IRIS (its services must
be up: see .ci/services.sh): N IOCs (10,000 by default) in one call of `on_manual_trigger_ioc`,
through `hooks_handler` as IRIS calls it inline, against the same loopback server (MISP: one
search per IOC, every 100th a hit; IntelOwl: one job per IOC, reported at its first poll). Each
module gets fresh ORM IOCs; the wall time of each call and their ratio are reported, with the
requests each made (counted by the server).

The official modules' wheels are not on PyPI (IRIS ships them in iris-web's source/dependencies):
IRIS_OFFICIAL_MISP and IRIS_OFFICIAL_INTELOWL name the folders they are unpacked in, and
pymisp==2.4.172 and pyintelowl==5.1.0 must be installed (PyPI). Without them, the module's
benchmark is skipped (said so), as in CI.

    python bench_dropins.py [--iocs N] [--only misp|intelowl]
"""

import argparse
import importlib
import json
import logging
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import conftest  # noqa: F401  (puts the test IRIS on the path)
import iris_routes
from app import app, db, post_init
from app.models.models import Ioc

OFFICIAL = os.path.join(os.path.dirname(__file__), "..", "fixtures", "official-modules", "answers")
MISP_KEY = "bench-misp-key"
INTELOWL_KEY = "bench-intelowl-key"


def _answer(name):
    with open(os.path.join(OFFICIAL, name), "rb") as f:
        return f.read()


class Loopback(BaseHTTPRequestHandler):
    """MISP's and IntelOwl's answers (the parity recording's rules), counting requests by path."""
    protocol_version = "HTTP/1.1"
    # Headers and body are two writes: without TCP_NODELAY each answer waits out the client's
    # delayed ACK (40 ms), and the benchmark would measure that.
    disable_nagle_algorithm = True
    counts = {}
    lock = threading.Lock()

    def _count(self):
        path = "/api/jobs/{id}" if self.path.startswith("/api/jobs/") else self.path
        with Loopback.lock:
            Loopback.counts[(self.command, path)] = Loopback.counts.get((self.command, path), 0) + 1

    def do_GET(self):
        self._count()
        if self.path == "/servers/getVersion":
            return self.answer(_answer("misp_GET_servers_getVersion.json"))
        if self.path == "/users/view/me":
            return self.answer(_answer("misp_GET_users_view_me.json"))
        if self.path.startswith("/api/jobs/"):
            return self.answer(_answer("intelowl_GET_api_jobs_42_reported.json"))
        self.answer(b'{"message": "Not found"}', 404)

    def do_POST(self):
        self._count()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.path == "/events/restSearch":
            hit = body.get("value") == "evil.example"
            return self.answer(_answer("misp_POST_events_restSearch_hit.json" if hit
                                       else "misp_POST_events_restSearch_nohit.json"))
        if self.path == "/api/analyze_observable":
            return self.answer(_answer("intelowl_POST_api_analyze_observable.json"))
        self.answer(b'{"message": "Not found"}', 404)

    def answer(self, body, status=200):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def load_official(folder, package, interface):
    """The official module's class from `folder`; `sys.modules` put back so that `import package`
    is the drop-in's again."""
    saved = {name: module for name, module in sys.modules.items()
             if name == package or name.startswith(package + ".")}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, os.path.abspath(folder))
    try:
        return getattr(importlib.import_module(f"{package}.{interface}"), interface)
    finally:
        sys.path.remove(os.path.abspath(folder))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        sys.modules.update(saved)


def iocs(count, type_name="domain"):
    ioc_type = iris_routes.ioc_type(type_name)
    made = [Ioc(ioc_value="evil.example" if n % 100 == 0 else f"host-{n}.example", ioc_type=ioc_type,
                user_id=2, custom_attributes={}) for n in range(count)]
    db.session.add_all(made)
    db.session.commit()
    return made


def timed(call):
    started = time.perf_counter()
    status = call()
    return time.perf_counter() - started, status


def bench(name, package, interface, folder, menu, configure, count):
    if not folder:
        print(f"bench {name}: skipped (the official module's folder is not set; see the docstring)")
        return
    official = load_official(folder, package, interface)
    configure()
    runs = {}
    for who in ("rust", "python"):
        data = iocs(count)
        Loopback.counts.clear()
        if who == "rust":
            elapsed, (_, status) = timed(lambda: iris_routes.call_module_hook(
                package, "on_manual_trigger_ioc", data, hook_ui_name=menu))
        else:
            def python():
                with iris_routes.request():
                    return official().hooks_handler("on_manual_trigger_ioc", menu, data=data)
            elapsed, status = timed(python)
        assert status.is_success(), (who, status.get_message())
        tab = "MISP Report" if name == "misp" else "IntelOwl Report"
        reports = [(ioc.custom_attributes or {}).get(tab, {}).get("HTML report", {}).get("value")
                   for ioc in data]
        assert all(reports), (who, sum(1 for r in reports if not r))
        runs[who] = (elapsed, dict(Loopback.counts), reports)
    # The same reports, byte for byte, IOC by IOC (hits and misses alike).
    differing = [n for n, (ours, theirs) in enumerate(zip(runs["rust"][2], runs["python"][2]))
                 if ours != theirs]
    assert not differing, f"{len(differing)} reports differ, the first for IOC {differing[0]}"
    rust, python = runs["rust"][0], runs["python"][0]
    print(f"bench {name}: {count} IOCs in one manual call, against the same loopback server: "
          f"Rust {rust:.2f} s ({rust / count * 1e3:.2f} ms an IOC), official Python {python:.2f} s "
          f"({python / count * 1e3:.2f} ms an IOC), ratio Rust/Python {rust / python:.3f}; "
          f"requests: Rust {runs['rust'][1]}, Python {runs['python'][1]}; the {count} reports "
          f"identical")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iocs", type=int, default=10_000)
    parser.add_argument("--only", choices=["misp", "intelowl"])
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.WARNING)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Loopback)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with app.app_context():
        post_init.create_schema()
        post_init.reset()
        if args.only in (None, "misp"):
            bench("misp", "iris_misp_module", "IrisMISPInterface", os.environ.get("IRIS_OFFICIAL_MISP"),
                  "Get MISP insight", lambda: iris_routes.configure(
                      "iris_misp_module", misp_cache_ttl_minutes="0",
                      misp_config=json.dumps({"name": "Bench", "url": [base], "key": [MISP_KEY],
                                              "ssl": [False]})), args.iocs)
        if args.only in (None, "intelowl"):
            bench("intelowl", "iris_intelowl_module", "IrisIntelowlInterface",
                  os.environ.get("IRIS_OFFICIAL_INTELOWL"), "Get IntelOwl insight",
                  lambda: iris_routes.configure("iris_intelowl_module", intelowl_url=base,
                                                intelowl_key=INTELOWL_KEY), args.iocs)
    server.shutdown()


if __name__ == "__main__":
    main()
