"""The checks of the end-to-end run against a real IRIS, v2.4.20 or develop (see run.sh): IRIS
driven through its HTTP API with the administrator's API key, as an administrator and an analyst
would, and each result read back from IRIS's database (`iris_db`) and from the worker's results
(`iris_tasks`). A group of checks stopped by an error counts as one failure; the others still run.

    check.py --wait-for-app | --wait-for-worker | --before-upgrade | --examples EXAMPLES_DIR |
             --after-restart

Environment (run.sh sets it): IRIS_URL, IRIS_ADM_API_KEY, E2E_DATABASE, E2E_NDJSON."""

import argparse
import base64
import hashlib
import json
import os
import pickle
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import psycopg2
import requests

URL = os.environ["IRIS_URL"]
HEADERS = {"Authorization": f"Bearer {os.environ['IRIS_ADM_API_KEY']}", "Content-Type": "application/json"}
DATABASE = os.environ["E2E_DATABASE"]
VT_KEY = "e2e-vt-key-kept-across-the-upgrade"
CASE = 1
results = []


def section(name, run, *args):
    """Runs a group of checks; one that stops on an error (an answer missing, a task awaited in vain)
    is a failure of its own, and the run goes on to the next group. Returns what `run` returns."""
    try:
        return run(*args)
    except Exception as error:  # noqa: BLE001  (any error: it is reported, not raised)
        check(f"{name}: stopped", False, f"{type(error).__name__}: {error}"[:300])
        return None


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f": {detail}" if detail else ""), flush=True)
    return ok


def api(method, path, **kwargs):
    headers = dict(HEADERS)
    if "files" in kwargs:
        headers.pop("Content-Type")
    answer = requests.request(method, URL + path, headers=headers, timeout=120, **kwargs)
    try:
        body = answer.json()
    except ValueError:
        body = {"status": "error", "message": answer.text[:300]}
    return answer.status_code, body


def query(sql, args=(), database="iris_db"):
    with psycopg2.connect(f"{DATABASE}/{database}") as connection, connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall() if cursor.description else None


def wait_for(what, probe, timeout=120, every=0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"timed out waiting for {what}")


def last_task_id():
    return query("SELECT COALESCE(MAX(id), 0) FROM celery_taskmeta", database="iris_tasks")[0][0]


class _Opaque:
    """What an ORM object in a stored status unpickles to here (IRIS's `app` is not imported)."""

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        self.__dict__["state"] = state


class _StatusUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.split(".")[0] in ("app", "sqlalchemy"):
            return _Opaque
        return super().find_class(module, name)


def unpickle_status(blob):
    import io
    return _StatusUnpickler(io.BytesIO(bytes(blob))).load()


def task_results_after(task_id, module, count=1, timeout=180):
    """The statuses the worker stored for the `count` tasks of `module` (a package name) that
    finished after row `task_id`."""
    def probe():
        rows = query("SELECT kwargs, status, result FROM celery_taskmeta WHERE id > %s AND status IN "
                     "('SUCCESS', 'FAILURE') ORDER BY id", (task_id,), database="iris_tasks")
        mine = [row for row in rows if json.loads(bytes(row[0]) or b"{}").get("module_name") == module]
        return mine if len(mine) >= count else None
    rows = wait_for(f"{count} task result(s) of {module}", probe, timeout)
    return [(state, unpickle_status(result) if result else None) for _, state, result in rows]


def modules():
    """IRIS's module table by package name (IRIS's module list shows human names only)."""
    rows = query("SELECT id, module_name, module_human_name, module_version, is_active FROM iris_module")
    return {row[1]: {"id": row[0], "module_human_name": row[2], "module_version": row[3], "is_active": row[4]}
            for row in rows}


def set_parameter(module_id, name, value):
    encoded = base64.b64encode(f"{module_id}##{name}".encode()).decode()
    return api("POST", f"/manage/modules/set-parameter/{encoded}", json={"parameter_value": value})


