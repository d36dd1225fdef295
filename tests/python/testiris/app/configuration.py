"""IRIS's configuration as the module system sees it (`app/configuration.py`): the database, the
Celery settings, the secret key that signs hook data."""

import os

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
    SECRET_KEY = os.environ.get("IRIS_TEST_SECRET_KEY", "test-iris-secret-key")
    SQLALCHEMY_DATABASE_URI = DATABASE_BASE_URI + "iris_db"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    UPLOADED_PATH = os.environ.get("IRIS_TEST_UPLOADED_PATH", "/tmp/iris-test-uploads")
    CELERY = CeleryConfig
