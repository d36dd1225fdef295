"""What IRIS's routes do with modules (iris-web v2.4.20 `blueprints/manage/manage_modules_routes.py`
and `manage_cases_routes.py`), run in a request of the strict test IRIS with a logged-in user.
Asynchronous work goes to the real Celery worker; `wait_for_tasks` awaits it and returns the
statuses the worker stored, as IRIS's DIM Tasks page reads them."""

import contextlib
import urllib.parse

from celery.signals import after_task_publish
from flask_login import login_user

from app import app, celery, db
from app.datamgmt.iris_engine import modules_db
from app.datamgmt.case.case_db import get_case
from app.iris_engine.module_handler import module_handler
from app.iris_engine.tasker.tasks import task_case_update
from app.iris_engine.utils.common import build_upload_path
from app.configuration import LINE
from app.models.models import CaseReceivedFile, Ioc, IocType, IrisHook, IrisModule, IrisModuleHook
from app.models.authorization import User
from app.models.test_record import ModuleCall

instantiate_module_from_name = module_handler.instantiate_module_from_name
check_module_health = module_handler.check_module_health
preset_init_mod_config = module_handler.preset_init_mod_config

_published = []


# What the case writer's lookup of a case's IOCs names in its SQL, as this line ties them.
IOC_LOOKUP_MARK = "ioc_link" if LINE == "v2.4.20" else "ioc.case_id"


def ioc_type(name):
    """IRIS's IOC type `name` (`domain`, `ip-dst`, `url`...), looked up by name as a module would."""
    return IocType.query.filter_by(type_name=name).one()


def case_iocs(case_id):
    """The IOCs of case `case_id`, in order, as this line ties them (v2.4.20: `ioc_link`; develop:
    `ioc.case_id`)."""
    if LINE == "v2.4.20":
        from app.models.models import IocLink
        query = Ioc.query.join(IocLink, IocLink.ioc_id == Ioc.ioc_id).filter(IocLink.case_id == case_id)
    else:
        query = Ioc.query.filter(Ioc.case_id == case_id)
    return query.order_by(Ioc.ioc_id).all()


def ioc_case_ids(ioc_ids):
    """The (IOC id, case id) pairs tying the IOCs `ioc_ids` to cases, as this line ties them."""
    if not ioc_ids:
        return []
    if LINE == "v2.4.20":
        from app.models.models import IocLink
        return [(link.ioc_id, link.case_id) for link in IocLink.query.filter(IocLink.ioc_id.in_(ioc_ids))]
    return [(ioc.ioc_id, ioc.case_id) for ioc in Ioc.query.filter(Ioc.ioc_id.in_(ioc_ids), Ioc.case_id.isnot(None))]


@after_task_publish.connect
def _record_published(sender=None, headers=None, **_):
    _published.append(headers["id"])


@contextlib.contextmanager
def request(user_id=1):
    """A request of IRIS's app by user `user_id` (1: the administrator), with its own application
    context, hence its own database session: what the request leaves uncommitted is rolled back
    when it ends (Flask-SQLAlchemy removes the session at teardown), as in IRIS."""
    with app.app_context(), app.test_request_context():
        login_user(db.session.get(User, user_id))
        yield


def add_module(module_name):
    """`POST /manage/modules/add`: (the module's row id or None, message, logs)."""
    with request():
        instance, message = instantiate_module_from_name(module_name)
        if not instance:
            return None, f"Cannot import module. {message}", []
        ready, logs = check_module_health(instance)
        if not ready:
            return None, "Cannot import module. Health check didn't pass. Please check logs below", logs
        module, message = module_handler.register_module(module_name)
        return (module.id if module is not None else None), message, logs


def register_module(module_name):
    """`add_module`, then a fresh instance of the registered module: (module id, instance)."""
    module_id, message, logs = add_module(module_name)
    assert module_id is not None, (message, logs)
    instance, _ = instantiate_module_from_name(module_name)
    return module_id, instance


