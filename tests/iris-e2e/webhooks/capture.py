"""Raw-socket HTTP capture server on 127.0.0.1:PORT. Saves each request's exact bytes as
OUT/raw/NNNNN.bin and appends a line to OUT/index.jsonl (seq, time, marker, method, path,
headers in order, body). Answers 200 with a small JSON body and closes the connection.
A request to /__mark__?label=... (sent by the driver) sets the marker for what follows."""
import json
import os
import socket
import sys
import threading
import time
from urllib.parse import parse_qs, urlsplit

port = int(sys.argv[1])
out = sys.argv[2]
os.makedirs(os.path.join(out, "raw"), exist_ok=True)
lock = threading.Lock()
state = {"seq": 0, "marker": ""}


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while not rest.endswith(b"0\r\n\r\n"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
    else:
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
    return head + b"\r\n\r\n" + rest


def handle(conn):
    try:
        conn.settimeout(30)
        raw = read_request(conn)
        arrived = time.time()
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        method, path, _version = lines[0].decode("latin-1").split(" ", 2)
        headers = []
        for line in lines[1:]:
            name, _, value = line.decode("latin-1").partition(":")
            headers.append([name, value.strip()])
        if path.startswith("/__mark__"):
            with lock:
                state["marker"] = parse_qs(urlsplit(path).query).get("label", [""])[0]
            conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        with lock:
            state["seq"] += 1
            seq = state["seq"]
            marker = state["marker"]
            with open(os.path.join(out, "raw", f"{seq:05d}.bin"), "wb") as f:
                f.write(raw)
            with open(os.path.join(out, "index.jsonl"), "a") as f:
                f.write(json.dumps({"seq": seq, "time": arrived, "marker": marker, "method": method,
                                    "path": path, "headers": headers,
                                    "body": body.decode("utf-8", "replace")}) + "\n")
        reply = b'{"ok":true}'
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                     + str(len(reply)).encode() + b"\r\nConnection: close\r\n\r\n" + reply)
    except Exception as error:  # noqa: BLE001
        sys.stderr.write(f"capture error: {error!r}\n")
    finally:
        conn.close()


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(64)
print(f"capturing on 127.0.0.1:{port}", flush=True)
while True:
    conn, _ = server.accept()
    threading.Thread(target=handle, args=(conn,), daemon=True).start()
