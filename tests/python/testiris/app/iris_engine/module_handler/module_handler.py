"""IRIS's module handler (`app/iris_engine/module_handler/module_handler.py`, iris-web v2.4.20),
written for the test IRIS from IRIS's source, with IRIS's behaviour on purpose:

- a fresh module instance for every call: registration, settings saves, hooks, pipelines;
- registration stores the preset configuration, then calls `register_hooks` on the instance built
  before the row existed (IRIS issue 168);
- `register_hook` commits only when it adds a row; `deregister_from_hook` deletes without
  committing (the deletion persists only if something commits afterwards);
- asynchronous hooks go to the Celery worker as `task_hook_wrapper` receives them: the data
  pickled, base64-encoded and HMAC-signed; the worker merges the objects into its session, calls
  the module and commits; the returned status is the task's result (`iris_tasks`);
- synchronous and preload hooks run inline and chain their data from module to module;
- pipelines run in the worker through `pipeline_dispatcher`.

Two additions for the tests, which change nothing IRIS does: each inline call's status is
appended to `inline_statuses` (IRIS reads it and drops it; the tests read it), and each worker
hook call is recorded in `test_module_calls` on a connection of its own.
"""

import base64
import importlib
import logging
import traceback
from pickle import dumps, loads

from flask_login import current_user
from iris_interface import IrisInterfaceStatus as IStatus
from packaging import version
from sqlalchemy import and_

from app import celery, db
from app.datamgmt.iris_engine.modules_db import (get_module_config_from_hname, iris_module_add,
                                                 iris_module_exists, modules_list_pipelines)
from app.models.models import IrisHook, IrisModule, IrisModuleHook
from app.models.test_record import ModuleCall
from app.util import hmac_sign, hmac_verify

log = logging.getLogger("app.module_handler")

MODULES_INTERFACE_MIN_VERSION = "1.1"
MODULES_INTERFACE_MAX_VERSION = "1.2.0"

inline_statuses = []  # (module_name, hook_name, status) of each inline call, for the tests


def check_pipeline_args(pipelines_args):
    logs = []
    has_error = False
    if not isinstance(pipelines_args, dict):
        return True, ["Error - Pipeline args are not json"]
    for key in ("pipeline_internal_name", "pipeline_human_name", "pipeline_args",
                "pipeline_update_support", "pipeline_import_support"):
        if not pipelines_args.get(key):
            has_error = True
            logs.append(f"Error - {key} missing or empty")
    return has_error, logs


def check_module_health(module_instance):
    logs = []
    if not module_instance:
        return False, ["Error - cannot instantiate the module. Check server logs"]
    try:
        interface_version = version.parse(str(module_instance.get_interface_version()))
        if not (version.parse(MODULES_INTERFACE_MIN_VERSION) <= interface_version
                <= version.parse(MODULES_INTERFACE_MAX_VERSION)):
            return False, ["Module interface version not compatible"]
        module_type = module_instance.get_module_type()
        if module_type not in ("module_pipeline", "module_processor"):
            return False, [f"Unrecognised module type. Expected module_pipeline or module_processor, "
                           f"got {module_type}"]
        if module_instance.is_providing_pipeline():
            has_error, pipeline_logs = check_pipeline_args(module_instance.pipeline_get_info())
            logs.extend(pipeline_logs)
            if has_error:
                return False, logs
        return module_instance.is_ready(), logs
    except Exception as error:
        log.exception("Error while checking module health")
        return False, [str(error)]


def instantiate_module_from_name(module_name):
    try:
        root = importlib.import_module(module_name)
    except Exception as error:
        return None, f"Could not import root module {module_name}: {error}"
    try:
        interface = importlib.import_module(f"{module_name}.{root.__iris_module_interface}")
    except Exception as error:
        return None, f"Could not import module {module_name}: {error}"
    try:
        cls = getattr(interface, root.__iris_module_interface)
    except Exception as error:
        return None, f"Could not get handle on the interface class of module {module_name}: {error}"
    try:
        return cls(), "Success"
    except Exception as error:
        return None, f"Could not instantiate the class for module {module_name}: {error}"


def configure_module_on_init(module_instance):
    if not module_instance:
        return IStatus.I2InterfaceNotImplemented("Module not found")
    return IStatus.I2ConfigureSuccess


