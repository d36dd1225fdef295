"""Turns the capture server's folder and IRIS's logs into /work/golden-out/webhooks:
NNN-<path>.http (the raw bytes), captures.json, worker-module-log.txt, app-module-log.txt.

The worker ran with --concurrency 1, so its tasks ran one at a time, and within a task the
module posts its webhooks one after the other (requests.post, then the "Webhook NAME - Payload
delivered" log line): the k-th delivered line of the worker log is the k-th capture. The IRIS
hook of each capture is the hook of the task ("Calling module ... for hook X") that logged it."""
import json
import os
import re
import shutil

WORK = os.environ.get("GOLDEN_WORK", "/work/golden")
OUT = os.path.join(os.environ.get("GOLDEN_OUT", "/work/golden-out"), "webhooks")
sizes = dict(line.split()[::-1] for line in open(f"{WORK}/logsizes-before-record.txt") if "total" not in line)
app_offset, worker_offset = int(sizes["app.log"]), int(sizes["worker.log"])
PATH_TO_HOOK = {"/slack": "render-slack", "/markdown": "render-markdown", "/html": "render-html",
                "/plain": "render-none", "/template": "template", "/headers": "headers", "/manual": "manual-ioc"}

with open(f"{WORK}/worker.log", "rb") as f:
    f.seek(worker_offset)
    worker = f.read().decode("utf-8", "replace")
with open(f"{WORK}/app.log", "rb") as f:
    f.seek(app_offset)
    app_log = f.read().decode("utf-8", "replace")

# The worker's lines from the recording on (every task of the run is the webhooks module's).
with open(f"{OUT}/worker-module-log.txt", "w") as f:
    f.write(worker)
# The app's lines about the module (its hook registration runs in the app, on enable and on save).
keep = re.compile(r"module_handler|IrisWebHooks|iris_webhooks_module|webhook", re.I)
with open(f"{OUT}/app-module-log.txt", "w") as f:
    f.writelines(line + "\n" for line in app_log.splitlines() if keep.search(line))

# Worker events in order: the hook a task runs, each delivered webhook.
delivered = []
hook = None
for line in worker.splitlines():
    m = re.search(r"Calling module iris_webhooks_module for hook (\S+)", line)
    if m:
        hook = m.group(1)
    m = re.search(r"Webhook (.+?) - Payload delivered successfully, code (\d+)", line)
    if m:
        delivered.append((m.group(1), hook, line[1:24]))

records = [json.loads(line) for line in open(f"{WORK}/capture/index.jsonl")]
assert len(records) == len(delivered), (len(records), len(delivered))
actions = {a["action"]: a for a in json.load(open(f"{WORK}/actions.json"))}
index = []
for record, (name, iris_hook, logged) in zip(records, delivered):
    assert PATH_TO_HOOK[record["path"]] == name, (record["seq"], record["path"], name)
    file = f"{record['seq']:03d}-{record['path'].strip('/').replace('/', '_')}.http"
    shutil.copyfile(f"{WORK}/capture/raw/{record['seq']:05d}.bin", f"{OUT}/{file}")
    action = actions[record["marker"]]
    index.append({"seq": record["seq"], "file": file, "action": record["marker"],
                  "action_request": f"{action['method']} {action['path']}",
                  "iris_hook": iris_hook, "webhook": name, "worker_log_time": logged,
                  "method": record["method"], "path": record["path"], "headers": record["headers"],
                  "body": record["body"]})

# The actions, with how many requests each caused (0: the module sent none; see the worker log).
counts = {}
for entry in index:
    counts[entry["action"]] = counts.get(entry["action"], 0) + 1
summary = [{"action": a["action"], "request": f"{a['method']} {a['path']}", "http_status": a["http_status"],
            "message": a["message"], "iris_hooks_queued": a.get("hooks_queued", []),
            "webhook_requests": counts.get(a["action"], 0)} for a in actions.values()]
with open(f"{OUT}/captures.json", "w") as f:
    json.dump({"actions": summary, "captures": index}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"{len(index)} captures; actions without a request:",
      [s["action"] for s in summary if s["iris_hooks_queued"] and not s["webhook_requests"]])
