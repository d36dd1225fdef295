"""IRIS's first start (`app/post_init.py`), for the tables the test IRIS has: the schema, the 90
hooks (`create_safe_hooks`), IOC types (with IRIS's validation patterns), TLPs, asset types,
event categories, task and analysis statuses (IRIS's, in IRIS's order), the server
settings row, an administrator and an analyst, and a customer with a few cases."""

import json
import os
import re

from sqlalchemy import text

from app import db
from app.models.models import (AnalysisStatus, AssetsType, EventCategory, IocType, IrisHook, ServerSettings,
                               TaskStatus, Tlp)
from app.models.cases import Cases, Client
from app.models.authorization import User

# IRIS's own `create_safe_hooks` (v2.4.20, verbatim), the file the hook table is checked against.
HOOKS_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "iris_create_safe_hooks.py")

# IRIS's named lists (IOC types with their validation patterns, asset types, TLPs, event
# categories, task and analysis statuses), in IRIS's order, from the file the runtime and the macros
# read them from (iris-module-vocabulary's copy of IRIS v2.4.20's first start), so they cannot drift apart.
DEFAULTS_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "iris-module-vocabulary", "src",
                             "iris_defaults.json")
with open(DEFAULTS_FILE) as defaults_file:
    DEFAULTS = json.load(defaults_file)
# The Bootstrap colours IRIS gives its TLPs and task statuses (not in the runtime's file: no module
# refers to a colour).
TLP_COLOURS = {"red": "danger", "amber": "warning", "green": "success", "clear": "black", "amber+strict": "warning"}
TASK_STATUS_COLOURS = {"To do": "danger", "In progress": "warning", "On hold": "muted", "Done": "success",
                       "Canceled": "muted"}
CASES = {1: "Case 1", 4: "Case 4", 5: "Case 5", 12: "Case 12"}


def hook_names():
    with open(HOOKS_FILE) as lines:
        return re.findall(r"hook_name='([a-z_]+)'", lines.read())


def create_schema():
    """IRIS's tables made anew: every table of the database dropped first, so that the other
    shape's tables (v2.4.20's `ioc_link`) never outlive a change of `IRIS_TEST_LINE`."""
    tables = db.session.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
    if tables:
        db.session.execute(text("DROP TABLE " + ", ".join(f'"{table}"' for table in tables) + " CASCADE"))
        db.session.commit()
    db.create_all()


def reset():
    """Every table emptied (identities restarted), then seeded as at IRIS's first start."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()
    for index, name in enumerate(hook_names(), 1):
        db.session.add(IrisHook(id=index, hook_name=name, hook_description=name))
    for index, (name, pattern, expect) in enumerate(DEFAULTS["ioc_types"], 1):
        db.session.add(IocType(type_id=index, type_name=name, type_description=f"{name} IOC",
                               type_validation_regex=pattern, type_validation_expect=expect))
    for index, name in enumerate(DEFAULTS["tlps"], 1):
        db.session.add(Tlp(tlp_id=index, tlp_name=name, tlp_bscolor=TLP_COLOURS[name]))
    for index, name in enumerate(DEFAULTS["asset_types"], 1):
        db.session.add(AssetsType(asset_id=index, asset_name=name, asset_description=name))
    for index, name in enumerate(DEFAULTS["event_categories"], 1):
        db.session.add(EventCategory(id=index, name=name))
    for index, name in enumerate(DEFAULTS["task_statuses"], 1):
        db.session.add(TaskStatus(id=index, status_name=name, status_description="",
                                  status_bscolor=TASK_STATUS_COLOURS[name]))
    for index, name in enumerate(DEFAULTS["analysis_statuses"], 1):
        db.session.add(AnalysisStatus(id=index, name=name))
    db.session.add(ServerSettings(id=1, http_proxy="", https_proxy="", prevent_post_mod_repush=False,
                                  prevent_post_objects_repush=False, has_updates_available=False,
                                  enable_updates_check=True, password_policy_min_length=12,
                                  enforce_mfa=False))
    db.session.add(User(id=1, user="administrator", name="administrator", email="admin@example.org",
                        password="hash-must-not-leak", api_key="admin-key-must-not-leak", active=True))
    db.session.add(User(id=2, user="analyst", name="Ann Analyst", email="analyst@example.org",
                        password="hash-must-not-leak", api_key="key-must-not-leak", active=True))
    db.session.add(Client(client_id=1, name="ACME Corp."))
    db.session.flush()
    for case_id, name in CASES.items():
        db.session.add(Cases(case_id=case_id, client_id=1, name=name, user_id=1, owner_id=1))
    db.session.commit()
    for table in ("user", "cases", "client"):
        key = {"user": "id", "cases": "case_id", "client": "client_id"}[table]
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key}'), (SELECT MAX({key}) FROM \"{table}\"))"))
    db.session.commit()


def run_post_init():
    """What IRIS's post-init steps do in its worker before the worker forks its children (IRIS
    runs them when `app` is imported): they use the database, and `register_modules_pipelines`
    builds every registered pipeline module, which imports it. (The test IRIS runs them when its
    worker starts: `worker_init`.) The children so start with the parent's pooled connection."""
    from app import app
    from app.iris_engine.module_handler.module_handler import instantiate_module_from_name
    from app.models.models import IrisModule
    with app.app_context():
        pipelines = IrisModule.query.with_entities(IrisModule.module_name).filter(
            IrisModule.has_pipeline == True).all()  # noqa: E712  (SQL)
        db.session.commit()
        for (module_name,) in pipelines:
            instantiate_module_from_name(module_name)
        db.session.commit()
