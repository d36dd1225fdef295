"""IRIS's first start (`app/post_init.py`), for the tables the test IRIS has: the schema, the 90
hooks (`create_safe_hooks`), IOC types, TLPs, asset types, the server settings row, an
administrator and an analyst, and a customer with a few cases."""

import os

from sqlalchemy import text

from app import db
from app.models import (AssetsType, Cases, Client, IocType, IrisHook, ServerSettings, Tlp, User)

HOOKS_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "iris_hooks.txt")

IOC_TYPES = ["domain", "ip-dst", "url", "md5", "email-src", "sha256", "ip-src", "hostname", "filename"]
TLPS = [("red", "danger"), ("amber", "warning"), ("green", "success"), ("clear", "black")]
ASSET_TYPES = ["Account", "Windows - Computer", "Windows - Server", "Linux - Server", "Firewall"]
CASES = {1: "Case 1", 4: "Case 4", 5: "Case 5", 12: "Case 12"}


def hook_names():
    with open(HOOKS_FILE) as lines:
        return [line.split()[1] for line in lines if line.strip() and not line.startswith("#")]


def create_schema():
    db.drop_all()
    db.create_all()


def reset():
    """Every table emptied (identities restarted), then seeded as at IRIS's first start."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()
    for index, name in enumerate(hook_names(), 1):
        db.session.add(IrisHook(id=index, hook_name=name, hook_description=name))
    for index, name in enumerate(IOC_TYPES, 1):
        db.session.add(IocType(type_id=index, type_name=name, type_description=f"{name} IOC"))
    for index, (name, colour) in enumerate(TLPS, 1):
        db.session.add(Tlp(tlp_id=index, tlp_name=name, tlp_bscolor=colour))
    for index, name in enumerate(ASSET_TYPES, 1):
        db.session.add(AssetsType(asset_id=index, asset_name=name, asset_description=name))
    db.session.add(ServerSettings(id=1, http_proxy="", https_proxy="", prevent_post_mod_repush=False,
                                  prevent_post_objects_repush=False, has_updates_available=False,
                                  enable_updates_check=True, password_policy_min_length=12,
                                  enforce_mfa=False))
    db.session.add(User(id=1, user="administrator", name="administrator", email="admin@example.org",
                        password="hash-must-not-leak", api_key="admin-key-must-not-leak", active=True))
    db.session.add(User(id=2, user="analyst", name="analyst", email="analyst@example.org",
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
