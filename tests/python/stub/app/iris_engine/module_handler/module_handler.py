"""Stand-in for IRIS's module handler: the three functions `iris_interface` imports, with IRIS's
checks and return values (iris-web v2.4.20, `module_handler.py`)."""

from iris_interface import IrisInterfaceStatus as IStatus

from app import state


def get_mod_config_by_name(module_name):
    # As IRIS does, through the shared status singletons.
    data = state.module_configs.get(module_name)
    if not data:
        return IStatus.I2InterfaceNotReady(message="Module not registered")
    return IStatus.I2Success(data=data)


def register_hook(module_id, iris_hook_name, manual_hook_name=None, run_asynchronously=True):
    if not isinstance(module_id, int):
        return False, [f"Module ID {module_id} not found"]
    if iris_hook_name not in state.HOOK_NAMES:
        return False, [f"Hook {iris_hook_name} is unknown"]
    if not isinstance(run_asynchronously, bool):
        return False, [f"run_asynchronously is expected to be a boolean"]
    if "on_manual_trigger_" in iris_hook_name and not manual_hook_name:
        manual_hook_name = f"module::{iris_hook_name}"
    entry = (module_id, iris_hook_name, manual_hook_name, run_asynchronously)
    if entry in state.registrations:
        return True, [f"Hook {iris_hook_name} already registered"]
    state.registrations.append(entry)
    return True, [f"Hook {iris_hook_name} registered"]


def deregister_from_hook(module_id, iris_hook_name):
    state.deregistrations.append((module_id, iris_hook_name))
    state.registrations[:] = [r for r in state.registrations
                              if not (r[0] == module_id and r[1] == iris_hook_name)]
    return True, ["Hook deregistered"]