def preset_init_mod_config(mod_config):
    """`value = default` for each non-None default, in the list itself (the class's own list)."""
    for index, config in enumerate(mod_config):
        if config.get("default") is not None:
            mod_config[index]["value"] = config.get("default")
    return mod_config


def get_mod_config_by_name(module_name):
    data = get_module_config_from_hname(module_name)
    if not data:
        return IStatus.I2InterfaceNotReady(message="Module not registered")
    return IStatus.I2Success(data=data)


def register_module(module_name):
    if not module_name:
        return None, "Module has no names"
    try:
        mod_inst, _ = instantiate_module_from_name(module_name=module_name)
        if not mod_inst:
            return None, "Module could not be instantiated"
        if iris_module_exists(module_name=module_name):
            return None, "Module already exists in Iris"
        mod_config = preset_init_mod_config(mod_inst.get_init_configuration())
        module = iris_module_add(module_name=module_name,
                                 module_human_name=mod_inst.get_module_name(),
                                 module_description=mod_inst.get_module_description(),
                                 module_config=mod_config,
                                 module_version=mod_inst.get_module_version(),
                                 interface_version=mod_inst.get_interface_version(),
                                 has_pipeline=mod_inst.is_providing_pipeline(),
                                 pipeline_args=mod_inst.pipeline_get_info(),
                                 module_type=mod_inst.get_module_type())
        if module is None:
            return None, "Unable to register module"
        if mod_inst.get_module_type() == "module_processor":
            mod_inst.register_hooks(module_id=module.id)
    except Exception as error:
        return None, f"Fatal - {error}"
    return module, "Module registered"


def iris_update_hooks(module_name, module_id):
    if not module_name:
        return False, ["Module has no names"]
    try:
        mod_inst, _ = instantiate_module_from_name(module_name=module_name)
        if not mod_inst:
            return False, ["Module could not be instantiated"]
        if mod_inst.get_module_type() == "module_processor":
            mod_inst.register_hooks(module_id=module_id)
    except Exception as error:
        return False, [f"Fatal - {error}"]
    return True, ["Module updated"]


def register_hook(module_id, iris_hook_name, manual_hook_name=None, run_asynchronously=True):
    module = IrisModule.query.filter(IrisModule.id == module_id).first()
    if not module:
        return False, [f"Module ID {module_id} not found"]
    is_manual_hook = False
    if "on_manual_trigger_" in iris_hook_name:
        is_manual_hook = True
        if not manual_hook_name:
            manual_hook_name = f"{module.module_name}::{iris_hook_name}"
    hook = IrisHook.query.filter(IrisHook.hook_name == iris_hook_name).first()
    if not hook:
        return False, [f"Hook {iris_hook_name} is unknown"]
    if not isinstance(run_asynchronously, bool):
        return False, [f"Expected bool for run_asynchronously but got {type(run_asynchronously)}"]
    existing = IrisModuleHook.query.filter(
        IrisModuleHook.hook_id == hook.id,
        IrisModuleHook.module_id == module_id,
        IrisModuleHook.manual_hook_ui_name == manual_hook_name,
    ).first()
    if existing:
        return True, [f"Hook {iris_hook_name} already registered"]
    row = IrisModuleHook()
    row.is_manual_hook = is_manual_hook
    row.wait_till_return = False
    row.run_asynchronously = run_asynchronously
    row.max_retry = 0
    row.manual_hook_ui_name = manual_hook_name
    row.hook_id = hook.id
    row.module_id = module_id
    try:
        db.session.add(row)
        db.session.commit()
    except Exception as error:
        return False, [str(error)]
    return True, [f"Hook {iris_hook_name} registered"]


def deregister_from_hook(module_id, iris_hook_name):
    """Deletes every row of the module for the hook, and does not commit (IRIS 2.4.20)."""
    rows = IrisModuleHook.query.filter(
        IrisModuleHook.module_id == module_id,
        IrisHook.hook_name == iris_hook_name,
        IrisModuleHook.hook_id == IrisHook.id,
    ).all()
    for row in rows:
        db.session.delete(row)
    return True, ["Hook deregistered"]


