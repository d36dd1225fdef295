"""The strict test IRIS: IRIS's `app` package as modules meet it (iris-web v2.4.20, or its develop
line with IRIS_TEST_LINE=develop: `app.configuration`), written from IRIS's public source for the tests of this project.

A real Flask application with Flask-SQLAlchemy on PostgreSQL and a Celery application on a real
broker, configured as IRIS configures them: every database access outside an application context
raises exactly as it does in IRIS, every Celery task runs inside the application context of the
worker's own thread, and the modules are called through IRIS's own paths
(`app.iris_engine.module_handler.module_handler`).

Configuration, from the environment (`.ci/services.sh` writes it):
- `IRIS_TEST_DATABASE`: the PostgreSQL server, as a SQLAlchemy URL without a database name
  (IRIS's `SQLALCHEMY_BASE_URI`); the databases are `iris_db` and `iris_tasks`, as in IRIS.
- `IRIS_TEST_BROKER`: the Celery broker (IRIS's `CELERY_BROKER`).

Its worker, as IRIS's, uses the database before it forks its children (IRIS's post-init steps,
which build the pipeline modules: `post_init.run_post_init`), so the children start with the
parent's pooled connection.
"""

import logging
import os

from celery import signals as celery_signals
from flask import Flask
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy

from app.configuration import LINE, Config
from app.iris_engine.tasker.celery import make_celery

app = Flask(__name__)
app.config.from_object(Config)
app.logger.setLevel(logging.INFO)

db = SQLAlchemy(app, engine_options=Config.SQLALCHEMY_ENGINE_OPTIONS)

if LINE == "v2.4.20":  # IRIS's schemas (`app.schema.marshables`), with IRIS's pins
    from flask_marshmallow import Marshmallow
    ma = Marshmallow(app)

login_manager = LoginManager()
login_manager.init_app(app)

celery = make_celery(app)

from app import models  # noqa: E402  (the models need `db`)
from app.models import authorization, test_record  # noqa: E402,F401  (their tables too)
from app.iris_engine.module_handler import module_handler  # noqa: E402,F401  (registers the tasks)
from app.iris_engine.tasker import tasks  # noqa: E402,F401
from app import test_probe  # noqa: E402,F401  (not IRIS's: a probe for the tests)


@celery_signals.worker_init.connect
def _post_init(**_):
    from app import post_init
    post_init.run_post_init()


@login_manager.user_loader
def load_user(user_id):
    return authorization.User.query.get(int(user_id))
