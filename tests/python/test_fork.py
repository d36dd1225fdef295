"""IRIS's worker forks its children after using its database (IRIS's post-init steps, and
`register_modules_pipelines`, which builds, so imports, every pipeline module): each child must
talk to PostgreSQL on a connection of its own. With the parent's pooled connection shared, two
hook tasks at once in two children mixed their messages on one socket and one of them waited for
ever (seen in a real IRIS v2.4.20: the hooks the case writer queued for a note's two IOCs, one
stuck in `db.session.merge`, all of PostgreSQL's sessions idle; issue 18, point 9)."""

import os
import socket
import tempfile
from collections import defaultdict

import iris_routes
from conftest import start_worker, stop_worker, wait_until_ready

QUEUE = "iris_fork_probe"


def test_each_worker_child_has_a_database_connection_of_its_own():
    from app import celery
    from app.test_probe import session_backend
    # A pipeline module registered: the worker's post-init builds it before forking, as IRIS's does.
    iris_routes.register_module("iris_evtx_module")
    log_path = os.path.join(tempfile.gettempdir(), f"iris-fork-probe-{os.getpid()}.log")
    # A worker of its own queue, as IRIS's entrypoint starts it, with two children.
    name = f"forkprobe-{os.getpid()}@{socket.gethostname()}"
    worker = start_worker(log_path, queue=QUEUE, name=name, concurrency=2)
    try:
        wait_until_ready(celery, worker, log_path, name=name)
        # Probes at once, each keeping IRIS's session busy a moment: both children run some.
        probes = [session_backend.apply_async(args=(0.4,), queue=QUEUE) for _ in range(8)]
        answers = []
        for probe in probes:
            try:
                answers.append(probe.get(timeout=30, propagate=False))
            except Exception as error:  # a child waiting for ever: no answer in 30 s
                answers.append(repr(error))
        children = defaultdict(set)
        for answer in answers:
            assert isinstance(answer, list), (answers, open(log_path).read()[-3000:])
            children[answer[1]].add(answer[0])
        assert len({pid for pids in children.values() for pid in pids}) == 2, answers
        shared = {backend: pids for backend, pids in children.items() if len(pids) > 1}
        assert not shared, f"PostgreSQL sessions used by several worker processes: {shared}"
    finally:
        stop_worker(worker)
