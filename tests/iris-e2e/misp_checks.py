"""The MISP part of the end-to-end run (check.py calls it): IRIS's own Python iris_misp_module
1.3.0 (as IRIS v2.4.20 installs it) configured through IRIS's API with a stored instance list and
key, an IOC created and its "MISP Report" tab written by it from a loopback MISP; then the Rust
drop-in (examples/misp, 1.4.0) installed over it (run.sh), and, after the upgrade: the stored
configuration kept (the key too), the row brought to 1.4.0 by a save (`misp_cache_ttl_minutes`
added), IOCs created and a manual "Get MISP insight" given their report tab by the drop-in, byte
for byte the Python module's for the same value, the loopback MISP asked only POST
/events/restSearch with the right key, and the key in no log, IOC, task result or note of IRIS.

The loopback MISP follows the rules of tests/fixtures/official-modules/parity/README.md (its
answers/ files): 403 unless `Authorization` is the key; GET /servers/getVersion and
/users/view/me answered; POST /events/restSearch a hit for `evil.example` and `203.0.113.7`, else
no hit; anything else 404. It records every request.

Environment: E2E_STATE (a folder kept between check.py's runs), E2E_LOGS (IRIS's app and worker
logs, `:`-separated), E2E_MISP_PORT (the loopback MISP's port, default 58200)."""

import difflib
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PACKAGE = "iris_misp_module"
KEY = "e2e-misp-key-never-logged"
PORT = int(os.environ.get("E2E_MISP_PORT", "58200"))
BASE = f"http://127.0.0.1:{PORT}"
# As an administrator types it (json.dumps's default separators give the same text).
MISP_CONFIG = json.dumps({"name": ["E2E_MISP"], "type": "private", "url": [BASE], "key": [KEY], "ssl": [False]})
STATE_DIR = os.environ.get("E2E_STATE", "/tmp")
STATE = os.path.join(STATE_DIR, "misp-before.json")
ANSWERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "official-modules", "answers")
HITS = {"evil.example", "203.0.113.7"}
TAB, FIELD = "MISP Report", "HTML report"
# The IOCs: (value, type before the upgrade, type after). IOCs are global in IRIS v2.4.20 (one row
# per value and type, linked to cases): the domain created again in another case is the same row,
# whose tab the drop-in writes over; the address is created after the upgrade as another type
# (a new row, searched among the same MISP types, with the same template).
DOMAIN = ("evil.example", "domain", "domain")
ADDRESS = ("203.0.113.7", "ip-dst", "ip-src")


def answer(name):
    with open(os.path.join(ANSWERS, name), "rb") as f:
        return f.read()


class LoopbackMisp:
    """A loopback MISP (threads) that records every request before answering it."""

    def __init__(self):
        self.requests = []
        received = self.requests
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_one(self):
                length = self.headers.get("Content-Length")
                body = self.rfile.read(int(length)).decode("utf-8", "replace") if length is not None else None
                with lock:
                    received.append({"method": self.command, "path": self.path, "body": body,
                                     "authorization": self.headers.get("Authorization"),
                                     "user_agent": self.headers.get("User-Agent")})
                path = urlsplit(self.path).path
                if self.headers.get("Authorization") != KEY:
                    return self.send(403, answer("misp_403_error.json"))
                if self.command == "GET" and path == "/servers/getVersion":
                    return self.send(200, answer("misp_GET_servers_getVersion.json"))
                if self.command == "GET" and path == "/users/view/me":
                    return self.send(200, answer("misp_GET_users_view_me.json"))
                if self.command == "POST" and path == "/events/restSearch":
                    try:
                        value = json.loads(body or "").get("value")
                    except (ValueError, AttributeError):
                        value = None
                    if isinstance(value, str) and value in HITS:
                        return self.send(200, answer("misp_POST_events_restSearch_hit.json"))
                    return self.send(200, answer("misp_POST_events_restSearch_nohit.json"))
                return self.send(404, json.dumps({"message": "Not found"}).encode())

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_one

            def send(self, code, payload):
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def searched(self):
        """The values searched (POST /events/restSearch), in order."""
        values = []
        for r in self.requests:
            if r["method"] == "POST" and urlsplit(r["path"]).path == "/events/restSearch":
                try:
                    values.append(json.loads(r["body"] or "").get("value"))
                except ValueError:
                    values.append(None)
        return values

    def summary(self):
        counts = {}
        for r in self.requests:
            line = f"{r['method']} {urlsplit(r['path']).path}"
            counts[line] = counts.get(line, 0) + 1
        return counts