@celery.task(bind=True)
def task_hook_wrapper(self, module_name, hook_name, hook_ui_name, data, init_user, caseid):
    with db.engine.begin() as connection:  # for the tests: see the module's docstring
        connection.execute(ModuleCall.__table__.insert().values(
            module_name=module_name, hook_name=hook_name, init_user=init_user, caseid=caseid))
    try:
        signature, payload = data.encode("utf-8").split(b" ")
        if hmac_verify(signature, payload) is False:
            raise Exception("Unable to instantiate target module. Data has not been correctly serialised")
        received = loads(base64.b64decode(payload))
    except Exception as error:
        log.exception(error)
        raise Exception(error)
    try:
        objects = []
        if isinstance(received, list):
            for element in received:
                merged = db.session.merge(element)
                db.session.commit()
                objects.append(merged)
        elif isinstance(received, (str, int, dict)):
            objects = [received]
        else:
            merged = db.session.merge(received)
            db.session.commit()
            objects.append(merged)
    except Exception as error:
        log.exception(error)
        raise Exception(error)
    try:
        mod_inst, _ = instantiate_module_from_name(module_name=module_name)
        if not mod_inst:
            raise Exception("Unable to instantiate target module")
        task_status = mod_inst.hooks_handler(hook_name, hook_ui_name, data=objects)
        db.session.commit()
    except Exception as error:
        message = f"Failed to run hook {hook_name} with module {module_name}. Error {error}"
        log.critical(message)
        task_status = IStatus.I2Error(message=message, logs=[traceback.format_exc()], user=init_user,
                                      caseid=caseid)
    return task_status


def call_modules_hook(hook_name, data, caseid=None, hook_ui_name=None, module_name=None):
    hook = IrisHook.query.filter(IrisHook.hook_name == hook_name).first()
    if not hook:
        raise Exception(f"Hook name {hook_name} not found")
    condition = and_(IrisModule.is_active == True, IrisModuleHook.hook_id == hook.id)  # noqa: E712
    if hook_ui_name:
        condition = and_(condition, IrisModuleHook.manual_hook_ui_name == hook_ui_name)
    if module_name:
        condition = and_(condition, IrisModule.module_name == module_name)
    modules = IrisModuleHook.query.with_entities(
        IrisModuleHook.run_asynchronously, IrisModule.module_name, IrisModuleHook.manual_hook_ui_name,
    ).filter(condition).join(IrisModule, IrisModuleHook.module_id == IrisModule.id).all()

    for module in modules:
        if module.run_asynchronously and "on_preload_" not in hook_name:
            serialised = base64.b64encode(dumps(data))
            signed = hmac_sign(serialised) + b" " + serialised
            task_hook_wrapper.delay(module_name=module.module_name, hook_name=hook_name,
                                    hook_ui_name=module.manual_hook_ui_name, data=signed.decode("utf8"),
                                    init_user=current_user.name, caseid=caseid)
            continue
        try:
            was_list = isinstance(data, list)
            data_list = data if was_list else [data]
            mod_inst, _ = instantiate_module_from_name(module_name=module.module_name)
            status = mod_inst.hooks_handler(hook_name, module.manual_hook_ui_name, data=data_list)
        except Exception as error:
            log.critical(f"Failed to run hook {hook_name} with module {module.module_name}. Error {error}")
            continue
        inline_statuses.append((module.module_name, hook_name, status))
        if status.is_success():
            result = status.get_data()
            if not was_list:
                if not isinstance(result, list):
                    log.critical(f"Error getting data result from hook {hook_name}: A list is expected")
                    continue
                data = result[0]
            else:
                data = result
    return data


def list_available_pipelines():
    return modules_list_pipelines()


@celery.task(bind=True)
def pipeline_dispatcher(self, module_name, hook_name, pipeline_type, pipeline_data, init_user, caseid):
    mod, _ = instantiate_module_from_name(module_name=module_name)
    if mod:
        status = configure_module_on_init(mod)
        if status.is_failure():
            return status
        return mod.pipeline_handler(pipeline_type=pipeline_type, pipeline_data=pipeline_data)
    return IStatus.I2InterfaceNotImplemented(f"Couldn't instantiate module {module_name}")
