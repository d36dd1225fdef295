"""A pipeline module through the wheel, along IRIS's own steps: loading and the health check,
uploads as IRIS hands them over (werkzeug's FileStorage), and the worker's pipeline call, whose
evidence lands in IRIS's evidence storage. Nothing escapes as an exception."""

import datetime
import io
import os

from iris_interface import IrisInterfaceStatus as IStatus
from werkzeug.datastructures import FileStorage

import iris_loader
from app import state

MODULE = "iris_collector_fixture"


def storage(content, name):
    return FileStorage(stream=io.BytesIO(content), filename=name)


def upload_dir(tmp_path):
    return iris_loader.build_upload_path(str(tmp_path), "ACME Corp.", "Case 12", MODULE)


def test_loads_as_a_pipeline_and_passes_the_health_check():
    instance, _ = iris_loader.instantiate_module_from_name(MODULE)
    assert instance.get_module_type() == "module_pipeline"
    assert instance.is_providing_pipeline() is True
    assert instance.pipeline_get_info() == {
        "pipeline_internal_name": "collector",
        "pipeline_human_name": "Collect text files",
        "pipeline_args": [["label", "required"], ["fail_on", "optional"], ["panic_on", "optional"]],
        "pipeline_update_support": True,
        "pipeline_import_support": True,
    }
    assert iris_loader.check_module_health(instance) == (True, [])
    module_id, _ = iris_loader.register_module(MODULE)
    assert module_id is not None and state.registrations == [], "pipelines register no hooks"


def test_upload_then_process_registers_evidence(tmp_path):
    iris_loader.register_module(MODULE)
    path = upload_dir(tmp_path)
    for name, content in (("first notes.txt", b"alpha"), ("second.txt", b"beta")):
        _, status = iris_loader.upload_file(MODULE, path, storage(content, name))
        assert type(status) is IStatus.IIStatus and status is not IStatus.I2Success
        assert status.is_success(), status.get_message()
    assert sorted(os.listdir(path)) == ["first_notes.txt", "second.txt"]

    instance, status = iris_loader.pipeline_dispatcher(MODULE, {"label": "triage", "fail_on": None},
                                                       path)
    assert status.is_success(), status.get_message()
    assert status.get_message() == "2 file(s) collected"
    assert [e["filename"] for e in state.evidences] == ["first_notes.txt", "second.txt"]
    first = state.evidences[0]
    assert first["description"] == "[triage] first_notes.txt"
    assert first["size"] == 5 and first["case_id"] == 1 and first["user_id"] == 1
    assert first["sha256"] == "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8"
    assert isinstance(first["date_added"], datetime.datetime)
    assert "progress: 2 of 2 files (100%)" in status.get_logs()
    assert "progress: 2 of 2 files (100%)" in instance.message_queue, "sent to the logger as it ran"
    assert os.listdir(path) == [], "processed files are consumed"


def test_uploads_are_refused_with_a_clear_status(tmp_path):
    path = upload_dir(tmp_path)
    instance, _ = iris_loader.instantiate_module_from_name(MODULE)
    # Called directly, without IRIS's secure_filename: the module checks the name itself.
    for name in ("../../escape.txt", "/etc/cron.d/x.txt", ".hidden.txt", "a\x00b.txt", ""):
        status = instance.pipeline_files_upload(path, storage(b"x", name), "ACME", "case", True)
        assert status.is_failure(), name
        assert "refused file name" in status.get_message()
    status = instance.pipeline_files_upload(path, storage(b"MZ", "tool.exe"), "ACME", "case", True)
    assert status.is_failure()
    assert status.get_message() == "the module refused tool.exe: only .txt files are collected"
    status = instance.pipeline_files_upload(os.path.join(path, "nope"), storage(b"x", "a.txt"),
                                            "ACME", "case", True)
    assert status.is_failure() and "not found" in status.get_message()
    assert os.listdir(path) == []
    assert not os.path.exists(os.path.join(str(tmp_path), "escape.txt"))


def test_bad_arguments_failures_and_panics_keep_the_files(tmp_path):
    iris_loader.register_module(MODULE)
    path = upload_dir(tmp_path)
    iris_loader.upload_file(MODULE, path, storage(b"a", "a.txt"))

    _, status = iris_loader.pipeline_dispatcher(MODULE, {"label": None}, path)
    assert status.is_failure()
    assert "`label` is required but was not given" in status.get_message()

    _, status = iris_loader.pipeline_dispatcher(MODULE, {"label": "x", "panic_on": "a.txt"}, path)
    assert status.is_failure() and status.code == 0xFF05
    assert "panicked in its pipeline: cannot collect a.txt" in status.get_message()

    _, status = iris_loader.pipeline_dispatcher(MODULE, {"label": "x"}, path,
                                                pipeline_type="pipeline_unknown")
    assert status.is_failure() and "unrecognized pipeline type" in status.get_message()

    _, status = iris_loader.pipeline_dispatcher(MODULE, {"label": "x"}, os.path.join(path, "gone"))
    assert status.is_failure() and "cannot read the upload directory" in status.get_message()

    assert os.listdir(path) == ["a.txt"], "every failed run put the file back"
    assert state.evidences == []
    _, status = iris_loader.pipeline_dispatcher(MODULE, {"label": "x"}, path)
    assert status.is_success() and len(state.evidences) == 1


def test_a_processor_has_no_pipeline(tmp_path):
    iris_loader.register_module("iris_refang_module")
    instance, _ = iris_loader.instantiate_module_from_name("iris_refang_module")
    assert instance.is_providing_pipeline() is False
    assert instance.pipeline_get_info() == {}
    # The interface's own default, untouched: processors do not override the pipeline methods.
    assert "pipeline_handler" not in type(instance).__dict__