def new_case(e2e, name):
    customer = e2e.query("SELECT client_id FROM client ORDER BY client_id LIMIT 1")[0][0]
    code, body = e2e.api("POST", "/manage/cases/add", json={
        "case_name": name, "case_description": f"{name} (the MISP check)", "case_customer": customer,
        "case_soc_id": "SOC-E2E-MISP", "case_tags": "e2e-misp"})
    assert code == 200 and body.get("status") == "success", f"case {name}: HTTP {code} {json.dumps(body)[:300]}"
    return body["data"]["case_id"]


def add_ioc(e2e, case, value, kind):
    code, body = e2e.api("POST", f"/case/ioc/add?cid={case}",
                         json={"ioc_value": value, "ioc_type_id": e2e.ioc_type_id(kind), "ioc_tlp_id": 2,
                               "ioc_description": "added by the e2e run (MISP)", "ioc_tags": ""})
    assert code == 200, f"IOC {value} ({kind}): HTTP {code} {json.dumps(body)[:300]}"
    return body["data"]["ioc_id"]


def report(e2e, ioc_id):
    """The IOC's "MISP Report" / "HTML report" field as stored (None without it)."""
    attributes = e2e.ioc_row(ioc_id)[3] or {}
    return (attributes.get(TAB) or {}).get(FIELD)


def set_report_value(e2e, ioc_id, value):
    """Writes the IOC's report value in IRIS's database (so that the next report is seen to land)."""
    attributes = e2e.ioc_row(ioc_id)[3] or {}
    if value is None:
        attributes.pop(TAB, None)
    else:
        attributes.setdefault(TAB, {}).setdefault(FIELD, {"type": "html", "mandatory": False})["value"] = value
    e2e.query("UPDATE ioc SET custom_attributes = %s WHERE ioc_id = %s", (json.dumps(attributes), ioc_id))


def status_text(status):
    if status is None:
        return "no status"
    try:
        return f"{status.get_message()} | logs {status.get_logs()}"
    except Exception:  # noqa: BLE001  (a status of another shape: shown as it is)
        return repr(status)[:300]


def ok_status(state, status):
    try:
        return state == "SUCCESS" and status is not None and status.is_success()
    except Exception:  # noqa: BLE001
        return False


def compare_html(ours, theirs):
    """'' when identical, else where and how they differ."""
    if ours == theirs:
        return ""
    if ours is None or theirs is None:
        return f"one is missing (drop-in {ours is not None}, Python {theirs is not None})"
    index = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    lines = list(difflib.unified_diff(theirs.splitlines(), ours.splitlines(), "python", "drop-in", lineterm="", n=1))
    return (f"{len(ours)} / {len(theirs)} characters, first difference at {index}: drop-in "
            f"{ours[max(0, index - 60):index + 60]!r} / Python {theirs[max(0, index - 60):index + 60]!r}\n"
            + "\n".join("        " + line for line in lines[:60]))


def logs_size():
    return {path: os.path.getsize(path) for path in os.environ.get("E2E_LOGS", "").split(":") if path}


def key_in_logs(start=None, end=None):
    """{log: (line numbers, the first lines)} of the lines holding the key, between byte
    `start[log]` and byte `end[log]` (the whole log by default)."""
    found = {}
    for path in [p for p in os.environ.get("E2E_LOGS", "").split(":") if p]:
        with open(path, "rb") as f:
            offset = (start or {}).get(path, 0)
            f.seek(offset)
            stop = (end or {}).get(path)
            text = f.read(-1 if stop is None else max(0, stop - offset)).decode("utf-8", "replace")
        lines = text.splitlines()
        hits = [n for n, line in enumerate(lines, 1) if KEY in line]
        if hits:
            found[os.path.basename(path)] = (len(hits), [lines[n - 1][:300] for n in hits[:3]])
    return found


