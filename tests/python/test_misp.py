"""IrisMISP (examples/misp) and Iris IntelOwl (examples/intelowl), the drop-ins for IRIS's official
MISP and IntelOwl modules, through their wheels along IRIS's steps: registered under the official
modules' names and classes with their configuration lists; upgraded in place from what the
official module stored (the instance list and its keys kept, the new parameter added); an IOC
created and reported by IRIS's worker from a loopback MISP, the report surviving IRIS's commit;
the same IOC in another process answered from the cache in IRIS's PostgreSQL, MISP not asked
again; and the keys nowhere in what IRIS stores or logs."""

import json
import os
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import text

import iris_routes
from app import db
from app.models.models import Ioc

OFFICIAL = os.path.join(os.path.dirname(__file__), "..", "fixtures", "official-modules")
KEY = "misp-key-from-python-never-logged"


def _official(name):
    with open(os.path.join(OFFICIAL, name)) as f:
        return json.load(f)


def _answer(name):
    with open(os.path.join(OFFICIAL, "answers", name), "rb") as f:
        return f.read()


class Misp(BaseHTTPRequestHandler):
    """The recording's rules (parity/README.md): 403 without the key, a hit for evil.example."""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Misp.received.append((self.path, self.headers["Authorization"], body))
        if self.headers["Authorization"] != KEY:
            return self.answer(403, _answer("misp_403_error.json"))
        value = json.loads(body).get("value")
        hit = value in ("evil.example", "203.0.113.7")
        self.answer(200, _answer("misp_POST_events_restSearch_hit.json" if hit
                                 else "misp_POST_events_restSearch_nohit.json"))

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def misp():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Misp)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Misp.received.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _instances(base, name="E2E"):
    return json.dumps({"name": [name], "type": "private", "url": [base], "key": [KEY], "ssl": [False]})


@pytest.mark.parametrize("package,official,added,interface", [
    ("iris_misp_module", "misp_configuration_list.json", ["misp_cache_ttl_minutes"], "IrisMISPInterface"),
    ("iris_intelowl_module", "intelowl_configuration_list.json", ["intelowl_verify_tls"],
     "IrisIntelowlInterface"),
])
def test_registered_under_the_official_names_with_their_configuration(package, official, added, interface):
    module = __import__(package)
    assert module.__iris_module_interface == interface
    _, instance = iris_routes.register_module(package)
    assert type(instance).__name__ == interface
    declared = instance.get_init_configuration()
    expected = _official(official)
    for entry in expected:
        if entry["type"] == "integer":   # the one difference: IRIS's interface casts `int`
            entry["type"] = "int"
    assert declared[:len(expected)] == expected
    assert [entry["param_name"] for entry in declared[len(expected):]] == added


def test_misp_upgrades_in_place_from_the_official_modules_stored_configuration(misp):
    module_id, _ = iris_routes.register_module("iris_misp_module")
    row = iris_routes.module_row(module_id=module_id)
    # What IRIS stored for the official 1.3.0: its eleven parameters, an instance list and its key.
    stored = []
    for entry in _official("misp_configuration_list.json"):
        entry = dict(entry, value=entry["default"])
        if entry["param_name"] == "misp_config":
            entry["value"] = _instances(misp)
        if entry["param_name"] == "misp_on_create_hook_enabled":
            entry["value"] = True
        stored.append(entry)
    row.module_config = stored
    row.module_version = "1.3.0"
    db.session.commit()
    success, logs = iris_routes.enable_module(module_id)
    assert success, logs
    version, config = iris_routes.module_row(module_id=module_id).module_version, {
        entry["param_name"]: entry for entry in iris_routes.module_row(module_id=module_id).module_config}
    assert version == "1.4.0"
    assert config["misp_config"]["value"] == _instances(misp), "the instance list and its key are kept"
    assert config["misp_cache_ttl_minutes"]["value"] == 15
    hooks = {(hook, menu) for _, hook, menu, _ in iris_routes.registrations(module_id)}
    assert hooks == {("on_postload_ioc_create", None), ("on_manual_trigger_ioc", "Get MISP insight")}


def _ioc(value, type_name="domain"):
    ioc = Ioc(ioc_value=value, ioc_type=iris_routes.ioc_type(type_name), user_id=2)
    db.session.add(ioc)
    db.session.commit()
    return ioc


