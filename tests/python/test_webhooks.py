"""IrisWebHooks (examples/webhooks), the drop-in for iris-webhooks-module, through its wheel, side by
side with the official Python module: the same stored configuration, the same IRIS objects, one
loopback receiver; each request the two send is compared (method, path, headers, body), and each
difference is one the docs list (examples/webhooks/README.md).

The official module is the wheel from PyPI (1.0.1; IRIS v2.4.20's 1.0.8 is only in iris-web's
tree), installed apart (`pip install --target`) by .ci/python.sh, its folder in
IRIS_OFFICIAL_WEBHOOKS: both are the package `iris_webhooks_module`, so the official one is imported
under its own name and set aside before the wheel's is imported."""

import datetime
import hashlib
import importlib
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import inspect, text

import iris_routes
from app import db
from app.configuration import LINE
from app.models.cases import Cases, CasesEvent
from app.models.models import CaseAssets, CaseReceivedFile, CaseTasks, Ioc, Notes

MODULE = "iris_webhooks_module"
PACKAGE = "iris_webhooks_module"
# Headers the two HTTP clients write their own way (requests' `python-requests/2.31.0`,
# `gzip, deflate`, `keep-alive`): listed in the README.
CLIENT_HEADERS = {"user-agent", "accept-encoding", "connection"}


def _package_modules():
    return {name: module for name, module in sys.modules.items()
            if name == PACKAGE or name.startswith(PACKAGE + ".")}


def load_official():
    """The official module's class, imported from IRIS_OFFICIAL_WEBHOOKS; the package's entries in
    `sys.modules` are put back as they were, so that `import iris_webhooks_module` is the wheel's."""
    folder = os.environ.get("IRIS_OFFICIAL_WEBHOOKS")
    if not folder:
        if os.environ.get("CI"):
            pytest.fail("IRIS_OFFICIAL_WEBHOOKS is not set: .ci/python.sh installs the official module there")
        pytest.skip("IRIS_OFFICIAL_WEBHOOKS (the official module, installed with pip --target) is not set")
    folder = os.path.abspath(folder)
    saved = _package_modules()
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, folder)
    try:
        interface = importlib.import_module(PACKAGE + ".IrisWebHooksInterface")
        assert os.path.abspath(interface.__file__).startswith(folder + os.sep), interface.__file__
        return interface.IrisWebHooksInterface
    finally:
        sys.path.remove(folder)
        for name in _package_modules():
            del sys.modules[name]
        sys.modules.update(saved)