def before_upgrade(e2e):
    """IRIS's Python module enabled and configured as an administrator would; two IOCs created in a
    case of their own; their reports, the requests and the stored configuration kept."""
    start = len(e2e.results)
    try:
        _before_upgrade(e2e)
    except Exception as error:  # noqa: BLE001  (reported, and kept for the summary after the upgrade)
        e2e.check("MISP before the upgrade: stopped", False, f"{type(error).__name__}: {error}"[:300])
    finally:
        mine = [list(r) for r in e2e.results[start:]]
        state = {}
        if os.path.exists(STATE):
            with open(STATE) as f:
                state = json.load(f)
        state["checks"] = mine
        state["logs_size"] = logs_size()
        with open(STATE, "w") as f:
            json.dump(state, f, indent=1)


def _before_upgrade(e2e):
    if os.path.exists(STATE):
        os.remove(STATE)
    module = e2e.modules().get(PACKAGE)
    registered = module is not None
    e2e.check("IRIS's own Python iris_misp_module registered at first boot", True,
              f"version {module['module_version']}" if registered else
              "not registered at first boot: added through IRIS's API")
    if not registered:
        e2e.add_module(PACKAGE)
        module = e2e.modules()[PACKAGE]
    e2e.check("the Python module is 1.3.0", module["module_version"] == "1.3.0", module["module_version"])
    for name, value in (("misp_config", MISP_CONFIG), ("misp_on_create_hook_enabled", True)):
        code, body = e2e.set_parameter(module["id"], name, value)
        e2e.check(f"Python module: {name} saved through IRIS's API", code == 200, body.get("message", ""))
    code, body = e2e.api("POST", f"/manage/modules/enable/{module['id']}")
    e2e.check("Python module enabled", code == 200 and e2e.modules()[PACKAGE]["is_active"], f"HTTP {code}")
    hooks = e2e.hooks_of(PACKAGE)
    e2e.check("Python module's hooks: on create, manual", "on_postload_ioc_create" in hooks and
              "on_manual_trigger_ioc" in hooks, ", ".join(hooks))

    misp = LoopbackMisp()
    try:
        case = new_case(e2e, "e2e MISP: IRIS's Python module")
        before = e2e.last_task_id()
        iocs = {value: add_ioc(e2e, case, value, kind) for value, kind, _ in (DOMAIN, ADDRESS)}
        results = e2e.task_results_after(before, PACKAGE, count=2)
        e2e.check("the Python module's two on-create tasks succeeded in the worker",
                  all(ok_status(s, st) for s, st in results),
                  "; ".join(f"{s}: {status_text(st)[:200]}" for s, st in results))
    finally:
        misp.stop()
    reports = {value: report(e2e, ioc) for value, ioc in iocs.items()}
    for value, field in reports.items():
        html = (field or {}).get("value") or ""
        e2e.check(f"Python module: {value} has its MISP Report tab from the loopback MISP",
                  (field or {}).get("type") == "html" and '"name": "E2E_MISP"' in html and
                  "Phishing campaign" in html, f"{len(html)} characters")
    e2e.check("Python module: the loopback MISP got its searches, each with the key",
              sorted(misp.searched()) == sorted(HITS) and all(r["authorization"] == KEY for r in misp.requests),
              f"{len(misp.requests)} requests: {misp.summary()}")
    stored = e2e.stored_config(module["id"])
    with open(STATE, "w") as f:
        json.dump({"version": module["module_version"], "module_id": module["id"], "case": case, "iocs": iocs,
                   "reports": {v: (r or {}).get("value") for v, r in reports.items()},
                   "stored": {name: entry.get("value") for name, entry in stored.items()},
                   "hooks": hooks, "requests": misp.requests, "user_agents": sorted({
                       r["user_agent"] or "" for r in misp.requests})}, f, indent=1)