def _cache_rows():
    with db.engine.begin() as connection:
        if connection.execute(text("SELECT to_regclass('iris_module_cache')")).scalar() is None:
            return []
        return connection.execute(text("SELECT key, value FROM iris_module_cache")).all()


def test_an_ioc_created_is_reported_by_the_worker_then_answered_from_the_cache_in_another_process(misp):
    iris_routes.configure("iris_misp_module", misp_config=_instances(misp, name="Loopback-" + uuid.uuid4().hex[:6]),
                          misp_on_create_hook_enabled="True")
    ioc = _ioc("evil.example")
    iris_routes.fire_hook("on_postload_ioc_create", [ioc], caseid=1)
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), (status.get_message(), status.get_logs())
    stored = db.session.get(Ioc, ioc.ioc_id)
    html = stored.custom_attributes["MISP Report"]["HTML report"]["value"]
    assert '"info": "Phishing campaign \\u003cX\\u003e \\u0026 co"' in html, html[:400]
    assert stored.ioc_value == "evil.example"
    searches = [path for path, _, _ in Misp.received]
    assert searches == ["/events/restSearch"], "only the search: no connection check"
    # This process, another worker: the same value within the time to live, MISP not asked.
    again = _ioc("evil.example")
    _, second = iris_routes.call_module_hook("iris_misp_module", "on_postload_ioc_create", [again])
    assert second.is_success(), second.get_message()
    assert "(1 search(es) answered from the cache)" in second.get_message(), second.get_message()
    assert len(Misp.received) == 1
    assert again.custom_attributes["MISP Report"]["HTML report"]["value"] == html
    rows = _cache_rows()
    assert rows and all(KEY not in key and KEY not in value and "evil.example" not in key for key, value in rows)
    everything = json.dumps([status.get_message(), status.get_logs(), second.get_logs(), html])
    assert KEY not in everything
    print(f"misp: 1 search in the worker, 1 answered from iris_module_cache in this process, {len(rows)} cache rows")


def test_a_refused_key_is_named_without_its_value(misp):
    iris_routes.configure("iris_misp_module",
                          misp_config=json.dumps({"name": "Refusing", "url": misp, "key": "wrong-" + KEY}),
                          misp_on_create_hook_enabled="True")
    ioc = _ioc("evil.example")
    _, status = iris_routes.call_module_hook("iris_misp_module", "on_manual_trigger_ioc", [ioc],
                                             hook_ui_name="Get MISP insight")
    assert status.is_failure()
    assert "instance `Refusing`: MISP refused the API key (403)" in status.get_message(), status.get_message()
    assert KEY not in json.dumps([status.get_message(), status.get_logs()])


def test_intelowl_upgrades_in_place_from_the_official_modules_stored_configuration():
    module_id, _ = iris_routes.register_module("iris_intelowl_module")
    row = iris_routes.module_row(module_id=module_id)
    # What IRIS stored for the official 0.1.0, as an administrator saved it (the time as text:
    # IRIS's UI sends text, and `integer` is not cast).
    values = {"intelowl_url": "https://intelowl.example", "intelowl_key": "iol-key-kept-across-the-upgrade",
              "intelowl_maxtime": "20", "intelowl_on_update_hook_enabled": True}
    row.module_config = [dict(entry, value=values.get(entry["param_name"], entry["default"]))
                         for entry in _official("intelowl_configuration_list.json")]
    row.module_version = "0.1.0"
    db.session.commit()
    success, logs = iris_routes.enable_module(module_id)
    assert success, logs
    row = iris_routes.module_row(module_id=module_id)
    config = {entry["param_name"]: entry for entry in row.module_config}
    assert row.module_version == "0.2.0"
    for name, value in values.items():
        assert config[name]["value"] == value, name
    assert config["intelowl_maxtime"]["type"] == "int"
    assert config["intelowl_verify_tls"]["value"] is True
    hooks = {(hook, menu) for _, hook, menu, _ in iris_routes.registrations(module_id)}
    assert hooks == {("on_postload_ioc_update", None), ("on_manual_trigger_ioc", "Get IntelOwl insight")}
