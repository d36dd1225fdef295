"""The webhooks part of the end-to-end run (check.py calls it): IRIS's own Python
iris_webhooks_module configured before the upgrade, the Rust drop-in (examples/webhooks) installed
over it, its stored configuration kept, what it sends against a loopback receiver, a webhook removed
from the configuration and its hook gone (after a restart too), and a receiver that was down
getting what was kept, in order and once.

Environment: E2E_STATE (a folder kept between check.py's runs), E2E_LOGS (IRIS's app and worker
logs, `:`-separated), E2E_HOOK_PORT (the receiver's port)."""

import json
import os
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