def after_upgrade(e2e):
    start = len(e2e.results)
    counts = {}
    try:
        _after_upgrade(e2e, counts)
    except Exception as error:  # noqa: BLE001  (reported; the summary still printed)
        e2e.check("MISP after the upgrade: stopped", False, f"{type(error).__name__}: {error}"[:300])
    finally:
        e2e.section("MISP: the key kept secret", secrets, e2e)
        summary(e2e, start, counts)


def _after_upgrade(e2e, counts):
    with open(STATE) as f:
        before = json.load(f)
    module = e2e.modules()[PACKAGE]
    mid = module["id"]
    e2e.check("upgrade in place: the row keeps 1.3.0 until the next save (IRIS reads no module again at boot)",
              module["module_version"] == before["version"], module["module_version"])
    stored = {name: entry.get("value") for name, entry in e2e.stored_config(mid).items()}
    e2e.check("upgrade in place: the stored configuration kept as saved, misp_config with its key",
              stored == before["stored"] and stored.get("misp_config") == MISP_CONFIG,
              f"{len(stored)} parameters; misp_config {'kept' if stored.get('misp_config') == MISP_CONFIG else 'CHANGED'}")
    hooks = e2e.hooks_of(PACKAGE)
    e2e.check("upgrade in place: the module still enabled, its hooks as the Python module registered them",
              module["is_active"] and hooks == before["hooks"], ", ".join(hooks))

    misp = LoopbackMisp()
    try:
        case = new_case(e2e, "e2e MISP: the drop-in")
        address, _, address_type = ADDRESS
        domain, _, domain_type = DOMAIN

        # 1. Nothing saved since the upgrade: the drop-in reads the Python module's stored entry.
        t0 = e2e.last_task_id()
        ip_ioc = add_ioc(e2e, case, address, address_type)
        (state, status), = e2e.task_results_after(t0, PACKAGE)
        e2e.check(f"drop-in, configuration untouched since the upgrade: {address} ({address_type}) created, task succeeded",
                  ok_status(state, status), f"{state}: {status_text(status)[:300]}")
        field = report(e2e, ip_ioc) or {}
        difference = compare_html(field.get("value"), before["reports"][address])
        counts["address report characters"] = len(field.get("value") or "")
        e2e.check(f"drop-in: {address} ({address_type}) MISP Report byte-identical to the Python module's "
                  f"({address}, {ADDRESS[1]})", field.get("type") == "html" and not difference,
                  difference or f"{len(field.get('value'))} characters, identical")

        # 2. A save: the row brought to the drop-in's version, its new parameter added.
        code, body = e2e.set_parameter(mid, "misp_on_create_hook_enabled", True)
        version = e2e.modules()[PACKAGE]["module_version"]
        config = e2e.stored_config(mid)
        e2e.check("a save brings the row to the drop-in's version 1.4.0", code == 200 and version == "1.4.0",
                  f"HTTP {code}, version {version}")
        ttl = config.get("misp_cache_ttl_minutes", {})
        e2e.check("misp_cache_ttl_minutes added with its default (15)", ttl.get("value") == 15,
                  f"{ttl.get('value')!r} ({'present' if ttl else 'absent'})")
        e2e.check("after the save, misp_config still as the Python module stored it (key not lost)",
                  config.get("misp_config", {}).get("value") == MISP_CONFIG and
                  all(config.get(name, {}).get("value") == value for name, value in before["stored"].items()),
                  f"{len(config)} parameters")
        hooks = e2e.hooks_of(PACKAGE)
        e2e.check("after the save, the hooks: on create, manual", "on_postload_ioc_create" in hooks and
                  "on_manual_trigger_ioc" in hooks, ", ".join(hooks))

        # 3. The same domain in another case: IRIS links the same IOC row, and calls the on-create
        #    hook with it; its tab is marked first so that the drop-in's is seen to land.
        set_report_value(e2e, before["iocs"][domain], "replaced-before-the-drop-in-runs")
        t0 = e2e.last_task_id()
        domain_ioc = add_ioc(e2e, case, domain, domain_type)
        (state, status), = e2e.task_results_after(t0, PACKAGE)
        e2e.check(f"drop-in: {domain} ({domain_type}) created in another case, task succeeded",
                  ok_status(state, status), f"{state}: {status_text(status)[:300]}; the same row: "
                  f"{domain_ioc == before['iocs'][domain]}")
        field = report(e2e, domain_ioc) or {}
        difference = compare_html(field.get("value"), before["reports"][domain])
        counts["domain report characters"] = len(field.get("value") or "")
        e2e.check(f"drop-in: {domain} MISP Report byte-identical to the Python module's",
                  field.get("type") == "html" and not difference,
                  difference or f"{len(field.get('value'))} characters, identical")

        # 4. "Get MISP insight" by hand, on the address (its tab removed first): asked again.
        set_report_value(e2e, ip_ioc, None)
        searched = len(misp.searched())
        t0 = e2e.last_task_id()
        code, body = e2e.api("POST", f"/dim/hooks/call?cid={case}",
                             json={"hook_name": "on_manual_trigger_ioc", "hook_ui_name": "Get MISP insight",
                                   "module_name": PACKAGE, "type": "ioc", "targets": [ip_ioc]})
        e2e.check("Get MISP insight queued through IRIS's manual hook route", code == 200,
                  f"HTTP {code} {body.get('message', '')}")
        (state, status), = e2e.task_results_after(t0, PACKAGE)
        field = report(e2e, ip_ioc) or {}
        difference = compare_html(field.get("value"), before["reports"][address])
        e2e.check("Get MISP insight: task succeeded, MISP asked again (not the cache), the report landed, identical",
                  ok_status(state, status) and misp.searched()[searched:] == [address] and not difference,
                  f"{state}: {status_text(status)[:200]}; searched {misp.searched()[searched:]}"
                  + (f"; {difference}" if difference else ""))
    finally:
        # The other checks' IOCs are not to reach a MISP no longer listening.
        e2e.set_parameter(mid, "misp_on_create_hook_enabled", False)
        misp.stop()

    with open(os.path.join(STATE_DIR, "misp-after.json"), "w") as f:
        json.dump({"reports": {domain: (report(e2e, domain_ioc) or {}).get("value"),
                               address: (report(e2e, ip_ioc) or {}).get("value")},
                   "requests": misp.requests}, f, indent=1)
    requests = misp.requests
    counts["loopback MISP requests before the upgrade (Python)"] = len(before["requests"])
    counts["Python requests by route"] = LoopbackMisp.summary(type("R", (), {"requests": before["requests"]}))
    counts["loopback MISP requests after the upgrade (drop-in)"] = len(requests)
    counts["drop-in requests by route"] = misp.summary()
    counts["User-Agent, Python / drop-in"] = f"{before['user_agents']} / {sorted({r['user_agent'] or '' for r in requests})}"
    e2e.check("the drop-in asked the loopback MISP only POST /events/restSearch (no GET), each with the key",
              requests and all(r["method"] == "POST" and urlsplit(r["path"]).path == "/events/restSearch"
                               and r["authorization"] == KEY for r in requests),
              f"{len(requests)} requests: {misp.summary()}; searched {misp.searched()}")
    e2e.check("the drop-in searched each value once per hook call (3 calls: on create x2, manual x1)",
              misp.searched() == [address, domain, address], str(misp.searched()))
    theirs = {json.loads(r["body"]).get("value"): r["body"] for r in before["requests"]
              if r["method"] == "POST" and r["body"]}
    differ = [r["body"] for r in requests if r["body"] != theirs.get(json.loads(r["body"] or "{}").get("value"))]
    e2e.check("each search's body byte-identical to pymisp's for the same value",
              requests and not differ, f"{len(requests) - len(differ)} of {len(requests)} identical"
              + (f"; drop-in {differ[0][:300]!r} / pymisp {list(theirs.values())[:1]!r}" if differ else ""))