def configure(module_name, **values):
    """The module added (once) and each parameter saved as an administrator saves it; returns a
    fresh instance of the module."""
    with request():
        registered = modules_db.iris_module_exists(module_name)
    if not registered:
        register_module(module_name)
    instance, _ = instantiate_module_from_name(module_name)
    for name, value in values.items():
        success, logs = set_parameter(instance.get_module_name(), name, value)
        assert success, (name, logs)
    return instance


def module_row(human_name=None, module_id=None):
    query = IrisModule.query
    query = query.filter(IrisModule.module_human_name == human_name) if human_name else \
        query.filter(IrisModule.id == module_id)
    row = query.first()
    db.session.refresh(row)
    return row


def set_parameter(module_human_name, param_name, value):
    """`POST /manage/modules/set-parameter/<param>`: the stored list is looked up by module id,
    the name must be in it; then `iris_update_hooks`. Returns (success, message or logs)."""
    row = module_row(human_name=module_human_name)
    with request():
        mod_config, _, module_name = modules_db.get_module_config_from_id(row.id)
        if not any(entry["param_name"] == param_name for entry in mod_config):
            return False, "Invalid parameter"
        if not modules_db.iris_module_save_parameter(row.id, mod_config, param_name, value):
            return False, "Malformed request"
        success, logs = module_handler.iris_update_hooks(module_name, row.id)
        return success, logs


def enable_module(module_id):
    """`POST /manage/modules/enable/<id>`: `is_active`, then `iris_update_hooks`."""
    with request():
        module_name = modules_db.iris_module_name_from_id(module_id)
        modules_db.iris_module_enable_by_id(module_id)
        return module_handler.iris_update_hooks(module_name, module_id)


def export_config(module_id):
    """`GET /manage/modules/export-config/<id>`."""
    with request():
        mod_config, human_name, _ = modules_db.get_module_config_from_id(module_id)
        return {"module_name": human_name, "module_configuration": mod_config}


def registrations(module_id=None):
    """IRIS's hook table: (module id, hook, menu name, asynchronous), in insertion order."""
    db.session.expire_all()
    query = IrisModuleHook.query.join(IrisHook, IrisModuleHook.hook_id == IrisHook.id)
    if module_id is not None:
        query = query.filter(IrisModuleHook.module_id == module_id)
    return [(row.module_id, row.hook.hook_name, row.manual_hook_ui_name, row.run_asynchronously)
            for row in query.order_by(IrisModuleHook.id)]


def call_module_hook(module_name, hook_name, data, hook_ui_name=None):
    """IRIS's inline call of one module (`call_modules_hook`'s synchronous branch): the data
    wrapped in a list, a fresh instance, `hooks_handler` with `data=` by keyword."""
    data_list = data if isinstance(data, list) else [data]
    with request():
        instance, _ = instantiate_module_from_name(module_name)
        return instance, instance.hooks_handler(hook_name, hook_ui_name, data=data_list)


def fire_hook(hook_name, data, caseid=None, hook_ui_name=None, module_name=None, user_id=1):
    """`call_modules_hook` as IRIS's routes call it after creating or updating an object: inline
    modules run now (their statuses in `module_handler.inline_statuses`), asynchronous ones are
    queued for the worker. Returns the data IRIS goes on with."""
    with request(user_id):
        return module_handler.call_modules_hook(hook_name, data, caseid=caseid, hook_ui_name=hook_ui_name,
                                                module_name=module_name)


def wait_for_tasks(timeout=120):
    """The results of the tasks queued since the last call, in order, as the worker stored them."""
    ids = list(_published)
    _published.clear()
    results = [celery.AsyncResult(task_id).get(timeout=timeout, propagate=False) for task_id in ids]
    db.session.expire_all()
    return results


def upload_dir(module_name, case_id):
    case = get_case(case_id)
    return build_upload_path(case.client.name, urllib.parse.unquote(case.name), module_name, create=True)


