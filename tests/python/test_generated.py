"""A module made by `cargo iris new` and built by `cargo iris build` (see .ci/generated.sh and
.ci/python.sh) loads, registers and runs in IRIS like any other."""

from types import SimpleNamespace

import iris_routes

MODULE = "iris_watch_module"


def test_the_generated_processor_works_in_iris():
    instance, _ = iris_routes.instantiate_module_from_name(MODULE)
    assert iris_routes.check_module_health(instance) == (True, [])
    _, instance = iris_routes.register_module(MODULE)
    assert [r[1:3] for r in iris_routes.registrations()] == [
        ("on_postload_ioc_create", None), ("on_postload_ioc_update", None),
        ("on_manual_trigger_ioc", "Watch: check the watchlist")]
    iris_routes.set_parameter(instance.get_module_name(), "watchlist", '["evil.example"]')
    iocs = [SimpleNamespace(ioc_value="Evil.Example", ioc_tags=None, custom_attributes=None,
                            ioc_type=SimpleNamespace(type_name="domain"))]
    _, status = iris_routes.call_module_hook(MODULE, "on_postload_ioc_create", iocs)
    assert status.is_success(), status.get_message()
    assert iocs[0].ioc_tags == "watch:watchlist"
    assert iocs[0].custom_attributes["IrisWatch"]["Watchlist entry"]["value"] == "evil.example"