def secrets(e2e):
    """The key in none of IRIS's logs, IOC rows, task results, module cache, notes, comments."""
    since = {}
    if os.path.exists(STATE):
        with open(STATE) as f:
            since = json.load(f).get("logs_size", {})
    after = key_in_logs(start=since)
    earlier = key_in_logs(end=since) if since else {}
    e2e.check("the key in none of IRIS's app and worker logs since the upgrade (the drop-in's)", not after,
              json.dumps(after)[:600])
    e2e.check("the key in none of IRIS's app and worker logs before the upgrade (IRIS's Python module)",
              not earlier, json.dumps(earlier)[:600])
    pattern = f"%{KEY}%"
    stored = e2e.query("SELECT module_name FROM iris_module WHERE module_config::text LIKE %s", (pattern,))
    e2e.check("control: the same search finds the key where it belongs (the module's stored configuration)",
              [name for (name,) in stored] == [PACKAGE], repr(stored))
    iocs = e2e.query("SELECT count(*) FROM ioc i WHERE i::text LIKE %s", (pattern,))[0][0]
    e2e.check("the key in no IOC row", iocs == 0, f"{iocs} row(s)")
    rows = e2e.query("SELECT kwargs, result, traceback, status FROM celery_taskmeta", database="iris_tasks")
    mine = [r for r in rows if json.loads(bytes(r[0] or b"") or b"{}").get("module_name") == PACKAGE]
    leaked = [r[3] for r in mine if any(KEY.encode() in bytes(part) for part in (r[0], r[1]) if part)
              or KEY in (r[2] or "")]
    e2e.check("the key in no task IRIS's worker stored for the module (kwargs, pickled status, traceback)",
              mine and not leaked, f"{len(mine)} task(s) of {PACKAGE}, {len(leaked)} with the key")
    others = []
    for table, column in (("notes", "note_content"), ("comments", "comment_text"), ("user_activity", "activity_desc"),
                          ("iris_module_cache", "value"), ("iris_module_cache", "key")):
        exists = e2e.query("SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                           (table, column))
        if exists:
            found = e2e.query(f"SELECT count(*) FROM {table} WHERE {column}::text LIKE %s", (pattern,))[0][0]
            if found:
                others.append(f"{table}.{column}: {found}")
    cached = e2e.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'iris_module_cache'")[0][0]
    entries = e2e.query("SELECT count(*) FROM iris_module_cache")[0][0] if cached else 0
    e2e.check("the key in no note, comment, activity line, nor the module's shared cache", not others,
              ", ".join(others) or f"{entries} cache entr(y/ies) checked")


def summary(e2e, start, counts):
    before = []
    if os.path.exists(STATE):
        with open(STATE) as f:
            before = json.load(f).get("checks", [])
    after = e2e.results[start:]
    rows = [("before the upgrade", name, ok, detail) for name, ok, detail in before]
    rows += [("after the upgrade", name, ok, detail) for name, ok, detail in after]
    failed = sum(not ok for _, _, ok, _ in rows)
    print("\n======== IrisMISP end-to-end (IRIS v2.4.20, Python iris_misp_module 1.3.0 -> drop-in 1.4.0) ========")
    for phase, name, ok, detail in rows:
        print(f"{'PASS' if ok else 'FAIL'}  [{phase}] {name}" + (f"  -- {detail.splitlines()[0][:160]}" if detail else ""))
    for name, value in counts.items():
        print(f"      {name}: {value}")
    print(f"MISP checks: {len(rows) - failed} passed, {failed} failed (of {len(rows)})")
    print("=" * 100, flush=True)


def after_restart(e2e):
    """After the last restart: the key still in no log (the whole run's)."""
    whole = key_in_logs()
    e2e.check("MISP: after the last restart, the key in none of IRIS's logs (whole run)", not whole,
              json.dumps(whole)[:600])
