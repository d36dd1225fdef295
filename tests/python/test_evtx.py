"""The EVTX pipeline example (IrisEvtx) through its wheel, along IRIS's steps: uploads as werkzeug
FileStorage objects, the worker's pipeline call, NDJSON output and a loopback Splunk HTTP Event
Collector; malformed files are errors of their own, the others still go through."""

import io
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from werkzeug.datastructures import FileStorage

import iris_routes

MODULE = "iris_evtx_module"
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "evtx-pipeline", "tests", "data")
TOKEN = "hec-token-from-python-never-logged"


def sample(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return FileStorage(stream=io.BytesIO(f.read()), filename=name)


def upload_all(case_id, names):
    for name in names:
        _, status = iris_routes.upload_file(MODULE, case_id, sample(name))
        assert status.is_success(), status.get_message()


def test_health_check_and_pipeline_info():
    instance, _ = iris_routes.instantiate_module_from_name(MODULE)
    assert iris_routes.check_module_health(instance) == (True, [])
    assert instance.pipeline_get_info()["pipeline_args"] == [["index_evtx", "required"],
                                                            ["hostname_evtx", "optional"]]
    assert instance.get_module_type() == "module_pipeline"


def test_ndjson_output_and_per_file_errors(tmp_path):
    out = tmp_path / "out"
    iris_routes.configure(MODULE, output="ndjson", ndjson_directory=str(out))
    upload_all(4, ["Security.evtx", "Security-malformed.evtx"])
    _, status = iris_routes.upload_file(MODULE, 4, FileStorage(io.BytesIO(b"hello"), "notes.txt"))
    assert status.is_failure() and "notes.txt is not an .evtx file" in status.get_message()

    # In the worker, where IRIS's evidence storage needs the application context of the task's
    # own thread, while the module parses and registers evidence from threads of its own.
    _, status = iris_routes.trigger_pipeline(MODULE, 4, {"index_evtx": "dfir"})
    assert status.is_failure()
    assert status.get_message() == "1 of 2 file(s) failed: Security-malformed.evtx"
    logs = status.get_logs()
    assert any(line.startswith("Security-malformed.evtx: no readable record") for line in logs), logs
    assert "progress: 2 of 2 files (100%)" in logs, "logged as the run went"
    with open(out / "case-4" / "dfir" / "Security.evtx.ndjson") as f:
        events = [json.loads(line) for line in f]
    assert len(events) == 120
    assert events[0]["index"] == "dfir" and events[0]["sourcetype"] == "_json"
    evidences = iris_routes.evidences()
    assert [e["filename"] for e in evidences] == ["Security.evtx"]
    assert evidences[0]["case_id"] == 4
    assert len(evidences[0]["sha256"]) == 64


class Collector(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Collector.received.append((self.path, self.headers["Authorization"], body))
        answer = b'{"text":"Success","code":0}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def test_splunk_hec_output(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Collector.received.clear()
    try:
        url = f"http://127.0.0.1:{server.server_port}/services/collector/event"
        iris_routes.configure(MODULE, output="splunk_hec", hec_url=url, hec_token=TOKEN, hec_batch_size="40")
        upload_all(5, ["Security.evtx"])
        _, status = iris_routes.trigger_pipeline(MODULE, 5, {"index_evtx": "main", "hostname_evtx": "DC01"})
    finally:
        server.shutdown()
    assert status.is_success(), status.get_message()
    assert [len(body.splitlines()) for _, _, body in Collector.received] == [40, 40, 40]
    for request_path, authorization, body in Collector.received:
        assert request_path == "/services/collector/event"
        assert authorization == f"Splunk {TOKEN}"
        assert all(json.loads(line)["host"] == "DC01" for line in body.splitlines())
    everything = repr(status.get_logs()) + status.get_message()
    assert TOKEN not in everything
