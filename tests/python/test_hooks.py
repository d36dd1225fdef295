"""Hooks through the wheel, as IRIS calls them: asynchronous hooks in the Celery worker on IRIS's
ORM objects (changes persist through the worker's commit), inline hooks in a request; statuses
are fresh, and nothing escapes as an exception."""

import threading
import time
from types import SimpleNamespace

import pytest
from iris_interface import IrisInterfaceStatus as IStatus

import iris_routes
from app import db
from app.models.models import Ioc


def test_refang_changes_persist_after_iris_commits():
    iris_routes.configure("iris_refang_module")
    iocs = [Ioc(ioc_value="hxxps://Evil[.]Example[/]x", ioc_type=iris_routes.ioc_type("url"), ioc_tags="phishing",
                user_id=2),
            Ioc(ioc_value="8.8.8.8", ioc_type=iris_routes.ioc_type("ip-dst"), user_id=2)]
    db.session.add_all(iocs)
    db.session.commit()
    ids = [ioc.ioc_id for ioc in iocs]
    # What IRIS's IOC routes do after creating an IOC: one object, queued for the worker.
    for ioc in iocs:
        assert iris_routes.fire_hook("on_postload_ioc_create", ioc, caseid=1) is ioc
    statuses = iris_routes.wait_for_tasks()
    assert [status.is_success() for status in statuses] == [True, True], [s.get_message() for s in statuses]
    stored = {ioc.ioc_id: ioc for ioc in Ioc.query.filter(Ioc.ioc_id.in_(ids))}
    assert stored[ids[0]].ioc_value == "https://evil.example/x"
    assert stored[ids[0]].ioc_tags == "phishing,refanged"
    assert stored[ids[1]].ioc_value == "8.8.8.8"
    assert stored[ids[1]].ioc_tags is None


def test_custom_attributes_tags_and_description_persist():
    iris_routes.configure("iris_reputation_fixture", api_key="k-1", threshold="40")
    ioc = Ioc(ioc_value="very-long-malicious-domain.example", ioc_type=iris_routes.ioc_type("domain"), user_id=2,
              custom_attributes={"Existing": {"Keep": {"type": "input_string", "value": "v", "mandatory": True}}})
    db.session.add(ioc)
    db.session.commit()
    iris_routes.fire_hook("on_postload_ioc_update", [ioc], caseid=1)
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), status.get_message()
    stored = db.session.get(Ioc, ioc.ioc_id)
    assert stored.ioc_tags == "reputation:malicious"
    assert stored.custom_attributes == {
        "Existing": {"Keep": {"type": "input_string", "value": "v", "mandatory": True}},
        "Reputation": {"HTML report": {"type": "html", "value": "<b>100</b>", "mandatory": False}},
    }
    assert stored.ioc_type.type_name == "domain", "relationships are untouched"


def test_status_is_fresh_and_logs_reach_python_logger():
    iris_routes.configure("iris_refang_module")
    data = [SimpleNamespace(ioc_value="a[.]example", ioc_type=SimpleNamespace(type_name="domain"),
                            ioc_tags=None)]
    instance, status = iris_routes.call_module_hook("iris_refang_module", "on_manual_trigger_ioc",
                                                    data, hook_ui_name="Refang IOC")
    assert type(status) is IStatus.IIStatus
    assert status is not IStatus.I2Success and status is not IStatus.I2Error
    assert status.code == IStatus.I2CodeSuccess
    assert status.get_data() is data
    assert status.get_logs()[-2:] == ["refanged `a[.]example` into `a.example`", "1 of 1 IOCs refanged"]
    assert instance.message_queue[-2:] == status.get_logs()[-2:], "sent to the module's logger too"
    assert data[0].ioc_value == "a.example" and data[0].ioc_tags == "refanged"


def test_preload_hook_changes_the_request_body_in_place():
    iris_routes.configure("iris_reputation_fixture", api_key="k")
    body = {"asset_name": "DC 01", "asset_type_id": 9}
    _, status = iris_routes.call_module_hook("iris_reputation_fixture", "on_preload_asset_create", body)
    assert status.is_success()
    assert status.get_data() == [body]
    assert body == {"asset_name": "DC 01", "asset_type_id": 9,
                    "asset_description": "checked by IrisReputation"}
    assert "asset names should not contain spaces" in status.get_logs()


def test_delete_hooks_receive_ids():
    iris_routes.configure("iris_reputation_fixture", api_key="k")
    _, status = iris_routes.call_module_hook("iris_reputation_fixture", "on_postload_ioc_delete", 42)
    assert status.is_success()
    assert status.get_message() == "forgot 1 IOCs"
    assert status.get_data() == [42]


