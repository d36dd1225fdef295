"""Hooks chosen by the configuration (IrisRelay, tests/lib.rs) through the wheel: each save of
the configuration changes IRIS's registrations, removed hooks stay removed after the request, a
malformed route is left out and named in IRIS's log and in every call's status while the valid
ones register (IRIS issue #703), a renamed menu entry replaces the old one, and a token inside the
JSON never shows."""

import json
import logging

import iris_routes
from app import db
from app.models.models import Ioc

MODULE = "iris_relay_fixture"
TOKEN = "relay-token-8c1f0b"


def save(routes):
    success, logs = iris_routes.set_parameter("IrisRelay", "routes", json.dumps({"routes": routes}))
    assert success, logs


def test_each_save_changes_the_registrations_and_removed_hooks_stay_removed():
    module_id, _ = iris_routes.register_module(MODULE)
    assert [r[1:] for r in iris_routes.registrations(module_id)] == [("on_postload_ioc_update", None, True)]
    save([{"name": "notes", "trigger_on": ["on_postload_note_create", "on_preload_ioc_delete"]}])
    assert [r[1:] for r in iris_routes.registrations(module_id)] == [
        ("on_postload_note_create", None, True), ("on_preload_ioc_delete", None, False)]
    save([])
    # Each save is one request of IRIS's app: what it leaves uncommitted is rolled back at its end.
    assert iris_routes.registrations(module_id) == []
    ioc = Ioc(ioc_value="evil.example", ioc_type=iris_routes.ioc_type("domain"), user_id=2)
    db.session.add(ioc)
    db.session.commit()
    iris_routes.fire_hook("on_postload_ioc_update", [ioc], caseid=1)
    assert iris_routes.wait_for_tasks() == [], "a removed hook no longer fires"


def test_a_malformed_route_is_named_and_the_valid_ones_register(caplog):
    module_id, _ = iris_routes.register_module(MODULE)
    with caplog.at_level(logging.INFO):
        save([{"name": "iocs", "trigger_on": ["all_create"], "token": TOKEN},
              {"name": "broken-one", "trigger_on": ["on_postload_ioc_creat"]}])
    hooks = [r[1] for r in iris_routes.registrations(module_id)]
    assert "on_postload_ioc_create" in hooks and "on_postload_ioc_update" not in hooks, hooks
    named = [r.getMessage() for r in caplog.records if "broken-one" in r.getMessage()]
    assert named == ["configuration entry left out until it is fixed (its hooks are not registered): "
                     "routes: routes[1] \"broken-one\": trigger_on[0]: `on_postload_ioc_creat` is not an IRIS "
                     "hook; did you mean `on_postload_ioc_create`?"], named
    assert [r.levelname for r in caplog.records if "broken-one" in r.getMessage()] == ["ERROR"]
    assert TOKEN not in caplog.text

    ioc = Ioc(ioc_value="evil.example", ioc_type=iris_routes.ioc_type("domain"), user_id=2)
    db.session.add(ioc)
    db.session.commit()
    iris_routes.fire_hook("on_postload_ioc_create", [ioc], caseid=1)
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), status.get_message()
    logs = status.get_logs()
    assert "route iocs: ioc create with token [redacted]" in logs, logs
    assert any("routes[1] \"broken-one\"" in line for line in logs), logs
    assert TOKEN not in " ".join(logs)


def test_a_renamed_menu_entry_replaces_the_old_one():
    module_id, _ = iris_routes.register_module(MODULE)
    save([{"name": "menu", "trigger_on": ["on_manual_trigger_ioc"], "menu": "Relay it"}])
    assert [r[1:3] for r in iris_routes.registrations(module_id)] == [("on_manual_trigger_ioc", "Relay it")]
    save([{"name": "menu", "trigger_on": ["on_manual_trigger_ioc"], "menu": "Relay it now"}])
    assert [r[1:3] for r in iris_routes.registrations(module_id)] == [("on_manual_trigger_ioc", "Relay it now")]
    data = [Ioc(ioc_value="a.example", ioc_type=iris_routes.ioc_type("domain"), user_id=2)]
    _, status = iris_routes.call_module_hook(MODULE, "on_manual_trigger_ioc", data, hook_ui_name="Relay it")
    assert not status.is_success(), "the old menu entry is no longer the module's"
    _, status = iris_routes.call_module_hook(MODULE, "on_manual_trigger_ioc", data, hook_ui_name="Relay it now")
    assert status.is_success() and "route menu: ioc manual with token " in status.get_logs()