class Receiver:
    """A loopback HTTP server that records each request (headers in the order sent) and answers 200."""

    def __init__(self):
        self.requests = []
        # Statuses to answer with first, in turn (then 200); a refusal says Retry-After: 0.
        self.answers = []
        received, answers = self.requests, self.answers

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = answers.pop(0) if answers else 200
                received.append({"method": self.command, "path": self.path,
                                 "headers": [(k.lower(), v) for k, v in self.headers.items()],
                                 "body": body.decode("utf-8"), "status": status})
                # The answer in one write, as web servers send a small one (two writes would
                # meet the client's delayed acknowledgement on a kept-alive connection).
                retry = "Retry-After: 0\r\n" if status != 200 else ""
                self.wfile.write(f"HTTP/1.1 {status} X\r\n{retry}Content-Length: 2\r\n\r\nok".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def take(self):
        taken = list(self.requests)
        self.requests.clear()
        return taken

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def configuration(base):
    """A configuration 1.0.1 reads: every rendering, a body that is a string, a non-ASCII key, an
    inactive webhook, groups and single hooks."""
    return {"instance_url": "https://iris.local", "webhooks": [
        {"name": "slack", "trigger_on": ["all"], "request_url": f"{base}/slack",
         "request_rendering": "markdown_slack",
         "request_body": {"text": "%TITLE%", "attachments": [{"text": "%DESCRIPTION%", "n": 1, "ok": True,
                                                              "nil": None, "f": 1.5}]}},
        {"name": "md", "trigger_on": ["all_create", "all_update"], "request_url": f"{base}/md?x=1",
         "request_rendering": "markdown", "request_body": {"t": "%TITLE%", "d": "%DESCRIPTION%"}},
        {"name": "html", "trigger_on": ["on_postload_asset_update", "on_postload_note_create"],
         "request_url": f"{base}/html", "request_rendering": "html", "request_body": "%DESCRIPTION%"},
        {"name": "plain", "trigger_on": ["on_postload_case_create"], "request_url": f"{base}/plain",
         "request_body": {"caf\u00e9": "%TITLE% \u2603"}},
        {"name": "off", "trigger_on": ["all"], "active": False, "request_url": f"{base}/off", "request_body": {}},
    ]}


def objects():
    """One object of each kind IRIS passes, in the database (case 1 is the test IRIS's)."""
    case = db.session.get(Cases, 1)
    items = {
        "asset": CaseAssets(asset_name="WKS-01", case_id=1, user_id=2, asset_type_id=1),
        "note": Notes(note_title="Triage \u00e9t\u00e9", note_content="x", note_user=2, note_case_id=1),
        "ioc": Ioc(ioc_value="1.2.3.4", ioc_type=iris_routes.ioc_type("ip-dst"), user_id=2),
        "event": CasesEvent(event_title="Logon", case_id=1, user_id=2),
        "evidence": CaseReceivedFile(filename="mem.raw", case_id=1, user_id=2),
        "task": CaseTasks(task_title="Collect logs", task_case_id=1, task_userid_update=2, task_status_id=1),
    }
    db.session.add_all(items.values())
    db.session.commit()
    items["case"] = case
    return items


# (hook, object): what IRIS passes for each.
EVENTS = [("on_postload_case_create", "case"), ("on_postload_case_update", "case"),
          ("on_postload_asset_update", "asset"), ("on_postload_note_create", "note"),
          ("on_postload_ioc_create", "ioc"), ("on_postload_event_create", "event"),
          ("on_postload_evidence_update", "evidence"), ("on_postload_task_update", "task")]


def official_call(official, hook, data):
    """The official module as IRIS calls it: a fresh instance (it reads the stored configuration
    of `IrisWebHooks`, the drop-in's), `hooks_handler` with the data in a list."""
    with iris_routes.request():
        return official().hooks_handler(hook, None, data=data)


def test_the_same_package_class_and_configuration():
    official = load_official()
    import iris_webhooks_module
    assert iris_webhooks_module.__iris_module_interface == "IrisWebHooksInterface"
    ours, _ = iris_routes.instantiate_module_from_name(MODULE)
    assert type(ours).__name__ == official.__name__ == "IrisWebHooksInterface"
    assert iris_routes.check_module_health(ours) == (True, [])
    iris_routes.register_module(MODULE)
    with iris_routes.request():
        theirs = official()
    assert ours.get_module_name() == theirs.get_module_name() == "IrisWebHooks"
    assert ours.get_init_configuration() == theirs.get_init_configuration()


def test_the_same_registrations(receiver):
    official = load_official()
    config = json.dumps(configuration(receiver.base))
    iris_routes.configure(MODULE, wh_configuration=config)
    module_id = iris_routes.module_row(human_name="IrisWebHooks").id
    ours = sorted(row[1:] for row in iris_routes.registrations(module_id))
    with iris_routes.request():
        for row in iris_routes.IrisModuleHook.query.filter_by(module_id=module_id):
            db.session.delete(row)
        db.session.commit()
        official().register_hooks(module_id)
    theirs = sorted(row[1:] for row in iris_routes.registrations(module_id))
    assert ours == theirs and len(ours) == 55 + 0, (len(ours), len(theirs))


def test_the_same_requests_for_the_same_events(receiver):
    official = load_official()
    iris_routes.configure(MODULE, wh_configuration=json.dumps(configuration(receiver.base)))
    items = objects()
    compared = differences = 0
    for hook, kind in EVENTS:
        _, status = iris_routes.call_module_hook(MODULE, hook, [items[kind]])
        assert status.is_success(), (hook, status.get_message(), status.get_logs())
        ours = receiver.take()
        official_status = official_call(official, hook, [items[kind]])
        assert official_status.is_success(), (hook, official_status.get_logs())
        theirs = receiver.take()
        assert [r["path"] for r in ours] == [r["path"] for r in theirs], hook
        assert ours, hook
        for mine, its in zip(ours, theirs):
            compared += 1
            assert mine["method"] == its["method"] == "POST"
            listed_difference = hook == "on_postload_task_update"
            # The body's length differs with the body, where it does.
            skipped = CLIENT_HEADERS | ({"content-length"} if listed_difference else set())
            mine_headers = {k: v for k, v in mine["headers"] if k not in skipped}
            its_headers = {k: v for k, v in its["headers"] if k not in skipped}
            assert mine_headers == its_headers, (hook, mine["headers"], its["headers"])
            if listed_difference:
                # 1.0.1 links to /case/task, a page IRIS does not have; 1.0.8 (and the drop-in)
                # to /case/tasks.
                assert its["body"].replace("/case/task?", "/case/tasks?") == mine["body"], hook
                assert its["body"] != mine["body"]
                differences += 1
            else:
                assert mine["body"] == its["body"], (hook, mine["body"], its["body"])
    print(f"webhooks parity: {len(EVENTS)} events, {compared} requests compared, "
          f"{differences} with the listed difference")


def test_deletes_are_sent_where_the_official_module_fails(receiver):
    official = load_official()
    iris_routes.configure(MODULE, wh_configuration=json.dumps(configuration(receiver.base)))
    _, status = iris_routes.call_module_hook(MODULE, "on_postload_ioc_delete", [12])
    assert status.is_success(), status.get_logs()
    bodies = {r["path"]: r["body"] for r in receiver.take()}
    assert json.loads(bodies["/slack"])["text"] == "[N/A] Ioc deleted"
    # The official module reads `.user` off the id IRIS passes, and raises.
    with pytest.raises(AttributeError):
        official_call(official, "on_postload_ioc_delete", [12])
    assert receiver.take() == []


def test_a_malformed_webhook_leaves_the_others_registered(receiver, caplog):
    """IRIS issue #703: the official module registers nothing new for such a configuration, and
    sends nothing for any webhook, saying only "Web hook configuration not valid"."""
    config = configuration(receiver.base)
    del config["webhooks"][1]["request_url"]
    iris_routes.configure(MODULE)
    with caplog.at_level("ERROR"):
        success, logs = iris_routes.set_parameter("IrisWebHooks", "wh_configuration", json.dumps(config))
    assert success, logs
    module_id = iris_routes.module_row(human_name="IrisWebHooks").id
    hooks = {row[1] for row in iris_routes.registrations(module_id)}
    # The slack webhook's `all` still registers; the md webhook is named in IRIS's log.
    assert len(hooks) == 55
    named = [r.getMessage() for r in caplog.records if 'webhooks[1] "md": request_url is missing' in r.getMessage()]
    assert named, [r.getMessage() for r in caplog.records]
    # And in the status of each call, beside the delivery of the valid webhooks.
    _, status = iris_routes.call_module_hook(MODULE, "on_postload_case_update", [db.session.get(Cases, 1)])
    assert status.is_success(), status.get_logs()
    assert any('webhooks[1] "md"' in line for line in status.get_logs()), status.get_logs()
    assert [r["path"] for r in receiver.take()] == ["/slack"]


def test_in_iris_s_worker_the_objects_relations_are_read(receiver):
    """Asynchronous hooks run in the worker on objects IRIS merged into its session: the case and
    the user a message names are loaded there (the module asks for its objects' relations)."""
    iris_routes.configure(MODULE, wh_configuration=json.dumps(configuration(receiver.base)))
    asset = objects()["asset"]
    iris_routes.fire_hook("on_postload_asset_update", asset, caseid=1)
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), (status.get_message(), status.get_logs())
    bodies = {r["path"]: json.loads(r["body"]) for r in receiver.take()}
    assert bodies["/slack"]["text"] == "[Case 1] Asset updated"
    assert bodies["/html"] == (
        f"Ann Analyst updated asset <a href='https://iris.local/case/assets?cid=1&shared={asset.asset_id}'>"
        "WKS-01</a> on case <a href='https://iris.local/case?cid=1'>#1</a>")