def stored_config(module_id):
    _, body = api("GET", f"/manage/modules/export-config/{module_id}")
    return {entry["param_name"]: entry for entry in body["data"]["module_configuration"]}


def add_module(package):
    code, body = api("POST", "/manage/modules/add", json={"module_name": package})
    check(f"{package} added through /manage/modules/add", code == 200 and body["status"] == "success",
          body.get("message", ""))
    return modules()[package]["id"]


def ioc_type_id(name):
    _, body = api("GET", "/manage/ioc-types/list")
    return next(t["type_id"] for t in body["data"] if t["type_name"] == name)


def add_ioc(value, kind, **extra):
    code, body = api("POST", f"/case/ioc/add?cid={CASE}",
                     json={"ioc_value": value, "ioc_type_id": ioc_type_id(kind), "ioc_tlp_id": 2,
                           "ioc_description": "added by the e2e run", "ioc_tags": "", **extra})
    assert code == 200, body
    return body["data"]["ioc_id"]


def ioc_row(ioc_id):
    return query("SELECT ioc_value, ioc_tags, ioc_description, custom_attributes FROM ioc WHERE ioc_id = %s",
                 (ioc_id,))[0]


def ioc_has_case_id():
    """Whether an IOC names its case (iris-web develop), or IocLink links them (v2.4.20's ioc_link)."""
    return bool(query("SELECT 1 FROM information_schema.columns WHERE table_name = 'ioc' AND "
                      "column_name = 'case_id'"))


def ioc_case_join():
    return "" if ioc_has_case_id() else "JOIN ioc_link l ON l.ioc_id = i.ioc_id"


def ioc_case_column():
    return "i.case_id" if ioc_has_case_id() else "l.case_id"


def hooks_of(package):
    return sorted(hook for (hook,) in query(
        "SELECT h.hook_name FROM iris_module_hooks mh JOIN iris_hooks h ON h.id = mh.hook_id "
        "JOIN iris_module m ON m.id = mh.module_id WHERE m.module_name = %s", (package,)))


def manual_hook(package, ui_name, ioc_ids):
    before = last_task_id()
    code, body = api("POST", f"/dim/hooks/call?cid={CASE}",
                     json={"hook_name": "on_manual_trigger_ioc", "hook_ui_name": ui_name, "module_name": package,
                           "type": "ioc", "targets": ioc_ids})
    assert code == 200, body
    return task_results_after(before, package)[0]


class VirusTotal(BaseHTTPRequestHandler):
    """A loopback VirusTotal answering v3 JSON from the example's fixtures."""
    fixtures = ""
    received = []

    def do_GET(self):
        VirusTotal.received.append((self.path, self.headers.get("x-apikey")))
        fixture = os.path.join(VirusTotal.fixtures, self.path[len("/api/v3/"):] + ".json")
        if self.headers.get("x-apikey") != VT_KEY:
            status, body = 401, {"error": {"code": "WrongCredentialsError"}}
        elif os.path.isfile(fixture):
            with open(fixture) as f:
                status, body = 200, json.load(f)
        else:
            status, body = 404, {"error": {"code": "NotFoundError"}}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def before_upgrade():
    vt = modules()["iris_vt_module"]
    check("IRIS's own Python iris_vt_module registered at first boot", vt["module_version"] == "1.2.1",
          f"version {vt['module_version']}")
    code, _ = set_parameter(vt["id"], "vt_api_key", VT_KEY)
    check("the VT key saved on IRIS's Python module", code == 200)


def upgrade_in_place():
    vt = modules()["iris_vt_module"]
    code, body = set_parameter(vt["id"], "vt_api_url", "http://127.0.0.1:1/api/v3")
    check("before the upgrade, IRIS refuses a parameter its stored list lacks", code != 200, f"HTTP {code}")
    code, _ = api("POST", f"/manage/modules/enable/{vt['id']}")
    config = stored_config(vt["id"])
    version = query("SELECT module_version FROM iris_module WHERE id = %s", (vt["id"],))[0][0]
    check("upgrade in place: the stored configuration brought to the new version on enable",
          code == 200 and version == "0.1.0" and "vt_api_url" in config and "vt_requests_per_minute" in config,
          f"version {version}, {len(config)} parameters")
    check("upgrade in place: the stored VT key is kept", config["vt_api_key"].get("value") == VT_KEY)
    new = config.get("vt_requests_per_minute", {})
    check("upgrade in place: a new parameter has its default", new.get("value") == 4, str(new.get("value")))
    return vt["id"]


