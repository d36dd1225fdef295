"""Test setup: the strict test IRIS (testiris/app) on the path with its services, a real Celery
worker process for the session, IRIS's tables reset and an application context for every test
(as a request of IRIS's app has one), and the pure-Python reference module on the path.

The services come from `.ci/services.sh` (PostgreSQL and RabbitMQ on loopback); its env file sets
IRIS_TEST_DATABASE and IRIS_TEST_BROKER."""

import logging
import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TEST_IRIS = os.path.join(HERE, "testiris")
PYDIM = os.path.join(HERE, "pydim")
for path in (HERE, PYDIM, TEST_IRIS):
    sys.path.insert(0, path)

import app  # noqa: E402,F401  (IRIS's app is imported before anything imports iris_interface)

logging.getLogger().setLevel(logging.INFO)  # as IRIS configures it


def start_worker(log_path, queue=None, name=None, concurrency=None):
    """IRIS's worker, as its entrypoint starts it (`celery -A app.celery worker -E -l INFO`), in a
    process group of its own; `queue`, `name` and `concurrency` for a worker beside it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([TEST_IRIS, PYDIM] + [p for p in [env.get("PYTHONPATH")] if p])
    command = [sys.executable, "-m", "celery", "-A", "app.celery", "worker", "-E", "-l", "INFO"]
    for flag, value in (("-Q", queue), ("-n", name), ("-c", concurrency)):
        if value is not None:
            command += [flag, str(value)]
    log = open(log_path, "w")
    return subprocess.Popen(command, cwd=TEST_IRIS, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop_worker(worker):
    """A warm shutdown (SIGTERM to the worker's group), then a kill if it takes over 30 s."""
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def wait_until_ready(celery, worker, log_path, timeout=120, name=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            break
        if celery.control.ping(destination=[name] if name else None, timeout=1.0):
            return
    with open(log_path) as log:
        raise RuntimeError(f"the Celery worker did not start:\n{log.read()[-4000:]}")


@pytest.fixture(scope="session", autouse=True)
def iris_worker():
    from app import app, celery
    from app import post_init
    import iris_routes
    with app.app_context():
        post_init.create_schema()
        post_init.reset()
        # As in an IRIS with a pipeline module: the worker builds it (so imports a module of the
        # framework, whose fork guard then holds in every child) before it forks.
        iris_routes.register_module("iris_evtx_module")
    log_path = os.environ.get("IRIS_TEST_WORKER_LOG") or os.path.join(tempfile.gettempdir(), "iris-test-worker.log")
    worker = start_worker(log_path)
    try:
        wait_until_ready(celery, worker, log_path)
        yield worker
    finally:
        stop_worker(worker)


@pytest.fixture(autouse=True)
def iris(tmp_path):
    """A clean IRIS (tables reset and seeded) and an application context for the test."""
    from app import app, db, post_init
    from app.iris_engine.module_handler import module_handler
    import iris_routes
    app.config["UPLOADED_PATH"] = str(tmp_path / "uploads")
    with app.app_context():
        post_init.reset()
        module_handler.inline_statuses.clear()
        iris_routes._published.clear()
        yield app
        db.session.remove()