# (hook, object kind, template name, IRIS's schema): the objects a template body dumps.
DUMPED = [("on_postload_asset_update", "asset", "assets", "CaseAssetsSchema"),
          ("on_postload_note_create", "note", "notes", "CaseNoteSchema"),
          ("on_postload_ioc_create", "ioc", "iocs", "IocSchema"),
          ("on_postload_event_create", "event", "events", "EventSchema"),
          ("on_postload_evidence_update", "evidence", "evidences", "CaseEvidenceSchema"),
          ("on_postload_task_update", "task", "tasks", "CaseTaskSchema")]


def dumped_objects():
    """One object of each kind a template dumps, with the relationships IRIS's schemas nest: an
    asset's type and analysis status, a note's directory, an IOC's type, an event with a child
    (its date on a whole second: IRIS writes the microseconds), evidence with its type."""
    from app.models.models import AnalysisStatus, EvidenceTypes, NoteDirectory
    domain = iris_routes.ioc_type("domain")
    directory = NoteDirectory(name="Caf\u00e9 notes", case_id=1)
    evidence_type = EvidenceTypes(name="Memory dump", description="RAM")
    db.session.add_all([directory, evidence_type])
    db.session.flush()
    parent = CasesEvent(event_title="Logon", case_id=1, user_id=2, event_date=datetime.datetime(2026, 12, 1, 7, 30),
                        event_tz="+01:00", event_in_graph=True, custom_attributes={})
    child = CasesEvent(event_title="Beacon", case_id=1, user_id=2, parent=parent,
                       event_date=datetime.datetime(2026, 12, 1, 7, 31, 0, 250000))
    items = {
        "asset": CaseAssets(asset_name="WKS-01", case_id=1, user_id=2, asset_type_id=1,
                            analysis_status_id=db.session.get(AnalysisStatus, 1).id, asset_tags="a,b"),
        "note": Notes(note_title="Triage", note_content="x", note_user=2, note_case_id=1, directory=directory),
        "ioc": Ioc(ioc_value="evil.example", ioc_type=domain, user_id=2,
                   custom_attributes={"Triage": {"Verdict": {"type": "input_string", "mandatory": False,
                                                             "value": "malicious \u2620"}}}),
        "event": parent,
        "evidence": CaseReceivedFile(filename="mem.raw", case_id=1, user_id=2, type=evidence_type,
                                     file_size=1 << 30, date_added=datetime.datetime(2026, 12, 2, 9, 0, 1, 5)),
        "task": CaseTasks(task_title="Collect logs", task_case_id=1, task_userid_update=2, task_status_id=1),
    }
    db.session.add_all([*items.values(), child])
    db.session.commit()
    return items


