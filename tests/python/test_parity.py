"""The Rust module and its pure-Python twin (written against iris-interface) are the same module
to IRIS: configuration, registrations, status shape and changes."""

from types import SimpleNamespace

import iris_loader
from app import state

RUST, PYTHON = "iris_refang_module", "iris_refang_py"


def sample():
    def ioc(value, kind, tags=None):
        return SimpleNamespace(ioc_value=value, ioc_type=SimpleNamespace(type_name=kind), ioc_tags=tags)
    return [ioc("hxxps://Evil[.]Example[/]x", "url", "phishing"), ioc("10[.]0[.]0[.]1", "ip-dst"),
            ioc("user[at]Example[.]org", "email-src", "refanged"), ioc("44d88612fea8a8f36de82e1278abb02f", "md5")]


def test_same_configuration_and_metadata():
    rust, _ = iris_loader.instantiate_module_from_name(RUST)
    python, _ = iris_loader.instantiate_module_from_name(PYTHON)
    assert rust.get_init_configuration() == python.get_init_configuration()
    for getter in ("get_module_name", "get_module_description", "get_interface_version",
                   "get_module_type", "is_providing_pipeline", "pipeline_get_info"):
        assert getattr(rust, getter)() == getattr(python, getter)(), getter


def test_same_registrations():
    iris_loader.register_module(RUST, module_id=1)
    rust = [r[1:] for r in state.registrations]
    state.reset()
    iris_loader.register_module(PYTHON, module_id=1)
    python = [r[1:] for r in state.registrations]
    assert rust == python


def test_same_status_shape_and_changes():
    results = {}
    for package in (RUST, PYTHON):
        state.reset()
        iris_loader.register_module(package)
        data = sample()
        _, status = iris_loader.call_module_hook(package, "on_postload_ioc_create", data)
        results[package] = (type(status), status.code, status.is_success(), status.get_message(),
                            status.get_data() is data, status.get_logs(),
                            [(i.ioc_value, i.ioc_tags) for i in data])
    assert results[RUST] == results[PYTHON]
