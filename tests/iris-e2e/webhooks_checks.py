"""The webhooks part of the end-to-end run (check.py calls it): IRIS's own Python
iris_webhooks_module configured before the upgrade, the Rust drop-in (examples/webhooks) installed
over it, its stored configuration kept, what it sends against a loopback receiver, a webhook removed
from the configuration and its hook gone (after a restart too), and a receiver that was down
getting what was kept, in order and once; and, in template mode, each object the drop-in sends as
IRIS's own marshmallow schemas dump it (`template_dumps`).

Environment: E2E_STATE (a folder kept between check.py's runs), E2E_LOGS (IRIS's app and worker
logs, `:`-separated), E2E_HOOK_PORT (the receiver's port), E2E_IRIS_SOURCE (iris-web/source, where
dump_objects.py is run in IRIS's app context)."""

import json
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PACKAGE = "iris_webhooks_module"
TOKEN = "e2e-webhook-token-never-logged"
PORT = int(os.environ.get("E2E_HOOK_PORT", "58100"))
STATE = os.path.join(os.environ.get("E2E_STATE", "/tmp"), "webhooks-before.json")
# The client's own headers, Host, and Content-Length (the IOCs' names differ in length; the
# bodies are compared).
CLIENT_HEADERS = {"user-agent", "accept-encoding", "connection", "host", "content-length"}


def configuration(with_update):
    base = f"http://127.0.0.1:{PORT}"
    webhooks = [{"name": "on-create", "trigger_on": ["all_create"], "request_url": f"{base}/create",
                 "use_rendering": True, "request_rendering": "markdown_slack",
                 "request_headers": {"Authorization": f"Bearer {TOKEN}"},
                 "request_body": {"text": "%TITLE%", "attachments": [{"text": "%DESCRIPTION%"}]}}]
    if with_update:
        webhooks.append({"name": "on-ioc-update", "trigger_on": ["on_postload_ioc_update"],
                         "request_url": f"{base}/update", "use_rendering": True,
                         "request_body": {"text": "%TITLE% / %DESCRIPTION%"}})
    return json.dumps({"instance_url": "https://iris.example.org", "webhooks": webhooks})


