"""IrisCheck (examples/check), the drop-in for iris-check-module, through its wheel: every hook IRIS
lists registered (manual ones under IRIS's default menu names), each call logged and its data
returned, the setting honoured, and the registrations kept when the setting changes."""

import iris_routes
from app import db
from app.models.models import IrisHook, Ioc

MODULE = "iris_check_module"


def test_a_drop_in_for_the_official_package():
    import iris_check_module
    assert iris_check_module.__iris_module_interface == "IrisCheckModule"
    instance, _ = iris_routes.instantiate_module_from_name(MODULE)
    assert type(instance).__name__ == "IrisCheckModule"
    assert iris_routes.check_module_health(instance) == (True, [])
    assert instance.get_module_name() == "IrisCheck"
    assert instance.get_init_configuration() == [{
        "param_name": "check_log_received_hook", "param_human_name": "Log received hook",
        "param_description": "Logs every hook received if set to true. Otherwise do nothing.",
        "default": True, "mandatory": True, "type": "bool"}]


def test_every_hook_iris_lists_is_registered_once():
    module_id, _ = iris_routes.register_module(MODULE)
    rows = iris_routes.registrations(module_id)
    listed = sorted(hook.hook_name for hook in IrisHook.query.all())
    assert sorted(row[1] for row in rows) == listed and len(listed) == 90
    manual = {row[1]: row[2] for row in rows if row[1].startswith("on_manual_trigger_")}
    assert manual["on_manual_trigger_ioc"] == f"{MODULE}::on_manual_trigger_ioc"
    # A save of the setting registers the same hooks again, nothing twice, nothing lost.
    assert iris_routes.set_parameter("IrisCheck", "check_log_received_hook", "False")[0]
    assert sorted(row[1] for row in iris_routes.registrations(module_id)) == listed


def test_each_call_is_logged_and_its_data_returned():
    iris_routes.configure(MODULE)
    ioc = Ioc(ioc_value="evil.example", ioc_type=iris_routes.ioc_type("domain"), user_id=2)
    db.session.add(ioc)
    db.session.commit()
    iris_routes.fire_hook("on_postload_ioc_create", ioc, caseid=1)
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), status.get_message()
    assert "Received on_postload_ioc_create :: None" in status.get_logs()
    assert "Received data of type Ioc (1 object)" in status.get_logs()
    body = {"asset_name": "dc01"}
    _, status = iris_routes.call_module_hook(MODULE, "on_preload_asset_create", body)
    assert status.is_success() and status.get_data() == [body] and body == {"asset_name": "dc01"}
    assert "Received data of type RequestBody (1 object)" in status.get_logs()


def test_nothing_is_logged_when_the_setting_is_off():
    iris_routes.configure(MODULE, check_log_received_hook="False")
    _, status = iris_routes.call_module_hook(MODULE, "on_postload_case_delete", [7])
    assert status.is_success() and status.get_data() == [7]
    assert not any(line.startswith("Received") for line in status.get_logs()), status.get_logs()