def upload_file(module_name, case_id, file_storage, is_update="true"):
    """`POST /manage/cases/upload_files?cid=N`: the case's upload path, werkzeug's
    `secure_filename`, then the module's `pipeline_files_upload`, called positionally."""
    from werkzeug.utils import secure_filename
    with request():
        if not modules_db.iris_module_exists(module_name):
            return None, None
        instance, _ = instantiate_module_from_name(module_name)
        case = get_case(case_id)
        path = build_upload_path(case.client.name, urllib.parse.unquote(case.name), module_name,
                                 create=is_update)
        file_storage.filename = secure_filename(file_storage.filename)
        return instance, instance.pipeline_files_upload(path, file_storage, case.client.name, case.name,
                                                        is_update)


def trigger_pipeline(module_name, case_id, args, user_id=1):
    """`POST /manage/cases/trigger-pipeline?cid=N`: the arguments checked against the stored
    pipeline information, `task_case_update` queues the worker's `pipeline_dispatcher`; returns
    the queueing status and the worker's status (None when nothing was queued)."""
    with request(user_id):
        pipeline_info = modules_db.get_pipelines_args_from_name(module_name)
        pipeline_args = {}
        for name, need in pipeline_info["pipeline_args"]:
            value = args.get(name)
            if need == "required" and not value:
                return None, None
            pipeline_args[name] = value or None
        queued = task_case_update(module=module_name, pipeline=pipeline_info["pipeline_internal_name"],
                                  pipeline_args=pipeline_args, caseid=case_id)
    if not queued.is_success():
        return queued, None
    (status,) = wait_for_tasks()
    return queued, status


def dispatch_pipeline(module_name, pipeline_args, path, pipeline_type="pipeline_update", case_id=1,
                      user_id=1):
    """The worker's `pipeline_dispatcher` task with the pipeline data `task_case_update` builds,
    for a given path and type (what no route sends: a missing directory, an unknown type).
    Returns the worker's status."""
    user = db.session.get(User, user_id)
    case = get_case(case_id)
    pipeline_data = {"pipeline_args": pipeline_args, "db_name": "", "user": user.name, "user_id": user.id,
                     "case_name": case.name, "case_id": case.case_id, "path": path, "is_update": True}
    module_handler.pipeline_dispatcher.delay(module_name=module_name, hook_name=pipeline_type,
                                             pipeline_type=pipeline_type, pipeline_data=pipeline_data,
                                             init_user=user.name, caseid=case_id)
    (status,) = wait_for_tasks()
    return status


def evidences(case_id=None):
    """The evidences IRIS has, as dicts, in insertion order."""
    db.session.expire_all()
    query = CaseReceivedFile.query
    if case_id is not None:
        query = query.filter(CaseReceivedFile.case_id == case_id)
    return [{"filename": row.filename, "description": row.file_description, "size": row.file_size,
             "sha256": row.file_hash, "case_id": row.case_id, "user_id": row.user_id,
             "date_added": row.date_added}
            for row in query.order_by(CaseReceivedFile.id)]


def module_calls():
    """The hook calls IRIS's worker made so far: (module, hook, init_user, caseid), in order."""
    db.session.expire_all()
    return [(row.module_name, row.hook_name, row.init_user, row.caseid)
            for row in ModuleCall.query.order_by(ModuleCall.id)]


def wait_for(condition, timeout=60, what="the condition"):
    """Polls `condition()` (with fresh reads) until it is true; its last value."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        value = condition()
        if value or time.monotonic() > deadline:
            assert value, f"timed out waiting for {what}"
            return value
        time.sleep(0.2)


def add_registration(module_name, hook_name, run_asynchronously=True):
    """A row of IRIS's hook table for `module_name` (as `register_to_hook` writes it)."""
    module = IrisModule.query.filter(IrisModule.module_name == module_name).first()
    hook = IrisHook.query.filter(IrisHook.hook_name == hook_name).first()
    db.session.add(IrisModuleHook(module_id=module.id, hook_id=hook.id, is_manual_hook=False,
                                  manual_hook_ui_name=None, run_asynchronously=run_asynchronously))
    db.session.commit()