def refang_checks():
    before_module = add_ioc("hxxp://before-module[.]example/a", "url")
    refang = add_module("iris_refang_module")
    check("IrisRefang registered its hooks", "on_postload_ioc_create" in hooks_of("iris_refang_module"),
          ", ".join(hooks_of("iris_refang_module")))
    before = last_task_id()
    created = add_ioc("hxxps://Evil[.]Example[/]login", "url")
    (state, status), = task_results_after(before, "iris_refang_module")
    value, tags, _, _ = ioc_row(created)
    check("an IOC created with a defanged value is refanged in IRIS's database by the worker",
          value == "https://evil.example/login" and "refanged" in (tags or ""), f"{value!r}, tags {tags!r}")
    state, status = manual_hook("iris_refang_module", "Refang IOC", [before_module])
    value, tags, _, _ = ioc_row(before_module)
    check("a manual hook (Refang IOC) runs in the worker and its change is in the database",
          status.is_success() and value == "http://before-module.example/a", f"{value!r}: {status.get_message()}")
    return refang


def vt_checks(vt_id, examples):
    VirusTotal.fixtures = os.path.join(examples, "vt-enrichment", "tests", "data", "vt")
    server = HTTPServer(("127.0.0.1", 0), VirusTotal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for name, value in (("vt_api_url", f"http://127.0.0.1:{server.server_port}/api/v3"),
                            ("vt_key_is_premium", "true"), ("vt_manual_hook_enabled", "true")):
            code, body = set_parameter(vt_id, name, value)
            check(f"IrisVT parameter {name} set after the upgrade", code == 200, body.get("message", ""))
        ioc = add_ioc("evil.example", "domain")
        _, status = manual_hook("iris_vt_module", "Get VT insight", [ioc])
        value, tags, description, attributes = ioc_row(ioc)
        check("IrisVT against a loopback VirusTotal: tags, description line and report tab stored",
              status.is_success() and "vt:suspicious" in (tags or "") and "VT insight" in (description or "")
              and "VT Report" in (attributes or {}), f"{status.get_message()}; tags {tags!r}")
        check("the VT key reached VirusTotal and nothing else",
              VirusTotal.received and all(key == VT_KEY for _, key in VirusTotal.received)
              and VT_KEY not in repr(status.get_logs()) + status.get_message())

        section("a note's indicators as IOCs", note_checks, vt_id)
        set_parameter(vt_id, "vt_on_create_hook_enabled", "false")

        code, _ = set_parameter(vt_id, "vt_requests_per_minute", "lots")
        _, status = manual_hook("iris_vt_module", "Get VT insight", [ioc])
        check("a bad parameter value is named in the task's status",
              code == 200 and status.is_failure() and "vt_requests_per_minute" in status.get_message(),
              status.get_message()[:200])
        set_parameter(vt_id, "vt_requests_per_minute", "4")

        set_parameter(vt_id, "vt_on_create_hook_enabled", "true")
        on = "on_postload_ioc_create" in hooks_of("iris_vt_module")
        set_parameter(vt_id, "vt_on_create_hook_enabled", "false")
        off = "on_postload_ioc_create" not in hooks_of("iris_vt_module")
        check("a Triggers flag switched on registers its hook, switched off removes it from IRIS's table",
              on and off, ", ".join(hooks_of("iris_vt_module")))
    finally:
        server.shutdown()


def task_calls_after(task_id):
    """(module, hook) of every worker hook task after row `task_id`, finished or not yet."""
    rows = query("SELECT kwargs FROM celery_taskmeta WHERE id > %s ORDER BY id", (task_id,), database="iris_tasks")
    calls = [json.loads(bytes(kwargs) or b"{}") for (kwargs,) in rows]
    return [(call.get("module_name"), call.get("hook_name")) for call in calls]


def note_checks(vt_id):
    """A note's indicators become IOCs of its case (IrisRefang's switch); IRIS's IOC hook then
    reaches IrisVT (switched on for it) and never IrisRefang, which added them."""
    refang = modules()["iris_refang_module"]["id"]
    set_parameter(refang, "note_indicators_to_iocs", "true")
    set_parameter(vt_id, "vt_on_create_hook_enabled", "true")
    admin = query("SELECT id FROM \"user\" WHERE \"user\" = 'administrator'")[0][0]
    _, body = api("POST", f"/case/notes/directories/add?cid={CASE}", json={"name": "Threat intel"})
    before = last_task_id()
    code, body = api("POST", f"/case/notes/add?cid={CASE}",
                     json={"note_title": "Phishing report", "directory_id": body["data"]["id"],
                           "note_content": "Lure: hxxps://Evil-Corp[.]example/login from 198[.]51[.]100[.]7"})
    note_id = body["data"]["note_id"]
    (_, status), = task_results_after(before, "iris_refang_module")
    rows = query("SELECT i.ioc_value, i.ioc_tags, i.user_id, t.type_name FROM ioc i " + ioc_case_join() +
                 " JOIN ioc_type t ON t.type_id = i.ioc_type_id WHERE " + ioc_case_column() + " = %s AND "
                 "i.ioc_description = %s ORDER BY i.ioc_id", (CASE, f'Found in note #{note_id} "Phishing report"'))
    check("a note's indicators become IOCs of its case, as the user who wrote the note",
          status.is_success() and [(r[0], r[3], r[2]) for r in rows] ==
          [("https://evil-corp.example/login", "url", admin), ("198.51.100.7", "ip-any", admin)],
          f"{status.get_message()}: {rows}")
    activity = query("SELECT user_id, activity_desc FROM user_activity WHERE case_id = %s AND activity_desc IN "
                     "(%s, %s)", (CASE, 'Added ioc "https://evil-corp.example/login"', 'Added ioc "198.51.100.7"'))
    check("the new IOCs are in the case's activity trail, by that user", len(activity) == 2 and
          all(user == admin for user, _ in activity), repr(activity))
    task_results_after(before, "iris_vt_module", count=2)
    calls = task_calls_after(before)
    check("IRIS's IOC hook reached the other module (IrisVT) for each new IOC, never the module that added them",
          calls.count(("iris_vt_module", "on_postload_ioc_create")) == 2
          and ("iris_refang_module", "on_postload_ioc_create") not in calls, repr(calls))
    before = last_task_id()
    api("POST", f"/case/notes/update/{note_id}?cid={CASE}",
        json={"note_title": "Phishing report",
              "note_content": "Lure: hxxps://Evil-Corp[.]example/login from 198[.]51[.]100[.]7 (seen twice)"})
    (_, again), = task_results_after(before, "iris_refang_module")
    count = query("SELECT COUNT(*) FROM ioc WHERE ioc_description = %s",
                  (f'Found in note #{note_id} "Phishing report"',))[0][0]
    check("the note saved again adds nothing twice",
          again.is_success() and count == 2 and "case: nothing new to add (2 already there)" in again.get_logs(),
          f"{count} IOCs; {again.get_logs()[-2:]}")
    set_parameter(vt_id, "vt_on_create_hook_enabled", "false")


def evtx_checks(examples):
    evtx = add_module("iris_evtx_module")
    for name, value in (("output", "ndjson"), ("ndjson_directory", os.environ["E2E_NDJSON"])):
        code, body = set_parameter(evtx, name, value)
        check(f"IrisEvtx parameter {name} set", code == 200, body.get("message", ""))
    sample = os.path.join(examples, "evtx-pipeline", "tests", "data", "Security.evtx")
    with open(sample, "rb") as f:
        content = f.read()
    pipeline = f"iris_evtx_module-{query('SELECT pipeline_args FROM iris_module WHERE id = %s', (evtx,))[0][0]['pipeline_internal_name']}"
    code, body = api("POST", f"/manage/cases/upload_files?cid={CASE}",
                     files={"file": ("Security.evtx", content)}, data={"is_update": "true", "pipeline": pipeline})
    check("an EVTX file uploaded through IRIS's upload route", code == 200 and body["status"] == "success",
          body.get("message", ""))
    before = last_task_id()
    code, body = api("POST", f"/manage/cases/trigger-pipeline?cid={CASE}",
                     json={"pipeline": pipeline, "args_index_evtx": "dfir"})
    check("the pipeline queued through IRIS's trigger route", code == 200, body.get("message", ""))
    (_, status), = task_results_after(before, "iris_evtx_module")
    check("the EVTX pipeline succeeds in the worker (evidence storage called from the module's threads)",
          status.is_success(), status.get_message()[:300])
    written = [os.path.join(d, f) for d, _, files in os.walk(os.environ["E2E_NDJSON"]) for f in files]
    lines = sum(1 for path in written for _ in open(path))
    check("the events are written as NDJSON", lines == 120, f"{lines} events in {len(written)} file(s)")
    rows = query("SELECT filename, file_hash, file_size FROM case_received_file WHERE case_id = %s", (CASE,))
    check("the evidence is registered with its SHA-256",
          ("Security.evtx", hashlib.sha256(content).hexdigest(), len(content)) in rows, repr(rows))
    evtx_case_checks(examples, pipeline, written)


def evtx_case_checks(examples, pipeline, written):
    """The EVTX imports fill the case: hosts as assets, notable events on the timeline, once."""
    events = [json.loads(line)["event"]["Event"] for path in written for line in open(path)]
    hosts = {event["System"]["Computer"] for event in events}
    rdp = [e for e in events if e["System"]["EventID"] == 4624 and str(e["EventData"]["LogonType"]) == "10"]
    assets = query("SELECT asset_name FROM case_assets WHERE case_id = %s", (CASE,))
    timeline = query("SELECT event_title FROM cases_events WHERE case_id = %s AND event_source = 'Security.evtx'",
                     (CASE,))
    check("Security.evtx: each host is an asset of the case, each RDP logon on its timeline",
          {a for (a,) in assets} == hosts and len(timeline) == len(rdp) and
          all(t.startswith("Remote interactive logon (RDP) of ") for (t,) in timeline),
          f"{len(assets)} assets for {len(hosts)} hosts, {len(timeline)} events for {len(rdp)} RDP logons")

    def import_notable():
        with open(os.path.join(examples, "evtx-pipeline", "tests", "data", "Notable.evtx"), "rb") as f:
            api("POST", f"/manage/cases/upload_files?cid={CASE}", files={"file": ("Notable.evtx", f.read())},
                data={"is_update": "true", "pipeline": pipeline})
        before = last_task_id()
        api("POST", f"/manage/cases/trigger-pipeline?cid={CASE}", json={"pipeline": pipeline, "args_index_evtx": "dfir"})
        (_, status), = task_results_after(before, "iris_evtx_module")
        return status

    status = import_notable()
    rows = query("SELECT e.event_title, c.name, a.asset_name FROM cases_events e "
                 "JOIN case_events_category ec ON ec.event_id = e.event_id JOIN event_category c ON c.id = ec.category_id "
                 "JOIN case_events_assets ea ON ea.event_id = e.event_id JOIN case_assets a ON a.asset_id = ea.asset_id "
                 "WHERE e.case_id = %s AND e.event_source = 'Notable.evtx' ORDER BY e.event_date", (CASE,))
    expected = [
        ("Remote interactive logon (RDP) of CORP\\mallory on DC01.corp.example from 203.0.113.7", "Lateral Movement"),
        ("User account CORP\\backdoor created on DC01.corp.example by CORP\\mallory", "Persistence"),
        ("CN=backdoor,CN=Users,DC=corp,DC=example added to the global group Domain Admins on DC01.corp.example "
         "by CORP\\mallory", "Privilege Escalation"),
        ("S-1-5-21-1-1337 added to the local group Administrators on DC01.corp.example by CORP\\mallory",
         "Privilege Escalation"),
        ("CN=backdoor,CN=Users,DC=corp,DC=example added to the universal group Enterprise Admins on "
         "DC01.corp.example by CORP\\mallory", "Privilege Escalation"),
        ("Scheduled task \\Microsoft\\Windows\\Updater created on DC01.corp.example by CORP\\mallory", "Persistence"),
        ("Service PSEXESVC installed on DC01.corp.example (%SystemRoot%\\PSEXESVC.exe)", "Persistence"),
        ("Security log cleared on DC01.corp.example by CORP\\mallory", "Defense Evasion"),
    ]
    check("Notable.evtx: its notable events on the timeline, with IRIS's categories, linked to the host's asset",
          status.is_success() and [(t, c) for t, c, _ in rows] == expected
          and {a for _, _, a in rows} == {"DC01.corp.example"}, f"{status.get_message()}; {len(rows)} events")
    for title, category in [(t, c) for t, c, _ in rows]:
        print(f"      timeline: [{category}] {title}")

    counts = lambda: query("SELECT (SELECT COUNT(*) FROM case_assets WHERE case_id = %s), "  # noqa: E731
                           "(SELECT COUNT(*) FROM cases_events WHERE case_id = %s)", (CASE, CASE))[0]
    before = counts()
    query("DELETE FROM case_received_file WHERE case_id = %s AND filename = 'Notable.evtx'", (CASE,))
    again = import_notable()
    check("the same file imported again (its evidence record removed) adds nothing twice",
          again.is_success() and counts() == before and
          "Notable.evtx: 0 host(s) and 0 notable event(s) to add to the case, 9 already there" in again.get_logs(),
          f"assets and events {before} then {counts()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wait-for-app", action="store_true")
    parser.add_argument("--before-upgrade", action="store_true")
    parser.add_argument("--examples")
    parser.add_argument("--after-restart", action="store_true")
    args = parser.parse_args()
    import misp_checks
    import webhooks_checks
    if args.wait_for_app:
        wait_for("IRIS's app", lambda: _ping(), timeout=300, every=1)
        return 0
    if args.before_upgrade:
        before_upgrade()
        section("IrisWebHooks before the upgrade", webhooks_checks.before_upgrade, sys.modules[__name__])
        section("IrisMISP before the upgrade", misp_checks.before_upgrade, sys.modules[__name__])
    elif args.after_restart:
        section("IrisWebHooks after a restart", webhooks_checks.after_restart, sys.modules[__name__])
        section("IrisMISP after a restart", misp_checks.after_restart, sys.modules[__name__])
    else:
        vt = section("the upgrade in place", upgrade_in_place) or modules()["iris_vt_module"]["id"]
        # Before the others: its IOCs are created while the row is still the Python module's.
        section("IrisMISP", misp_checks.after_upgrade, sys.modules[__name__])
        # Before the other modules' checks: what they create reaches the on-create webhook while
        # no receiver listens, and the drop-in keeps it, to send it first to this part's receiver.
        section("IrisWebHooks", webhooks_checks.after_upgrade, sys.modules[__name__])
        section("IrisWebHooks in template mode: IRIS's dumps", webhooks_checks.template_dumps,
                sys.modules[__name__])
        section("IrisRefang", refang_checks)
        section("IrisVT", vt_checks, vt, args.examples)
        section("IrisEvtx", evtx_checks, args.examples)
    failed = [name for name, ok, _ in results if not ok]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def _ping():
    try:
        return api("GET", "/api/ping")[0] == 200
    except requests.RequestException:
        return False


if __name__ == "__main__":
    sys.exit(main())
