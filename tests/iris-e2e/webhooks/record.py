"""Records the reference data from a real DFIR-IRIS v2.4.20 and its iris_webhooks_module 1.0.8.

Run with IRIS up (app on IRIS_URL, worker running), the capture server (capture.py) on
127.0.0.1:CAPTURE_PORT, and the environment of env.sh (IRIS_URL, IRIS_ADM_API_KEY, E2E_DATABASE):

    python record.py

What it does, all through IRIS's HTTP API with the administrator's API key:
 1. a customer and a custom attribute (tab "Triage", field "Verdict") for each object type;
 2. IrisWebHooks (iris_webhooks_module) enabled, its wh_configuration set to WEBHOOKS below;
    the module's rows of iris_module_hooks saved;
 3. one object of each kind created (case, IOC, asset, note, event, evidence, task, comments on
    the IOC and the asset, alert); case, IOC, asset, note and event are given the custom attribute
    in its stored shape on creation (IRIS's API leaves it null otherwise; evidences and tasks get
    IRIS's defaults); then each updated (the attribute's value set, {tab: {field: value}});
 4. Part A: dump.py run inside IRIS's app context (the schema dumps), with the API's GET answers;
 5. the manual hook "Send IOC" triggered (/dim/hooks/call), a comment edited, then everything
    deleted.
Before each IRIS action, a marker request tells the capture server which action follows; after it,
the script waits for the worker to finish every hook task the action queued (counted from the
app's "Calling module ... asynchronously for hook" log lines, awaited in iris_tasks'
celery_taskmeta). Each action is logged to WORK/actions.json."""
import base64
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

import psycopg2
import requests

URL = os.environ["IRIS_URL"]
HEADERS = {"Authorization": f"Bearer {os.environ['IRIS_ADM_API_KEY']}", "Content-Type": "application/json"}
DATABASE = os.environ["E2E_DATABASE"]
WORK = os.environ.get("GOLDEN_WORK", "/work/golden")
OUT = os.environ.get("GOLDEN_OUT", "/work/golden-out")
CAPTURE_PORT = int(os.environ.get("CAPTURE_PORT", "59100"))
CAPTURE = f"http://127.0.0.1:{CAPTURE_PORT}"
APP_LOG = f"{WORK}/app.log"
MODULE = "iris_webhooks_module"
INSTANCE_URL = "https://iris.example.org"
SNOW = "Café ☃"

RENDER_BODY = {"text": "%TITLE%", "attachments": [{"text": "%DESCRIPTION%"}]}
WEBHOOKS = {
    "instance_url": INSTANCE_URL,
    "webhooks": [
        {"name": "render-slack", "active": True, "trigger_on": ["all"], "request_url": f"{CAPTURE}/slack",
         "use_rendering": True, "request_rendering": "markdown_slack", "request_body": RENDER_BODY},
        {"name": "render-markdown", "trigger_on": ["all_create", "all_update"], "request_url": f"{CAPTURE}/markdown",
         "use_rendering": True, "request_rendering": "markdown",
         "request_body": {"title": "%TITLE%", "description": "%DESCRIPTION%"}},
        {"name": "render-html", "trigger_on": ["all_create", "all_update"], "request_url": f"{CAPTURE}/html",
         "use_rendering": True, "request_rendering": "html",
         "request_body": {"html": "<h1>%TITLE%</h1><p>%DESCRIPTION%</p>"}},
        {"name": "render-none", "trigger_on": ["all_create", "all_update"], "request_url": f"{CAPTURE}/plain",
         "use_rendering": True, "request_body": {"content": "%TITLE% - %DESCRIPTION%"}},
        {"name": "template", "trigger_on": ["all"], "request_url": f"{CAPTURE}/template",
         "request_body": {"title": "${{cases.name}}", "url": "object_url", "cases": "cases", "assets": "assets",
                          "notes": "notes", "iocs": "iocs", "events": "events", "evidences": "evidences",
                          "tasks": "tasks", "alerts": "alerts"}},
        {"name": "headers", "trigger_on": ["on_postload_ioc_create", "on_postload_note_update"],
         "request_url": f"{CAPTURE}/headers", "use_rendering": True, "request_rendering": "markdown",
         "request_headers": {"Authorization": "Bearer tok-123", "X-Custom": "a"},
         "request_body": {"text": "%TITLE%", "description": "%DESCRIPTION%"}},
        {"name": "manual-ioc", "trigger_on": ["on_manual_trigger_ioc"], "manual_trigger_name": "Send IOC",
         "request_url": f"{CAPTURE}/manual",
         "request_body": {"text": "IOC ${{iocs.ioc_value}} (${{iocs.ioc_type.type_name}})", "ioc": "iocs.ioc_value",
                          "tlp": "iocs.ioc_tlp_id", "url": "object_url", "iocs": "iocs"}},
    ],
}

