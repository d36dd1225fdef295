"""A pipeline module through the wheel, along IRIS's own paths: loading and the health check,
uploads through IRIS's upload route (werkzeug's FileStorage), and the pipeline run in the Celery
worker, whose evidence lands in IRIS's evidence table through IRIS's `EvidenceStorage` (an ORM
query: it needs the worker's application context). Nothing escapes as an exception."""

import datetime
import io
import os

from iris_interface import IrisInterfaceStatus as IStatus
from werkzeug.datastructures import FileStorage

import iris_routes

MODULE = "iris_collector_fixture"
CASE = 12


def storage(content, name):
    return FileStorage(stream=io.BytesIO(content), filename=name)


def test_loads_as_a_pipeline_and_passes_the_health_check():
    instance, _ = iris_routes.instantiate_module_from_name(MODULE)
    assert instance.get_module_type() == "module_pipeline"
    assert instance.is_providing_pipeline() is True
    assert instance.pipeline_get_info() == {
        "pipeline_internal_name": "collector",
        "pipeline_human_name": "Collect text files",
        "pipeline_args": [["label", "required"], ["fail_on", "optional"], ["panic_on", "optional"]],
        "pipeline_update_support": True,
        "pipeline_import_support": True,
    }
    assert iris_routes.check_module_health(instance) == (True, [])
    module_id, _ = iris_routes.register_module(MODULE)
    assert module_id is not None and iris_routes.registrations() == [], "pipelines register no hooks"


def test_upload_then_process_registers_evidence():
    iris_routes.register_module(MODULE)
    for name, content in (("first notes.txt", b"alpha"), ("second.txt", b"beta")):
        _, status = iris_routes.upload_file(MODULE, CASE, storage(content, name))
        assert type(status) is IStatus.IIStatus and status is not IStatus.I2Success
        assert status.is_success(), status.get_message()
    path = iris_routes.upload_dir(MODULE, CASE)
    assert path.endswith("/ACMECorp/case_12/iris_collector_fixture/")
    assert sorted(os.listdir(path)) == ["first_notes.txt", "second.txt"]

    queued, status = iris_routes.trigger_pipeline(MODULE, CASE, {"label": "triage"})
    assert queued.is_success(), queued.get_message()
    assert status.is_success(), status.get_message()
    assert status.get_message() == "2 file(s) collected"
    evidences = iris_routes.evidences()
    assert [e["filename"] for e in evidences] == ["first_notes.txt", "second.txt"]
    first = evidences[0]
    assert first["description"] == "[triage] first_notes.txt"
    assert first["size"] == 5 and first["case_id"] == CASE and first["user_id"] == 1
    assert first["sha256"] == "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8"
    assert isinstance(first["date_added"], datetime.datetime)
    assert "progress: 2 of 2 files (100%)" in status.get_logs(), "sent to the logger as it ran"
    assert os.listdir(path) == [], "processed files are consumed"


def test_uploads_are_refused_with_a_clear_status():
    iris_routes.register_module(MODULE)
    path = iris_routes.upload_dir(MODULE, CASE)
    with iris_routes.request():
        instance, _ = iris_routes.instantiate_module_from_name(MODULE)
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
    assert not os.path.exists(os.path.join(os.path.dirname(path.rstrip("/")), "escape.txt"))


def test_bad_arguments_failures_and_panics_keep_the_files():
    iris_routes.register_module(MODULE)
    iris_routes.upload_file(MODULE, CASE, storage(b"a", "a.txt"))
    path = iris_routes.upload_dir(MODULE, CASE)

    queued, status = iris_routes.trigger_pipeline(MODULE, CASE, {"label": None})
    assert queued is None and status is None, "IRIS's route refuses a missing required argument"
    status = iris_routes.dispatch_pipeline(MODULE, {"label": None}, path, case_id=CASE)
    assert status.is_failure()
    assert "`label` is required but was not given" in status.get_message()

    _, status = iris_routes.trigger_pipeline(MODULE, CASE, {"label": "x", "panic_on": "a.txt"})
    assert status.is_failure() and status.code == 0xFF05
    assert "panicked in its pipeline: cannot collect a.txt" in status.get_message()

    status = iris_routes.dispatch_pipeline(MODULE, {"label": "x"}, path, pipeline_type="pipeline_unknown",
                                           case_id=CASE)
    assert status.is_failure() and "unrecognized pipeline type" in status.get_message()

    status = iris_routes.dispatch_pipeline(MODULE, {"label": "x"}, os.path.join(path, "gone"), case_id=CASE)
    assert status.is_failure() and "cannot read the upload directory" in status.get_message()

    assert os.listdir(path) == ["a.txt"], "every failed run put the file back"
    assert iris_routes.evidences() == []
    _, status = iris_routes.trigger_pipeline(MODULE, CASE, {"label": "x"})
    assert status.is_success() and len(iris_routes.evidences()) == 1


def test_a_processor_has_no_pipeline():
    iris_routes.register_module("iris_refang_module")
    instance, _ = iris_routes.instantiate_module_from_name("iris_refang_module")
    assert instance.is_providing_pipeline() is False
    assert instance.pipeline_get_info() == {}
    # The interface's own default, untouched: processors do not override the pipeline methods.
    assert "pipeline_handler" not in type(instance).__dict__