class Receiver:
    """A loopback receiver that records each request; down while `down` is set."""

    def __init__(self):
        self.requests = []
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                received.append({"path": self.path, "body": body,
                                 # Lists, as JSON gives back the ones kept from before the upgrade.
                                 "headers": sorted([k.lower(), v] for k, v in self.headers.items()
                                                   if k.lower() not in CLIENT_HEADERS)})
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

            def log_message(self, *args):
                pass

        self.server = None
        self.handler = Handler
        self.up()

    def up(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", PORT), self.handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        self.server.shutdown()
        self.server.server_close()

    def wait(self, path, count=1, timeout=120, having=""):
        """The requests to `path` (whose body holds `having`), once there are `count` of them."""
        deadline = time.monotonic() + timeout
        while True:
            got = [r for r in self.requests if r["path"] == path and having in r["body"]]
            if len(got) >= count or time.monotonic() >= deadline:
                return got
            time.sleep(0.3)


def before_upgrade(e2e):
    """IRIS's Python module (as IRIS installed it) enabled and configured; an IOC created; what it
    sent, and the stored configuration, kept for the checks after the upgrade."""
    module = e2e.modules().get(PACKAGE)
    if not e2e.check("IRIS's own Python iris_webhooks_module registered at first boot", module is not None):
        return
    code, _ = e2e.api("POST", f"/manage/modules/enable/{module['id']}")
    e2e.check("IrisWebHooks (Python) enabled", code == 200, f"HTTP {code}")
    code, _ = e2e.set_parameter(module["id"], "wh_configuration", configuration(with_update=True))
    e2e.check("its wh_configuration saved", code == 200, f"HTTP {code}")
    receiver = Receiver()
    try:
        e2e.add_ioc("python-before-upgrade.example", "domain")
        sent = receiver.wait("/create")
    finally:
        receiver.down()
    e2e.check("the Python module posted the IOC's creation", len(sent) == 1, str(len(sent)))
    stored = e2e.stored_config(module["id"])["wh_configuration"].get("value")
    with open(STATE, "w") as f:
        json.dump({"version": module["module_version"], "sent": sent, "stored": stored}, f)


def after_upgrade(e2e):
    with open(STATE) as f:
        before = json.load(f)
    module = e2e.modules()[PACKAGE]
    # IRIS 2.4.20 does not read its modules again at boot ("Module already exists in Iris"): the
    # row keeps the old version until the configuration is next saved (or the module enabled).
    e2e.check("upgrade in place: the row keeps its version until the next save",
              module["module_version"] == before["version"], module["module_version"])
    stored = e2e.stored_config(module["id"])["wh_configuration"].get("value")
    e2e.check("upgrade in place: wh_configuration kept as saved", stored == before["stored"])
    hooks = e2e.hooks_of(PACKAGE)
    e2e.check("its hooks: the configuration's", "on_postload_ioc_create" in hooks and
              "on_postload_ioc_update" in hooks, ", ".join(hooks))
    receiver = Receiver()
    try:
        ioc = e2e.add_ioc("rust-after-upgrade.example", "domain", custom_attributes={})
        # What the other checks created while no receiver was up was kept, and comes first.
        mine = (receiver.wait("/create", having="rust-after-upgrade") or [None])[-1]
        kept_before = [r for r in receiver.requests if "rust-after-upgrade" not in r["body"]]
        theirs = before["sent"][0]
        e2e.check("an IOC created reaches the receiver (after what was kept while it was down)",
                  mine is not None, f"{len(kept_before)} kept payload(s) first")
        same = (mine["headers"] == theirs["headers"] and
                mine["body"] == theirs["body"].replace("python-before-upgrade", "rust-after-upgrade"))
        e2e.check("the same request as the Python module's (but the IOC's name)", same,
                  f"{mine['body']} / {theirs['body']}")
        # The whole IOC, as IRIS's form sends it (IRIS fails on an IOC whose custom attributes
        # are null, hence the empty ones given at its creation).
        code, body = e2e.api("POST", f"/case/ioc/update/{ioc}?cid={e2e.CASE}",
                             json={"ioc_value": "rust-after-upgrade.example", "ioc_type_id": e2e.ioc_type_id("domain"),
                                   "ioc_tlp_id": 2, "ioc_description": "updated by the e2e run", "ioc_tags": "",
                                   "custom_attributes": {}})
        e2e.check("the IOC updated through IRIS's API", code == 200, f"HTTP {code} {body.get('message', '')}")
        e2e.check("an IOC updated reaches the update webhook",
                  len(receiver.wait("/update", having="rust-after-upgrade")) == 1)
        code, _ = e2e.set_parameter(module["id"], "wh_configuration", configuration(with_update=False))
        hooks = e2e.hooks_of(PACKAGE)
        e2e.check("a webhook removed and saved: its hook is gone", code == 200 and
                  "on_postload_ioc_update" not in hooks, ", ".join(hooks))
        version = e2e.modules()[PACKAGE]["module_version"]
        e2e.check("the save brought the row to the drop-in's version", version == "1.1.0", version)
        # The receiver down: the creation is kept in IRIS's database, then sent first once it is back.
        receiver.down()
        e2e.add_ioc("kept-while-down.example", "domain")
        kept = e2e.wait_for("a payload kept in iris_module_outbox", lambda: e2e.query(
            "SELECT item FROM iris_module_outbox WHERE item LIKE %s", ("%kept-while-down%",)) or None,
            timeout=180)
        tokens = e2e.query("SELECT count(*) FROM iris_module_outbox WHERE item LIKE %s", (f"%{TOKEN}%",))[0][0]
        e2e.check("a refused payload kept in IRIS's database, without the token",
                  len(kept) == 1 and tokens == 0, f"{len(kept)} kept, {tokens} with the token")
        receiver.requests.clear()
        receiver.up()
        e2e.add_ioc("after-it-is-back.example", "domain")
        receiver.wait("/create", having="after-it-is-back")
        got = [json.loads(r["body"])["attachments"][0]["text"] for r in receiver.requests if r["path"] == "/create"]
        e2e.check("the kept payload first, then the new one, once each",
                  len(got) == 2 and "kept-while-down" in got[0] and "after-it-is-back" in got[1], str(got))
    finally:
        receiver.down()
    leaked = [path for path in os.environ.get("E2E_LOGS", "").split(":") if path and TOKEN in open(path).read()]
    e2e.check("the header token in no IRIS log", not leaked, ", ".join(leaked))


def after_restart(e2e):
    hooks = e2e.hooks_of(PACKAGE)
    e2e.check("after a restart, the removed webhook's hook is still gone",
              "on_postload_ioc_update" not in hooks and "on_postload_ioc_create" in hooks, ", ".join(hooks))


# The template webhook's body: each string a template path, where the drop-in puts the list of the
# objects the hook passed (as 1.0.8 does, "" for the kinds not in the call).
KINDS = {"case": ("cases", "case_id"), "asset": ("assets", "asset_id"), "note": ("notes", "note_id"),
         "ioc": ("iocs", "ioc_id"), "event": ("events", "event_id"), "evidence": ("evidences", "id"),
         "task": ("tasks", "id"), "alert": ("alerts", "alert_id")}
# What IRIS changes after calling the hook, in the same request (add_obj_history_entry follows
# call_modules_hook in IRIS's routes): a difference there is the dump's being later, not the drop-in.
MOVES_AFTER_THE_HOOK = ("modification_history",)


def template_configuration():
    return json.dumps({"instance_url": "https://iris.example.org", "webhooks": [
        {"name": "dumps", "trigger_on": ["all_create", "all_update"], "request_url": f"http://127.0.0.1:{PORT}/dumps",
         "use_rendering": False, "request_body": {plural: plural for plural, _ in KINDS.values()}}]})


def differences(ours, theirs, path=""):
    """Key paths where two JSON values differ: values, key sets, key order, list lengths."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        for key in [k for k in ours if k not in theirs]:
            found.append((f"{path}.{key}", "only in ours", json.dumps(ours[key])))
        for key in [k for k in theirs if k not in ours]:
            found.append((f"{path}.{key}", "only in IRIS's", json.dumps(theirs[key])))
        for key in [k for k in ours if k in theirs]:
            found += differences(ours[key], theirs[key], f"{path}.{key}")
        common_ours = [k for k in ours if k in theirs]
        common_theirs = [k for k in theirs if k in ours]
        if common_ours != common_theirs:
            found.append((path or ".", "key order", f"{common_ours} / {common_theirs}"))
        return found
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [d for i, (a, b) in enumerate(zip(ours, theirs)) for d in differences(a, b, f"{path}[{i}]")]
    if json.dumps(ours) != json.dumps(theirs):
        return [(path or ".", "value", f"{json.dumps(ours)} / {json.dumps(theirs)}")]
    return []


def template_dumps(e2e):
    """The drop-in in template mode, on every create and update hook: objects of each kind made
    through IRIS's API in one case (each object's last change made by the action whose hook is its
    last), then each object's body from its last hook compared with IRIS's own schema's dump of it
    (dump_objects.py in IRIS's app context), text for text."""
    module = e2e.modules()[PACKAGE]
    code, _ = e2e.set_parameter(module["id"], "wh_configuration", template_configuration())
    hooks = e2e.hooks_of(PACKAGE)
    e2e.check("a template webhook on every create and update hook saved", code == 200 and
              "on_postload_case_update" in hooks and "on_postload_alert_create" in hooks, ", ".join(hooks))
    app_log = os.environ["E2E_LOGS"].split(":")[0]
    receiver = Receiver()
    calls = []

    def act(label, method, path, **kwargs):
        """One IRIS action, then the wait for the worker to run every hook task it queued for the
        drop-in and for their requests at the receiver."""
        offset, before = os.path.getsize(app_log), e2e.last_task_id()
        sent = len(receiver.wait("/dumps", timeout=0))
        code, body = e2e.api(method, path, **kwargs)
        assert code == 200 and body.get("status") == "success", f"{label}: HTTP {code} {json.dumps(body)[:300]}"
        time.sleep(0.5)
        with open(app_log, "rb") as f:
            f.seek(offset)
            queued = re.findall(rf"Calling module {PACKAGE} asynchronously for hook (\S+)",
                                f.read().decode("utf-8", "replace"))
        if queued:
            e2e.task_results_after(before, PACKAGE, count=len(queued))
        got = receiver.wait("/dumps", count=sent + len(queued), timeout=60)
        calls.append((label, queued, len(got) - sent))
        print(f"      {label}: hooks {', '.join(queued) or 'none'}; {len(got) - sent} request(s)", flush=True)
        return body.get("data")

    try:
        def type_id(path, name_key, id_key, name):
            _, body = e2e.api("GET", path)
            return next(t[id_key] for t in body["data"] if t[name_key] == name)

        admin = e2e.query("SELECT id FROM \"user\" WHERE \"user\" = 'administrator'")[0][0]
        customer = e2e.query("SELECT client_id FROM client ORDER BY client_id LIMIT 1")[0][0]
        case = act("create case", "POST", "/manage/cases/add", json={
            "case_name": "e2e dumps", "case_description": "Phishing campaign (the dumps check)",
            "case_customer": customer, "case_soc_id": "SOC-E2E", "case_tags": "phishing,e2e-dumps",
            "classification_id": type_id("/manage/case-classifications/list", "name", "id", "fraud:phishing"),
            "severity_id": 5})
        cid = case["case_id"]
        q = f"?cid={cid}"
        ioc = act("create ioc", "POST", f"/case/ioc/add{q}", json={
            "ioc_value": "dumps-c2.example", "ioc_type_id": e2e.ioc_type_id("domain"), "ioc_tlp_id": 2,
            "ioc_description": "C2 domain", "ioc_tags": "c2,e2e", "custom_attributes": {}})["ioc_id"]
        asset = act("create asset", "POST", f"/case/assets/add{q}", json={
            "asset_name": "WS-DUMPS-01", "asset_type_id": 9, "asset_description": "Finance workstation",
            "asset_ip": "10.0.0.42", "asset_domain": "corp.example", "asset_compromise_status_id": 1,
            "analysis_status_id": 3, "asset_tags": "workstation", "ioc_links": [ioc], "custom_attributes": {}})["asset_id"]
        _, directory = e2e.api("POST", f"/case/notes/directories/add{q}", json={"name": "Dumps notes"})
        note = act("create note", "POST", f"/case/notes/add{q}", json={
            "note_title": "Triage", "directory_id": directory["data"]["id"],
            "note_content": "# Triage\n\nThe user clicked the link.\n", "custom_attributes": {}})["note_id"]
        event = {"event_title": "Beacon to C2", "event_date": "2026-12-01T08:30:00.000", "event_tz": "+01:00",
                 "event_category_id": 13, "event_assets": [asset], "event_iocs": [ioc], "event_tags": "c2",
                 "event_content": "HTTPS beacon every 60 s", "event_raw": "proxy: CONNECT dumps-c2.example:443",
                 "event_source": "EDR", "event_in_summary": True, "event_in_graph": True,
                 "event_color": "#1572E899", "event_sync_iocs_assets": False, "custom_attributes": {}}
        parent = act("create event (parent)", "POST", f"/case/timeline/events/add{q}", json=event)["event_id"]
        child = act("create event (child)", "POST", f"/case/timeline/events/add{q}", json=dict(
            event, event_title="Second beacon", event_date="2026-12-01T08:31:00.000", parent_event_id=parent))["event_id"]
        act("update event (parent, now with its child)", "POST", f"/case/timeline/events/update/{parent}{q}",
            json=dict(event, event_content="HTTPS beacon every 60 s (two seen)"))
        _, types = e2e.api("GET", "/manage/evidence-types/list")
        evidence_type = next(t["id"] for t in types["data"] if t["name"] != "Unspecified")
        evidence = act("create evidence", "POST", f"/case/evidences/add{q}", json={
            "filename": "disk.E01", "file_size": 1073741824, "file_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
            "file_description": "Disk image of the workstation", "type_id": evidence_type,
            "custom_attributes": {}})["id"]
        task = act("create task", "POST", f"/case/tasks/add{q}", json={
            "task_title": "Contain host", "task_description": "Isolate the workstation", "task_status_id": 1,
            "task_assignees_id": [admin], "task_tags": "containment", "custom_attributes": {}})["id"]
        _, statuses = e2e.api("GET", "/manage/alert-resolutions/list")
        resolution = statuses["data"][0]["resolution_status_id"]
        alert = act("create alert", "POST", "/alerts/add", json={
            "alert_title": "Suspicious VPN login", "alert_description": "Impossible travel", "alert_source": "SIEM",
            "alert_source_ref": "SIEM-E2E", "alert_source_link": "https://siem.example/alerts/e2e",
            "alert_source_content": {"rule": "impossible-travel", "user": "jdoe"}, "alert_severity_id": 5,
            "alert_status_id": 2, "alert_context": {"tenant": "e2e"}, "alert_source_event_time": "2026-12-01T07:59:00",
            "alert_note": "", "alert_tags": "vpn,e2e", "alert_customer_id": customer, "alert_classification_id": 15,
            "alert_owner_id": admin,
            "alert_iocs": [{"ioc_value": "203.0.113.9", "ioc_type_id": e2e.ioc_type_id("ip-src"), "ioc_tlp_id": 2,
                            "ioc_description": "VPN source", "ioc_tags": "vpn"}],
            "alert_assets": [{"asset_name": "vpn-gw-dumps", "asset_type_id": 14, "asset_description": "VPN gateway",
                              "asset_ip": "198.51.100.1"}]})["alert_id"]
        act("comment on the alert", "POST", f"/alerts/{alert}/comments/add", json={"comment_text": "Looking"})
        act("merge the alert into the case", "POST", f"/alerts/merge/{alert}", json={
            "target_case_id": cid, "iocs_import_list": [], "assets_import_list": [], "note": "",
            "import_as_event": False, "case_tags": ""})
        act("update alert (note, resolution)", "POST", f"/alerts/update/{alert}",
            json={"alert_note": "Confirmed", "alert_resolution_status_id": resolution})
        review = e2e.query("SELECT id FROM review_status WHERE status_name = 'Pending review'")[0][0]
        act("update case (protagonist, reviewer, review status, tags)", "POST", f"/manage/cases/update/{cid}", json={
            "case_description": "Phishing campaign (the dumps check, updated)", "reviewer_id": admin,
            "review_status_id": review,
            "case_tags": "phishing,e2e-dumps,updated",
            "protagonists": [{"role": "Analyst", "name": "Jane Doe", "contact": "jane@example.org"}]})
    finally:
        receiver.down()
        code, _ = e2e.set_parameter(module["id"], "wh_configuration", configuration(with_update=False))
        e2e.check("the configuration before this part saved again", code == 200 and
                  "on_postload_ioc_update" not in e2e.hooks_of(PACKAGE))

    ids = {"case": [cid], "asset": [asset], "note": [note], "ioc": [ioc], "event": [parent, child],
           "evidence": [evidence], "task": [task], "alert": [alert]}
    # Each object's item in the body of its last hook call.
    last = {}
    for request in receiver.requests:
        if request["path"] != "/dumps":
            continue
        body = json.loads(request["body"])
        for kind, (plural, key) in KINDS.items():
            for item in body.get(plural) or []:
                last[(kind, item[key])] = item
    dumped = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                          "dump_objects.py"), json.dumps(ids)],
                            cwd=os.environ["E2E_IRIS_SOURCE"], capture_output=True, text=True, timeout=300)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    theirs = json.loads(dumped.stdout.strip().splitlines()[-1])
    with open(os.path.join(os.environ.get("E2E_STATE", "/tmp"), "template-dumps.json"), "w") as f:
        json.dump({"calls": calls, "ours": {f"{k}:{i}": v for (k, i), v in last.items()}, "iris": theirs}, f, indent=1)
    for kind, object_ids in ids.items():
        for object_id in object_ids:
            name = f"{kind} #{object_id}: the body of its last hook is IRIS's {KINDS[kind][0]} dump"
            ours = last.get((kind, object_id))
            if ours is None:
                e2e.check(name, False, "no body at the receiver holds it")
                continue
            iris = theirs[kind][str(object_id)]
            if json.dumps(ours) == iris:
                e2e.check(name, True, f"identical ({len(iris)} characters, {len(ours)} keys)")
                continue
            found = differences(ours, json.loads(iris))
            moved = [d for d in found if d[0].lstrip(".").split(".")[0].split("[")[0] in MOVES_AFTER_THE_HOOK]
            others = [d for d in found if d not in moved]
            for path, what, detail in found:
                print(f"      {kind} #{object_id} {path}: {what}: {detail[:600]}"
                      + (" (changed by IRIS after the hook)" if (path, what, detail) in moved else ""))
            e2e.check(name, not others, f"{len(others)} difference(s)"
                      + (f", and {len(moved)} in what IRIS changes after the hook" if moved else ""))