actions = []
state = {"objects": {}}


def api(method, path, label=None, expect_ok=True, **kwargs):
    answer = requests.request(method, URL + path, headers=HEADERS, timeout=120, **kwargs)
    try:
        body = answer.json()
    except ValueError:
        body = {"status": "error", "message": answer.text[:300]}
    if label is not None:
        actions.append({"action": label, "method": method, "path": path, "request": kwargs.get("json"),
                        "http_status": answer.status_code, "status": body.get("status"),
                        "message": body.get("message")})
    if expect_ok and (answer.status_code != 200 or body.get("status") != "success"):
        raise RuntimeError(f"{method} {path}: HTTP {answer.status_code} {json.dumps(body)[:800]}")
    return body


def query(sql, args=(), database="iris_db"):
    with psycopg2.connect(f"{DATABASE}/{database}") as connection, connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall() if cursor.description else None


def task_count():
    return query("SELECT COUNT(*) FROM celery_taskmeta WHERE status IN ('SUCCESS', 'FAILURE')",
                 database="iris_tasks")[0][0]


def app_log_size():
    return os.path.getsize(APP_LOG)


def queued_since(offset):
    with open(APP_LOG, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    return re.findall(rf"Calling module {MODULE} asynchronously for hook (\S+) :: (.*)", text)


def mark(label):
    requests.get(f"{CAPTURE}/__mark__?label={urllib.parse.quote(label)}", timeout=10)


def act(label, method, path, expect_ok=True, **kwargs):
    """One IRIS action: marker, the API call, then the wait for the hook tasks it queued."""
    mark(label)
    offset, tasks = app_log_size(), task_count()
    body = api(method, path, label=label, expect_ok=expect_ok, **kwargs)
    time.sleep(0.5)
    hooks = queued_since(offset)
    actions[-1]["hooks_queued"] = [h for h, _ in hooks]
    deadline = time.monotonic() + 180
    while task_count() < tasks + len(hooks):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{label}: the worker did not finish {len(hooks)} task(s)")
        time.sleep(0.3)
    time.sleep(1.0)  # the last request's bytes written by the capture server
    print(f"{label}: {body.get('message')!r}, hooks {actions[-1]['hooks_queued']}", flush=True)
    return body


def type_id(path, name_key, id_key, name):
    return next(t[id_key] for t in api("GET", path)["data"] if t[name_key] == name)


def set_parameter(module_id, name, value):
    encoded = base64.b64encode(f"{module_id}##{name}".encode()).decode()
    return f"/manage/modules/set-parameter/{encoded}", {"parameter_value": value}


def main():
    # 1. customer and custom attributes (no hooks)
    customer = api("POST", "/manage/customers/add", label="add customer",
                   json={"customer_name": f"{SNOW} Corp", "customer_description": "Customer of the golden run",
                         "customer_sla": "24h"})["data"]
    customer_id = customer["customer_id"]
    attribute = {"Triage": {"Verdict": {"type": "input_string", "mandatory": False, "value": "unknown ☁"}}}
    for attr in api("GET", "/manage/attributes/list")["data"]:
        if attr["attribute_for"] in ("ioc", "event", "asset", "task", "note", "evidence", "case"):
            api("POST", f"/manage/attributes/update/{attr['attribute_id']}", label=f"custom attribute {attr['attribute_for']}",
                json={"attribute_content": json.dumps(attribute), "partial_overwrite": False,
                      "complete_overwrite": False})

    # 2. the webhooks module
    module_id = query("SELECT id FROM iris_module WHERE module_name = %s", (MODULE,))[0][0]
    act("enable IrisWebHooks", "POST", f"/manage/modules/enable/{module_id}")
    path, payload = set_parameter(module_id, "wh_configuration", json.dumps(WEBHOOKS, indent=2, ensure_ascii=False))
    act("set wh_configuration", "POST", path, json=payload)
    rows = query("SELECT mh.id, mh.module_id, m.module_name, mh.hook_id, h.hook_name, mh.is_manual_hook, "
                 "mh.manual_hook_ui_name, mh.run_asynchronously, mh.max_retry, mh.wait_till_return "
                 "FROM iris_module_hooks mh JOIN iris_hooks h ON h.id = mh.hook_id "
                 "JOIN iris_module m ON m.id = mh.module_id WHERE m.module_name = %s ORDER BY mh.id", (MODULE,))
    with open(f"{OUT}/webhooks/registrations.txt", "w") as f:
        f.write(subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", DATABASE.rsplit(":", 1)[1], "-U", "postgres", "iris_db", "-c",
             "SELECT mh.*, h.hook_name FROM iris_module_hooks mh JOIN iris_hooks h ON h.id = mh.hook_id "
             f"WHERE mh.module_id = {module_id} ORDER BY mh.id"],
            capture_output=True, text=True, check=True).stdout)
    print(f"{len(rows)} hook registrations of {MODULE}")

    # 3. creations
    case = act("create case", "POST", "/manage/cases/add",
               json={"case_name": f"{SNOW} phishing", "case_description": f"Phishing campaign against {SNOW} staff",
                     "case_customer": customer_id, "case_soc_id": "SOC-4242", "case_tags": f"phishing,{SNOW}",
                     "classification_id": type_id("/manage/case-classifications/list", "name", "id", "fraud:phishing"),
                     "severity_id": 5, "custom_attributes": attribute})["data"]
    cid = case["case_id"]
    q = f"?cid={cid}"
    ioc = act("create ioc", "POST", f"/case/ioc/add{q}",
              json={"ioc_value": "evil-cafe.example", "ioc_type_id": type_id("/manage/ioc-types/list", "type_name",
                                                                              "type_id", "domain"),
                    "ioc_tlp_id": 2, "ioc_description": f"C2 domain of the {SNOW} campaign",
                    "ioc_tags": f"c2,{SNOW}", "custom_attributes": attribute})["data"]
    ioc_id = ioc["ioc_id"]
    asset = act("create asset", "POST", f"/case/assets/add{q}",
                json={"asset_name": f"WS-{SNOW}-01", "asset_type_id": 9, "asset_description": "Finance workstation",
                      "asset_ip": "10.0.0.42", "asset_domain": "corp.example", "asset_info": "Windows 11 23H2",
                      "asset_compromise_status_id": 1, "analysis_status_id": 3, "asset_tags": f"workstation,{SNOW}",
                      "ioc_links": [ioc_id], "custom_attributes": attribute})["data"]
    asset_id = asset["asset_id"]
    directory = api("POST", f"/case/notes/directories/add{q}", label="create note directory",
                    json={"name": f"{SNOW} notes"})["data"]
    note = act("create note", "POST", f"/case/notes/add{q}",
               json={"note_title": f"{SNOW} triage", "directory_id": directory["id"],
                     "note_content": f"# Triage\n\nUser of {SNOW} clicked the link at 08:30.\n",
                     "custom_attributes": attribute})["data"]
    note_id = note["note_id"]
    event_payload = {"event_title": f"{SNOW} beacon to C2", "event_date": "2026-12-01T08:30:00.000",
                     "event_tz": "+01:00", "event_category_id": 13, "event_assets": [asset_id],
                     "event_iocs": [ioc_id], "event_tags": f"c2,{SNOW}", "event_content": "HTTPS beacon every 60 s",
                     "event_raw": "proxy: CONNECT evil-cafe.example:443", "event_source": "EDR",
                     "event_in_summary": True, "event_in_graph": True, "event_color": "#1572E899",
                     "event_sync_iocs_assets": False, "custom_attributes": attribute}
    event = act("create event", "POST", f"/case/timeline/events/add{q}", json=event_payload)["data"]
    event_id = event["event_id"]
    evidence = act("create evidence", "POST", f"/case/evidences/add{q}",
                   json={"filename": f"{SNOW} disk.E01", "file_size": 1073741824,
                         "file_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                         "file_description": "Disk image of the workstation", "type_id": 8})["data"]
    evidence_id = evidence["id"]
    task = act("create task", "POST", f"/case/tasks/add{q}",
               json={"task_title": f"{SNOW} contain host", "task_description": "Isolate the workstation",
                     "task_status_id": 1, "task_assignees_id": [1], "task_tags": f"containment,{SNOW}"})["data"]
    task_id = task["id"]
    comment = act("comment on ioc", "POST", f"/case/ioc/{ioc_id}/comments/add{q}",
                  json={"comment_text": f"Seen in the proxy logs of {SNOW}"})["data"]
    comment_id = comment["comment_id"]
    asset_comment = act("comment on asset", "POST", f"/case/assets/{asset_id}/comments/add{q}",
                        json={"comment_text": f"Host of {SNOW} reimaged"})["data"]
    alert = act("create alert", "POST", "/alerts/add",
                json={"alert_title": f"{SNOW} suspicious VPN login", "alert_description": "Impossible travel",
                      "alert_source": "SIEM", "alert_source_ref": "SIEM-4242",
                      "alert_source_link": "https://siem.example/alerts/4242",
                      "alert_source_content": {"rule": "impossible-travel", "user": "jdoe", "geo": ["FR", "BR"]},
                      "alert_severity_id": 5, "alert_status_id": 2, "alert_context": {"tenant": SNOW},
                      "alert_source_event_time": "2026-12-01T07:59:00", "alert_note": "",
                      "alert_tags": f"vpn,{SNOW}", "alert_customer_id": customer_id,
                      "alert_classification_id": 15,
                      "alert_iocs": [{"ioc_value": "203.0.113.9",
                                      "ioc_type_id": type_id("/manage/ioc-types/list", "type_name", "type_id",
                                                             "ip-src"),
                                      "ioc_tlp_id": 2, "ioc_description": "VPN source", "ioc_tags": "vpn"}],
                      "alert_assets": [{"asset_name": "vpn-gw-01", "asset_type_id": 14,
                                        "asset_description": "VPN gateway", "asset_ip": "198.51.100.1"}]})["data"]
    alert_id = alert["alert_id"]

    # updates (each sets the custom attribute)
    verdict = {"Triage": {"Verdict": f"malicious ☠ {SNOW}"}}
    act("update case", "POST", f"/manage/cases/update/{cid}",
        json={"case_id": cid, "case_description": f"Phishing campaign against {SNOW} staff (updated)",
              "case_tags": f"phishing,{SNOW},updated", "custom_attributes": verdict})
    act("update ioc", "POST", f"/case/ioc/update/{ioc_id}{q}",
        json={"ioc_value": "evil-cafe.example", "ioc_type_id": ioc["ioc_type_id"], "ioc_tlp_id": 1,
              "ioc_description": f"C2 domain of the {SNOW} campaign (confirmed)", "ioc_tags": f"c2,{SNOW},confirmed",
              "custom_attributes": verdict})
    act("update asset", "POST", f"/case/assets/update/{asset_id}{q}",
        json={"asset_name": f"WS-{SNOW}-01", "asset_type_id": 9, "asset_description": "Finance workstation (isolated)",
              "asset_ip": "10.0.0.42", "asset_domain": "corp.example", "asset_info": "Windows 11 23H2",
              "asset_compromise_status_id": 1, "analysis_status_id": 6, "asset_tags": f"workstation,{SNOW}",
              "ioc_links": [ioc_id], "custom_attributes": verdict})
    act("update note", "POST", f"/case/notes/update/{note_id}{q}",
        json={"note_title": f"{SNOW} triage", "custom_attributes": verdict,
              "note_content": f"# Triage\n\nUser of {SNOW} clicked the link at 08:30.\n\nHost isolated.\n"})
    act("update event", "POST", f"/case/timeline/events/update/{event_id}{q}",
        json=dict(event_payload, event_title=f'{SNOW} "beacon" to C2', custom_attributes=verdict))
    act("update evidence", "POST", f"/case/evidences/update/{evidence_id}{q}",
        json={"filename": f"{SNOW} disk.E01", "file_size": 1073741824,
              "file_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              "file_description": "Disk image of the workstation (verified)", "type_id": 8,
              "custom_attributes": verdict})
    act("update task", "POST", f"/case/tasks/update/{task_id}{q}",
        json={"task_title": f"{SNOW} contain host", "task_description": "Isolate the workstation",
              "task_status_id": 2, "task_assignees_id": [1], "task_tags": f"containment,{SNOW}",
              "custom_attributes": verdict})
    act("update alert", "POST", f"/alerts/update/{alert_id}",
        json={"alert_status_id": 4, "alert_note": f"Looking into it ({SNOW})"})

    # 4. Part A: the API's answers, then the schema dumps in IRIS's app context
    gets = {
        "case": f"/manage/cases/{cid}",
        "asset": f"/case/assets/{asset_id}{q}",
        "note": f"/case/notes/{note_id}{q}",
        "ioc": f"/case/ioc/{ioc_id}{q}",
        "event": f"/case/timeline/events/{event_id}{q}",
        "evidence": f"/case/evidences/{evidence_id}{q}",
        "task": f"/case/tasks/{task_id}{q}",
        "comment": f"/case/ioc/{ioc_id}/comments/{comment_id}{q}",
        "alert": f"/alerts/{alert_id}",
    }
    ids = {"case": cid, "asset": asset_id, "note": note_id, "ioc": ioc_id, "event": event_id,
           "evidence": evidence_id, "task": task_id, "comment": comment_id, "alert": alert_id}
    for kind, path in gets.items():
        state["objects"][kind] = {"id": ids[kind], "api_path": path, "api": api("GET", path)["data"]}
    with open(f"{WORK}/state.json", "w") as f:
        json.dump(state, f, indent=1)
    subprocess.run([sys.executable, f"{WORK}/dump.py", f"{WORK}/state.json", f"{OUT}/serializers"],
                   cwd=f"{WORK}/iris-web/source", check=True)

    # 5. manual hook, a comment edited, deletions
    act("manual trigger Send IOC", "POST", f"/dim/hooks/call{q}",
        json={"hook_name": "on_manual_trigger_ioc", "hook_ui_name": "Send IOC", "module_name": MODULE,
              "type": "ioc", "targets": [ioc_id]})
    act("edit ioc comment", "POST", f"/case/ioc/{ioc_id}/comments/{comment_id}/edit{q}",
        json={"comment_text": f"Seen in the proxy logs of {SNOW} (twice)"})
    act("delete ioc comment", "POST", f"/case/ioc/{ioc_id}/comments/{comment_id}/delete{q}")
    act("delete asset comment", "POST", f"/case/assets/{asset_id}/comments/{asset_comment['comment_id']}/delete{q}")
    act("delete task", "POST", f"/case/tasks/delete/{task_id}{q}")
    act("delete evidence", "POST", f"/case/evidences/delete/{evidence_id}{q}")
    act("delete event", "POST", f"/case/timeline/events/delete/{event_id}{q}")
    act("delete note", "POST", f"/case/notes/delete/{note_id}{q}")
    act("delete ioc", "POST", f"/case/ioc/delete/{ioc_id}{q}")
    act("delete asset", "POST", f"/case/assets/delete/{asset_id}{q}")
    act("delete alert", "POST", f"/alerts/delete/{alert_id}")
    act("delete case", "POST", f"/manage/cases/delete/{cid}")


if __name__ == "__main__":
    try:
        main()
    finally:
        with open(f"{WORK}/actions.json", "w") as f:
            json.dump(actions, f, indent=1, ensure_ascii=False)
