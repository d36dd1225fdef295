"""Upgrade in place: a newer version of a module installed over an existing registration.

IRIS keeps the configuration it stored when the module was added, and its set-parameter refuses
a name that list does not hold. The module brings the stored list up to date itself the next
time IRIS calls it where IRIS's database is at hand: `register_hooks` (the module enabled, or a
parameter saved) for a processor, its next upload or run for a pipeline. Every stored value is
kept, secrets included; new parameters get their defaults and can be set; parameters the new
version no longer has are kept, values included, in a section that says so."""

import io

from werkzeug.datastructures import FileStorage

import iris_routes
from app import db

KEY = "vt-key-kept-across-the-upgrade"
RETIRED = {"param_name": "vt_legacy_v2_api", "param_human_name": "Use the v2 API",
           "param_description": "Removed in this version", "default": False, "mandatory": True,
           "type": "bool", "value": True}


def as_if_stored_by(version, human_name, dropped, extra=()):
    """Rewrites IRIS's stored row as an older version of the module left it: without the
    parameters `dropped` (that version did not have them), with `extra` ones it had."""
    row = iris_routes.module_row(human_name=human_name)
    row.module_config = [dict(entry) for entry in row.module_config
                         if entry["param_name"] not in dropped] + [dict(entry) for entry in extra]
    row.module_version = version
    db.session.commit()
    return row.id


def stored(human_name):
    row = iris_routes.module_row(human_name=human_name)
    return row.module_version, {entry["param_name"]: entry for entry in row.module_config}


def test_a_processor_keeps_every_value_and_gains_the_new_parameters():
    iris_routes.register_module("iris_vt_module")
    assert iris_routes.set_parameter("IrisVT", "vt_api_key", KEY)[0]
    assert iris_routes.set_parameter("IrisVT", "vt_on_create_hook_enabled", "True")[0]
    assert iris_routes.set_parameter("IrisVT", "vt_tag_malicious_threshold", "7.5")[0]
    module_id = as_if_stored_by("0.0.1", "IrisVT", dropped={"vt_requests_per_minute", "vt_report_as_attribute"},
                                extra=[RETIRED])
    # What an administrator meets after `pip install` of the new version: IRIS refuses the new name.
    assert iris_routes.set_parameter("IrisVT", "vt_requests_per_minute", "2") == (False, "Invalid parameter")

    success, logs = iris_routes.enable_module(module_id)
    assert success, logs

    instance, _ = iris_routes.instantiate_module_from_name("iris_vt_module")
    declared = [entry["param_name"] for entry in instance.get_init_configuration()]
    version, config = stored("IrisVT")
    assert version == instance.get_module_version() != "0.0.1"
    assert list(config) == declared + ["vt_legacy_v2_api"]
    assert config["vt_api_key"]["value"] == KEY, "the secret is kept"
    assert config["vt_tag_malicious_threshold"]["value"] == "7.5"
    assert config["vt_on_create_hook_enabled"]["value"] is True
    assert config["vt_requests_per_minute"]["value"] == 4, "a new parameter gets its default"
    assert config["vt_report_as_attribute"]["value"] is True
    retired = config["vt_legacy_v2_api"]
    assert retired["value"] is True and retired["mandatory"] is False
    assert retired["section"] == "No longer used (kept from version 0.0.1)"

    assert iris_routes.set_parameter("IrisVT", "vt_requests_per_minute", "2")[0], "the new parameter can be set"
    assert stored("IrisVT")[1]["vt_requests_per_minute"]["value"] == "2"
    assert [r[1] for r in iris_routes.registrations(module_id)] == ["on_manual_trigger_ioc", "on_postload_ioc_create"]
    exported = iris_routes.export_config(module_id)["module_configuration"]
    assert [entry["param_name"] for entry in exported] == declared + ["vt_legacy_v2_api"]

    # Once up to date, nothing changes on the next calls.
    before = stored("IrisVT")
    assert iris_routes.enable_module(module_id)[0]
    assert stored("IrisVT") == before


def test_a_pipeline_is_brought_up_to_date_by_its_next_upload():
    iris_routes.register_module("iris_collector_fixture")
    as_if_stored_by("0.0.1", "IrisCollector", dropped={"extension"})
    _, status = iris_routes.upload_file("iris_collector_fixture", 12, FileStorage(io.BytesIO(b"x"), "a.txt"))
    assert status.is_success(), status.get_message()
    version, config = stored("IrisCollector")
    assert version != "0.0.1"
    assert config["extension"]["value"] == "txt"
    assert iris_routes.module_row(human_name="IrisCollector").pipeline_args["pipeline_internal_name"] == "collector"
