"""IRIS's own steps for loading, checking, registering and calling a module (iris-web v2.4.20,
`module_handler.py`), against the stand-in `app`."""

import importlib
import logging
import os

from packaging import version
from werkzeug.utils import secure_filename

from app import state

MODULES_INTERFACE_MIN_VERSION = "1.1"
MODULES_INTERFACE_MAX_VERSION = "1.2.0"

log = logging.getLogger("iris_loader")


def instantiate_module_from_name(module_name):
    """`instantiate_module_from_name`: import the package, resolve the class, instantiate it."""
    mod_root_interface = importlib.import_module(module_name)
    if not mod_root_interface:
        return None, f"Could not import root module {module_name}"
    mod_interface = importlib.import_module(f"{module_name}.{mod_root_interface.__iris_module_interface}")
    cl = getattr(mod_interface, mod_root_interface.__iris_module_interface)
    return cl(), "Success"


def check_pipeline_args(pipelines_args):
    logs = []
    if not isinstance(pipelines_args, dict):
        return True, ["Error - Pipeline args are not json"]
    for key in ("pipeline_internal_name", "pipeline_human_name", "pipeline_args",
                "pipeline_update_support", "pipeline_import_support"):
        if not pipelines_args.get(key):
            logs.append(f"Error - {key} missing or empty")
    return len(logs) > 0, logs


def check_module_health(module_instance):
    """`check_module_health`: interface version, module type, pipeline info, readiness."""
    logs = []
    if not module_instance:
        return False, ["Error - cannot instantiate the module. Check server logs"]
    interface_version = version.parse(str(module_instance.get_interface_version()))
    if not (version.parse(MODULES_INTERFACE_MIN_VERSION) <= interface_version
            <= version.parse(MODULES_INTERFACE_MAX_VERSION)):
        logs.append("Module interface version not compatible")
    if module_instance.get_module_type() not in ("module_pipeline", "module_processor"):
        logs.append("Unrecognised module type")
    if module_instance.is_providing_pipeline():
        failed, pipeline_logs = check_pipeline_args(module_instance.pipeline_get_info())
        if failed:
            logs.extend(pipeline_logs)
    if logs:
        return False, logs
    return module_instance.is_ready(), logs


def preset_init_mod_config(mod_config):
    """`preset_init_mod_config`: `value = default` for every non-None default."""
    for entry in mod_config:
        if entry.get("default") is not None:
            entry["value"] = entry["default"]
    return mod_config


def register_module(module_name, module_id=7):
    """`register_module`: health check, store the configuration, then `register_hooks` on the
    instance built before the configuration was stored (IRIS issue 168)."""
    mod_inst, _ = instantiate_module_from_name(module_name)
    healthy, logs = check_module_health(mod_inst)
    if not healthy:
        return None, logs
    mod_inst, _ = instantiate_module_from_name(module_name)
    mod_config = preset_init_mod_config(mod_inst.get_init_configuration())
    state.module_configs[mod_inst.get_module_name()] = [dict(entry) for entry in mod_config]
    if mod_inst.get_module_type() == "module_processor":
        mod_inst.register_hooks(module_id=module_id)
    return module_id, mod_inst


def set_parameter(module_human_name, param_name, value):
    """`iris_module_save_parameter`: bools as bools, everything else as sent (strings)."""
    for entry in state.module_configs[module_human_name]:
        if entry["param_name"] == param_name:
            if entry["type"] == "bool" and isinstance(value, str):
                value = value.lower() == "true"
            entry["value"] = value
            return
    raise KeyError(param_name)


def call_module_hook(module_name, hook_name, data, hook_ui_name=None):
    """The synchronous path of `call_modules_hook` (and the worker's `task_hook_wrapper`): wrap the
    data in a list, build a fresh instance, call `hooks_handler` with `data=` by keyword."""
    data_list = data if isinstance(data, list) else [data]
    mod_inst, _ = instantiate_module_from_name(module_name)
    try:
        status = mod_inst.hooks_handler(hook_name, hook_ui_name, data=data_list)
    except Exception as error:  # IRIS logs and skips the module
        log.critical(f"Failed to run hook {hook_name} with module {module_name}. Error {error}")
        raise
    return mod_inst, status


def build_upload_path(root, case_customer, case_name, module):
    """`build_upload_path` (iris-web `iris_engine/utils/common.py`): `<root>/<customer>/<case>/<module>`,
    with dots, slashes and spaces stripped from the customer and case names."""
    customer = case_customer.replace(".", "").replace(" ", "").replace("/", "")
    case = case_name.replace(".", "").replace("/", "").replace(" ", "_").lower()
    path = os.path.join(root, customer, case, module)
    os.makedirs(path, exist_ok=True)
    return path


def upload_file(module_name, base_path, file_storage, case_customer="Customer", case_name="case",
                is_update="true"):
    """`POST /manage/cases/upload_files`: werkzeug's `secure_filename` on the name, then the
    module's `pipeline_files_upload`, called positionally."""
    mod_inst, _ = instantiate_module_from_name(module_name)
    file_storage.filename = secure_filename(file_storage.filename)
    return mod_inst, mod_inst.pipeline_files_upload(base_path, file_storage, case_customer,
                                                     case_name, is_update)


def pipeline_dispatcher(module_name, pipeline_args, path, pipeline_type="pipeline_update", case_id=1):
    """`task_case_update` and the worker's `pipeline_dispatcher`: the pipeline data IRIS builds,
    then `pipeline_handler` called by keyword."""
    pipeline_data = {"pipeline_args": pipeline_args, "db_name": "", "user": "analyst",
                     "user_id": 1, "case_name": "case", "case_id": case_id, "path": path,
                     "is_update": True}
    mod_inst, _ = instantiate_module_from_name(module_name)
    return mod_inst, mod_inst.pipeline_handler(pipeline_type=pipeline_type, pipeline_data=pipeline_data)
