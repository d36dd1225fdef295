"""A Rust module loads through IRIS's own steps, exactly like a Python DIM, and registers in IRIS's
hook table."""

import importlib
import inspect
import subprocess
import sys

import pytest
from iris_interface.IrisModuleInterface import IrisModuleInterface

import iris_routes
from app.configuration import Config
from app.post_init import hook_names

PACKAGES = {
    "iris_refang_module": ("IrisRefangInterface", "IrisRefang"),
    "iris_reputation_fixture": ("IrisReputationInterface", "IrisReputation"),
}


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_package_layout_is_what_iris_imports(package):
    class_name, module_name = PACKAGES[package]
    root = importlib.import_module(package)
    assert root.__iris_module_interface == class_name
    submodule = importlib.import_module(f"{package}.{class_name}")
    cls = getattr(submodule, class_name)
    assert issubclass(cls, IrisModuleInterface)
    assert cls.__module__ == f"{package}.{class_name}"
    assert list(inspect.signature(cls.hooks_handler).parameters) == [
        "self", "hook_name", "hook_ui_name", "data"]
    instance = cls()
    assert instance.get_module_name() == module_name
    assert instance.get_module_type() == "module_processor"
    assert instance.get_interface_version() == "1.2.0"
    assert instance.is_providing_pipeline() is False
    assert instance.pipeline_get_info() == {}
    assert instance.is_ready()
    healthy, logs = iris_routes.check_module_health(instance)
    assert healthy, logs


def test_root_package_imports_without_iris():
    # IRIS's `app` is missing here: importing the package and its class module still works; only
    # resolving the class needs IRIS, as for a Python DIM.
    code = ("import iris_refang_module, iris_refang_module.IrisRefangInterface as m\n"
            "print(iris_refang_module.__iris_module_interface)\n"
            "try:\n    m.IrisRefangInterface\nexcept ImportError as e:\n    print('needs IRIS:', e.name)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["IrisRefangInterface", "needs IRIS: app"]


def test_configuration_is_in_iris_format():
    instance, _ = iris_routes.instantiate_module_from_name("iris_refang_module")
    assert instance.get_init_configuration() == [
        {"param_name": "tag", "param_human_name": "Tag",
         "param_description": "Tag added to every IOC whose value was refanged",
         "default": "refanged", "mandatory": False, "type": "string"},
        {"param_name": "lowercase_domains", "param_human_name": "Lowercase domains",
         "param_description": "Lower-case domain names and URLs' host part while refanging",
         "default": True, "mandatory": False, "type": "bool", "section": "Behaviour"},
        {"param_name": "indicators_tab", "param_human_name": "Indicators tab",
         "param_description": "Tab of the note where the indicators found in its text are listed",
         "default": "Indicators", "mandatory": False, "type": "string", "section": "Notes"},
        {"param_name": "note_indicators_to_iocs", "param_human_name": "Note indicators to iocs",
         "param_description": "Add the indicators found in a note's text to the note's case as IOCs (each described with the note it comes from)",
         "default": False, "mandatory": False, "type": "bool", "section": "Notes"},
    ]


def test_configuration_list_is_a_fresh_copy():
    instance, _ = iris_routes.instantiate_module_from_name("iris_refang_module")
    first = instance.get_init_configuration()
    iris_routes.preset_init_mod_config(first)  # IRIS changes the list in place
    assert "value" in first[0]
    assert "value" not in instance.get_init_configuration()[0]


def test_first_registration_registers_every_hook():
    # IRIS calls register_hooks on the instance built before the configuration is stored, when
    # `_dict_conf` is still the default list (IRIS issue 168).
    module_id, _ = iris_routes.register_module("iris_reputation_fixture")
    assert iris_routes.registrations() == [
        (module_id, "on_postload_ioc_create", None, True),
        (module_id, "on_postload_ioc_update", None, True),
        (module_id, "on_manual_trigger_ioc", "Get reputation", True),
        (module_id, "on_manual_trigger_asset", "Cached reputation", True),
        (module_id, "on_preload_asset_create", None, False),
        (module_id, "on_postload_ioc_delete", None, False),
        (module_id, "on_manual_trigger_note", "Slow lookup", True),
    ]
    assert len(hook_names()) == 90


def test_registration_again_is_idempotent_and_stores_module_id():
    module_id, _ = iris_routes.register_module("iris_refang_module")
    before = iris_routes.registrations()
    with iris_routes.request():
        instance, _ = iris_routes.instantiate_module_from_name("iris_refang_module")
        instance.register_hooks(module_id)
    assert instance.module_id == module_id
    assert iris_routes.registrations() == before
    assert len(before) == 6
    assert ("on_manual_trigger_ioc", "Refang IOC") in [(h, m) for _, h, m, _ in before]


@pytest.mark.parametrize("reported, whose", [
    ("v2.4.5", "module `IrisReputation` 0.1.0 runs in IRIS >=2.4.10, <2.6 only"),  # its own range
    ("v3.0.0-beta.1", "is built on iris-module-core"),  # the framework's: >=2.4.0, <2.6.0
])
def test_an_iris_outside_the_range_refuses_the_module_with_a_clear_status_and_log_line(
        iris, caplog, reported, whose):
    iris.config["IRIS_VERSION"] = reported
    try:
        module_id, message, _ = iris_routes.add_module("iris_reputation_fixture")
        assert module_id is None, "IRIS's health check refuses it"
        assert "Health check didn't pass" in message
        lines = [r for r in caplog.records if "not loaded" in r.getMessage()]
        assert [r.levelname for r in lines] == ["CRITICAL"], caplog.text
        assert f"`{reported}`" in lines[0].getMessage() and whose in lines[0].getMessage(), lines[0].getMessage()
        assert not [r for r in caplog.records if r.exc_info], "no traceback"

        # Installed before IRIS was upgraded: each call says so, and nothing runs.
        instance, _ = iris_routes.instantiate_module_from_name("iris_reputation_fixture")
        status = instance.hooks_handler("on_manual_trigger_ioc", "Get reputation", [])
        assert not status.is_success()
        assert whose in status.get_message() and "nothing was done" in status.get_message(), status.get_message()
    finally:
        iris.config["IRIS_VERSION"] = Config.IRIS_VERSION
    healthy, logs = iris_routes.check_module_health(iris_routes.instantiate_module_from_name("iris_reputation_fixture")[0])
    assert healthy, logs
