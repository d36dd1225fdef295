"""IRIS's configuration as the module system sees it (`app/configuration.py`): the database, the
Celery settings, the secret key that signs hook data, and the version IRIS reports.

`IRIS_TEST_LINE` picks the shape of the test IRIS: `v2.4.20` (the default) or `develop` (iris-web's
next line at a4d5121: its model layout, no `IocLink`, and the version its configuration still
reports, `v2.4.18`). `IRIS_TEST_VERSION` overrides the version reported (a test of the range)."""

import os

LINES = {"v2.4.20": "v2.4.20", "develop": "v2.4.18"}  # line -> the IRIS_VERSION it reports
LINE = os.environ.get("IRIS_TEST_LINE", "v2.4.20")
if LINE not in LINES:
    raise RuntimeError(f"IRIS_TEST_LINE is {LINE!r}: the test IRIS has the shapes {', '.join(LINES)}")

DATABASE_BASE_URI = os.environ.get("IRIS_TEST_DATABASE", "postgresql+psycopg2://postgres@127.0.0.1:55432/")
BROKER_URL = os.environ.get("IRIS_TEST_BROKER", "amqp://guest:guest@127.0.0.1:55672//")


class CeleryConfig:
    """As IRIS's `CeleryConfig`: results in the `iris_tasks` database, extended, JSON."""
    result_backend = "db+" + DATABASE_BASE_URI + "iris_tasks"
    broker_url = BROKER_URL
    result_extended = True
    result_serializer = "json"
    worker_pool_restarts = True


class Config:
    IRIS_VERSION = LINES[LINE]
    SECRET_KEY = os.environ.get("IRIS_TEST_SECRET_KEY", "test-iris-secret-key")
    SQLALCHEMY_DATABASE_URI = DATABASE_BASE_URI + "iris_db"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    UPLOADED_PATH = os.environ.get("IRIS_TEST_UPLOADED_PATH", "/tmp/iris-test-uploads")
    CELERY = CeleryConfig