def test_a_panic_is_an_error_status_not_an_exception():
    iris_routes.configure("iris_reputation_fixture", api_key="k")
    data = [SimpleNamespace(ioc_value="long-first-domain-name.example", ioc_type=SimpleNamespace(type_name="domain"),
                            ioc_tags=None, custom_attributes=None),
            SimpleNamespace(ioc_value="panic.example", ioc_type=SimpleNamespace(type_name="domain"),
                            ioc_tags=None, custom_attributes=None)]
    _, status = iris_routes.call_module_hook("iris_reputation_fixture", "on_postload_ioc_create", data)
    assert status.is_failure()
    assert status.code == 0xFF05
    assert "panicked in hook `on_postload_ioc_create`: lookup of panic.example exploded" in status.get_message()
    assert data[0].ioc_tags == "reputation:malicious", "changes before the panic are kept"
    assert not any("not written back" in line for line in status.get_logs())


def test_bad_data_is_an_error_status():
    iris_routes.configure("iris_reputation_fixture", api_key="k")
    _, status = iris_routes.call_module_hook("iris_reputation_fixture", "on_postload_ioc_create",
                                             [SimpleNamespace(ioc_value=1)])
    assert status.is_failure()
    assert "bad data for `on_postload_ioc_create`: hook data element 0 is not a valid `Ioc`" in status.get_message()
    _, status = iris_routes.call_module_hook("iris_reputation_fixture", "on_postload_ioc_delete", ["x"])
    assert status.is_failure()


def test_unknown_and_unhandled_hooks_are_error_statuses():
    iris_routes.configure("iris_refang_module")
    _, status = iris_routes.call_module_hook("iris_refang_module", "on_postload_ioc_created", [])
    assert status.is_failure() and "not an IRIS hook" in status.get_message()
    _, status = iris_routes.call_module_hook("iris_refang_module", "on_postload_asset_create", [])
    assert status.is_failure() and "not handled by this module" in status.get_message()


def test_bad_configuration_is_an_error_status_naming_each_parameter():
    iris_routes.configure("iris_reputation_fixture", threshold="high", tag_malicious="true")
    _, status = iris_routes.call_module_hook("iris_reputation_fixture", "on_postload_ioc_create", [])
    assert status.is_failure()
    message = status.get_message()
    assert "`api_key` (API key) is mandatory but has no value" in message
    assert "`threshold` (Threshold) expected an integer, found \"high\"" in message


def test_a_secret_never_shows():
    secret = "s3cr3t-value-never-shown"
    iris_routes.configure("iris_reputation_fixture", api_key=secret, threshold="oops")
    data = [SimpleNamespace(ioc_value="panic.example", ioc_type=SimpleNamespace(type_name="domain"))]
    outputs = []
    for hook in ("on_postload_ioc_create", "on_postload_ioc_delete"):
        instance, status = iris_routes.call_module_hook("iris_reputation_fixture", hook, data)
        outputs += [status.get_message(), repr(status.get_logs()), repr(instance.message_queue)]
    iris_routes.configure("iris_reputation_fixture", api_key=secret)
    instance, status = iris_routes.call_module_hook("iris_reputation_fixture", "on_postload_ioc_create", data)
    outputs += [status.get_message(), repr(status.get_logs())]
    assert status.is_failure()
    assert all(secret not in text for text in outputs)


def test_the_gil_is_released_while_the_handler_runs():
    iris_routes.configure("iris_reputation_fixture", api_key="k")
    note = SimpleNamespace(note_title="Case notes")
    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        _, status = iris_routes.call_module_hook("iris_reputation_fixture", "on_manual_trigger_note",
                                                 [note], hook_ui_name="Slow lookup")
    finally:
        stop.set()
        spinner.join()
    assert status.is_success()
    assert note.note_title == "Case notes (looked up)"
    assert len(ticks) > 50, f"only {len(ticks)} ticks in 300 ms: the GIL was held"


def test_concurrent_calls_from_threads():
    iris_routes.configure("iris_refang_module")
    errors = []

    def worker(n):
        for i in range(50):
            data = [SimpleNamespace(ioc_value=f"h{n}-{i}[.]example", ioc_type=SimpleNamespace(type_name="domain"),
                                    ioc_tags=None)]
            _, status = iris_routes.call_module_hook("iris_refang_module", "on_postload_ioc_create", data)
            if not status.is_success() or data[0].ioc_value != f"h{n}-{i}.example":
                errors.append((n, i, status.get_message()))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_stale_shared_status_data_is_never_taken_for_the_configuration():
    # Before registration IRIS answers the configuration lookup with the shared
    # I2InterfaceNotReady, whose data may still be another module's configuration.
    from iris_interface import IrisInterfaceStatus as IStatus
    IStatus.I2InterfaceNotReady(data=[{"param_name": "tag", "value": "poisoned", "default": "poisoned",
                                       "type": "string", "mandatory": False}])
    data = [SimpleNamespace(ioc_value="x[.]example", ioc_type=SimpleNamespace(type_name="domain"),
                            ioc_tags=None)]
    instance, status = iris_routes.call_module_hook("iris_refang_module", "on_postload_ioc_create", data)
    assert isinstance(instance._dict_conf, dict) and instance._dict_conf.get("tag") == "poisoned"
    assert status.is_success()
    assert data[0].ioc_tags == "refanged", "the module's own default, not the stale value"
