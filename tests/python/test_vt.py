"""The VirusTotal example (IrisVT) through its wheel, along IRIS's steps: registration as the
Triggers settings say, then "Get VT insight" on IRIS-shaped IOCs against a loopback VirusTotal
that answers v3-shaped JSON; what the module wrote survives IRIS's commit, one failing IOC does not
fail the others, and the API key is never shown."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import iris_routes
from app import db
from app.models.models import Ioc

MODULE = "iris_vt_module"
KEY = "vt-key-from-python-never-logged"
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "vt-enrichment", "tests",
                    "data", "vt")


class VirusTotal(BaseHTTPRequestHandler):
    """`GET /api/v3/<collection>/<id>`: the fixture, 401 without the key, 500 for ids starting
    with `broken`, 404 otherwise (as tests/vt.rs's stand-in)."""
    received = []

    def do_GET(self):
        VirusTotal.received.append((self.path, self.headers["x-apikey"]))
        path = self.path[len("/api/v3/"):]
        fixture = os.path.join(DATA, path + ".json")
        if self.headers["x-apikey"] != KEY:
            self.answer(401, {"error": {"code": "WrongCredentialsError", "message": "Wrong API key"}})
        elif path.split("/")[-1].startswith("broken"):
            self.answer(500, {"error": {"code": "TransientError", "message": "please try again later"}})
        elif os.path.isfile(fixture):
            with open(fixture) as f:
                self.answer(200, json.load(f))
        else:
            self.answer(404, {"error": {"code": "NotFoundError", "message": "not found"}})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def virustotal():
    server = HTTPServer(("127.0.0.1", 0), VirusTotal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    VirusTotal.received.clear()
    yield f"http://127.0.0.1:{server.server_port}/api/v3"
    server.shutdown()


def test_a_drop_in_for_the_official_package():
    import iris_vt_module
    assert iris_vt_module.__iris_module_interface == "IrisVTInterface"
    instance, _ = iris_routes.instantiate_module_from_name(MODULE)
    assert type(instance).__name__ == "IrisVTInterface"
    assert iris_routes.check_module_health(instance) == (True, [])
    assert instance.get_module_name() == "IrisVT"


def test_hooks_follow_the_trigger_settings():
    instance = iris_routes.configure(MODULE)
    module_id = iris_routes.module_row(human_name="IrisVT").id
    assert [r[1:3] for r in iris_routes.registrations()] == [("on_manual_trigger_ioc", "Get VT insight")]
    config = {e["param_name"]: e for e in instance.get_init_configuration()}
    assert config["vt_api_key"]["type"] == "sensitive_string" and config["vt_api_key"]["mandatory"]
    assert config["vt_domain_report_template"]["type"] == "textfield_html"

    # Each save is one request of IRIS's app: what it leaves uncommitted is rolled back at its end
    # (IRIS 2.4.20's `deregister_from_hook` does not commit).
    assert iris_routes.set_parameter("IrisVT", "vt_on_create_hook_enabled", "True")[0]
    assert iris_routes.set_parameter("IrisVT", "vt_manual_hook_enabled", "False")[0]
    assert iris_routes.registrations() == [(module_id, "on_postload_ioc_create", None, True)]
    ioc = Ioc(ioc_value="evil.example", ioc_type=iris_routes.ioc_type("domain"), user_id=2)
    db.session.add(ioc)
    db.session.commit()
    iris_routes.fire_hook("on_manual_trigger_ioc", [ioc], caseid=1, hook_ui_name="Get VT insight",
                          module_name=MODULE)
    assert iris_routes.wait_for_tasks() == [], "the manual hook no longer fires"

    assert iris_routes.set_parameter("IrisVT", "vt_on_create_hook_enabled", "False")[0]
    assert iris_routes.registrations() == []


def test_insight_persists_after_iris_commits(virustotal):
    iris_routes.configure(MODULE, vt_api_key=KEY, vt_api_url=virustotal, vt_key_is_premium="True")
    domain, ip = iris_routes.ioc_type("domain"), iris_routes.ioc_type("ip-dst")
    iocs = [
        Ioc(ioc_value="evil.example", ioc_type=domain, ioc_tags="phishing", user_id=2,
            ioc_description="Seen in the phishing mail.",
            custom_attributes={"Analyst": {"Note": {"type": "input_string", "value": "keep", "mandatory": False}}}),
        Ioc(ioc_value="203.0.113.7", ioc_type=ip, user_id=2),
        Ioc(ioc_value="broken.example", ioc_type=domain, user_id=2),
    ]
    db.session.add_all(iocs)
    db.session.commit()
    # The "Get VT insight" menu entry: IRIS queues the manual hook for the worker.
    iris_routes.fire_hook("on_manual_trigger_ioc", iocs, caseid=1, hook_ui_name="Get VT insight",
                          module_name=MODULE)
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), status.get_message()
    assert status.get_message() == "2 of 3 IOCs looked up; failed for broken.example"
    assert [path for path, _ in VirusTotal.received] == [
        "/api/v3/domains/evil.example", "/api/v3/ip_addresses/203.0.113.7",
        "/api/v3/domains/broken.example"]
    assert all(key == KEY for _, key in VirusTotal.received)

    stored = {i.ioc_value: i for i in Ioc.query}
    evil = stored["evil.example"]
    assert evil.ioc_tags == "phishing,vt:suspicious"
    assert evil.ioc_description.startswith("Seen in the phishing mail.\nVT insight: 6 of 100 engines")
    assert evil.custom_attributes["Analyst"]["Note"]["value"] == "keep"
    report = evil.custom_attributes["VT Report"]["HTML report"]
    assert report["type"] == "html" and "Example Registrar, Inc." in report["value"]
    assert stored["203.0.113.7"].ioc_tags == "vt:malicious,ASN:64500"
    assert stored["broken.example"].ioc_tags is None
    assert stored["broken.example"].custom_attributes is None

    said = " ".join([status.get_message(), *status.get_logs()])
    assert "broken.example: VirusTotal answered 500: please try again later" in said
    assert KEY not in said


def test_a_wrong_key_is_an_error_status_not_an_exception(virustotal):
    iris_routes.configure(MODULE, vt_api_key="not-the-key", vt_api_url=virustotal, vt_key_is_premium="True")
    ioc = Ioc(ioc_value="evil.example", ioc_type=iris_routes.ioc_type("domain"))
    _, status = iris_routes.call_module_hook(MODULE, "on_manual_trigger_ioc", [ioc],
                                             hook_ui_name="Get VT insight")
    assert status.is_failure()
    assert status.get_message() == "VirusTotal failed for evil.example"
    assert "not-the-key" not in " ".join([status.get_message(), *status.get_logs()])


def test_no_key_is_a_configuration_error():
    iris_routes.configure(MODULE)
    ioc = Ioc(ioc_value="evil.example", ioc_type=iris_routes.ioc_type("domain"))
    _, status = iris_routes.call_module_hook(MODULE, "on_manual_trigger_ioc", [ioc],
                                             hook_ui_name="Get VT insight")
    assert status.is_failure()
    assert "vt_api_key" in status.get_message()


def test_the_pace_holds_across_worker_processes_in_irises_database(virustotal):
    """Three "Get VT insight" tasks at once, in the worker's two processes, share one pace kept
    in IRIS's PostgreSQL (`iris_module_pace`): the requests are spaced whichever process makes
    them, and nothing of it is left in a file."""
    from sqlalchemy import text
    import time
    iris_routes.configure(MODULE, vt_api_key=KEY, vt_api_url=virustotal, vt_key_is_premium="False",
                          vt_requests_per_minute="300")
    arrivals = []
    original = VirusTotal.do_GET

    def timed(handler):
        arrivals.append(time.monotonic())
        original(handler)

    VirusTotal.do_GET = timed
    try:
        domain = iris_routes.ioc_type("domain")
        batches = [[Ioc(ioc_value=f"evil{batch}-{n}.example", ioc_type=domain, user_id=2) for n in range(3)]
                   for batch in range(3)]
        db.session.add_all([ioc for batch in batches for ioc in batch])
        db.session.commit()
        for batch in batches:
            iris_routes.fire_hook("on_manual_trigger_ioc", batch, caseid=1, hook_ui_name="Get VT insight",
                                  module_name=MODULE)
        statuses = iris_routes.wait_for_tasks()
    finally:
        VirusTotal.do_GET = original
    assert [s.is_success() for s in statuses] == [True] * 3, [s.get_message() for s in statuses]
    assert len(arrivals) == 9
    arrivals.sort()
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert min(gaps) >= 0.2 - 0.03, gaps
    rows = db.session.execute(text("SELECT count(*) FROM iris_module_pace")).scalar()
    assert rows >= 1
    said = " ".join(m for s in statuses for m in [s.get_message(), *s.get_logs()])
    assert KEY not in said