@pytest.mark.skipif(LINE != "v2.4.20", reason="the dumps are IRIS v2.4.20's (its schemas)")
def test_template_bodies_hold_what_iris_s_schemas_dump(receiver):
    """In IRIS's worker, a template webhook's body holds the objects as IRIS's own marshmallow
    schemas dump them (the test IRIS's `app.schema.marshables`, IRIS's declarations): the drop-in's
    dumps (iris_module_core::api_json) of what the bridge read, compared key by key, in order."""
    from app.schema import marshables
    hooks = [hook for hook, *_ in DUMPED]
    body = {name: name for _, _, name, _ in DUMPED}
    config = {"webhooks": [{"name": "dumps", "trigger_on": hooks, "use_rendering": False,
                            "request_url": f"{receiver.base}/dumps", "request_body": body}]}
    iris_routes.configure(MODULE, wh_configuration=json.dumps(config))
    with iris_routes.request():
        items = dumped_objects()
        ids = {kind: inspect(item).identity for kind, item in items.items()}
    compared = 0
    for hook, kind, name, schema in DUMPED:
        with iris_routes.request():
            item = db.session.get(type(items[kind]), ids[kind])
            iris_routes.fire_hook(hook, item, caseid=1)
        (status,) = iris_routes.wait_for_tasks()
        assert status.is_success(), (hook, status.get_message(), status.get_logs())
        (request,) = receiver.take()
        ours = json.loads(request["body"])[name]
        with iris_routes.request():
            item = db.session.get(type(items[kind]), ids[kind])
            theirs = json.loads(json.dumps(getattr(marshables, schema)(many=True).dump([item])))
        if kind == "asset":
            # IRIS's assets nest their alerts, which the test IRIS does not have.
            assert ours[0].pop("alerts") is None
        assert json.dumps(ours) == json.dumps(theirs), (hook, ours, theirs)
        compared += 1
    print(f"API dumps: {compared} kinds as IRIS's schemas dump them, keys in order")


