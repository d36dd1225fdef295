"""The Rust module and its pure-Python twin (written against iris-interface) are the same module
to IRIS: configuration, registrations, status shape and changes."""

from types import SimpleNamespace

import iris_routes
from app.post_init import reset as reset_iris

RUST, PYTHON = "iris_refang_module", "iris_refang_py"


def sample():
    def ioc(value, kind, tags=None):
        return SimpleNamespace(ioc_value=value, ioc_type=SimpleNamespace(type_name=kind), ioc_tags=tags)
    return [ioc("hxxps://Evil[.]Example[/]x", "url", "phishing"), ioc("10[.]0[.]0[.]1", "ip-dst"),
            ioc("user[at]Example[.]org", "email-src", "refanged"), ioc("44d88612fea8a8f36de82e1278abb02f", "md5")]


def test_same_configuration_and_metadata():
    rust, _ = iris_routes.instantiate_module_from_name(RUST)
    python, _ = iris_routes.instantiate_module_from_name(PYTHON)
    assert rust.get_init_configuration() == python.get_init_configuration()
    for getter in ("get_module_name", "get_module_description", "get_interface_version",
                   "get_module_type", "is_providing_pipeline", "pipeline_get_info"):
        assert getattr(rust, getter)() == getattr(python, getter)(), getter


def test_same_registrations():
    iris_routes.register_module(RUST)
    rust = [r[1:] for r in iris_routes.registrations()]
    reset_iris()
    iris_routes.register_module(PYTHON)
    python = [r[1:] for r in iris_routes.registrations()]
    assert rust == python


def test_same_status_shape_and_changes():
    results = {}
    for package in (RUST, PYTHON):
        reset_iris()
        iris_routes.register_module(package)
        data = sample()
        _, status = iris_routes.call_module_hook(package, "on_postload_ioc_create", data)
        results[package] = (type(status), status.code, status.is_success(), status.get_message(),
                            status.get_data() is data, status.get_logs(),
                            [(i.ioc_value, i.ioc_tags) for i in data])
    assert results[RUST] == results[PYTHON]


REPORT = """# Intrusion report

Initial access: a lure from HR[at]Evil-Corp[.]example linking hxxps://evil-corp[.]example/login?next=%2F,
then hxxp://198[.]51[.]100[.]7:8080/stage2.bin (again: hxxps://evil-corp[.]example/login?next=%2F).
Beacons to c2[.]Bad-Domain[.]org and 203.0.113.9; exfiltration to files(.)évil[.]example.
Hashes: 5F4DCC3B5AA765D61D8327DEB882CF99, da39a3ee5e6b4b0d3255bfef95601890afd80709 and
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 (see section 3.2 of file.txt).
Contact: soc-team@example.org; ticket <https://tickets.example.org/T-1234>.
"""


def test_same_indicators_in_notes():
    results = {}
    for package in (RUST, PYTHON):
        reset_iris()
        iris_routes.register_module(package)
        notes = [SimpleNamespace(note_title="Report", note_content=REPORT, custom_attributes=None),
                 SimpleNamespace(note_title="Empty", note_content="nothing here",
                                 custom_attributes={"Indicators": {"Found in the text": {
                                     "type": "html", "value": "old", "mandatory": False}}}),
                 SimpleNamespace(note_title=None, note_content=None, custom_attributes={"Other": {}})]
        _, status = iris_routes.call_module_hook(package, "on_postload_note_update", notes)
        results[package] = (status.code, status.get_message(), status.get_logs(),
                            [n.custom_attributes for n in notes])
    assert results[RUST] == results[PYTHON]
    logs = results[RUST][2]
    assert "11 indicators in note `Report`" in logs, logs
    assert "no indicators left in note `Empty`" in logs