def outbox_key(webhook, url):
    """The outbox of `webhook` posting to `url`, of IrisWebHooks, as iris_module_core hashes its key."""
    digest = hashlib.sha256()
    for part in ("outbox", "IrisWebHooks", f"{webhook}\n{url}"):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:32]


def test_a_refused_payload_is_kept_in_iris_s_database_and_sent_first_next_time(receiver):
    key = outbox_key("kept", f"{receiver.base}/kept")
    with iris_routes.request():
        db.session.execute(text("CREATE TABLE IF NOT EXISTS iris_module_outbox (id bigserial PRIMARY KEY, "
                                "key text NOT NULL, item text NOT NULL, added timestamptz NOT NULL DEFAULT now())"))
        db.session.execute(text("DELETE FROM iris_module_outbox WHERE key = :key"), {"key": key})
        db.session.commit()
    config = {"webhooks": [{"name": "kept", "trigger_on": ["on_postload_case_update", "on_postload_case_create"],
                            "request_url": f"{receiver.base}/kept", "use_rendering": True,
                            "request_headers": {"Authorization": "Bearer tok-kept-secret"},
                            "request_body": {"text": "%TITLE%"}}]}
    iris_routes.configure(MODULE, wh_configuration=json.dumps(config))
    case = db.session.get(Cases, 1)
    receiver.answers.extend([503] * 5)
    _, status = iris_routes.call_module_hook(MODULE, "on_postload_case_update", [case])
    assert not status.is_success()
    assert any("1 payload(s) kept" in line for line in status.get_logs()), status.get_logs()
    with iris_routes.request():
        kept = [row[0] for row in db.session.execute(
            text("SELECT item FROM iris_module_outbox WHERE key = :key ORDER BY id"), {"key": key})]
    assert len(kept) == 1 and "Case 1] Case updated" in kept[0], kept
    assert "tok-kept-secret" not in kept[0]
    assert [r["status"] for r in receiver.take()] == [503] * 5
    _, status = iris_routes.call_module_hook(MODULE, "on_postload_case_create", [case])
    assert status.is_success(), status.get_logs()
    assert [json.loads(r["body"])["text"] for r in receiver.take()] == \
        ["[Case 1] Case updated", "[Case 1] Case created"]
    with iris_routes.request():
        left = db.session.execute(text("SELECT count(*) FROM iris_module_outbox WHERE key = :key"),
                                  {"key": key}).scalar_one()
    assert left == 0
