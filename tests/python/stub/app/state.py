"""What the stand-in IRIS stores: module configurations, hook registrations, server settings.

Tests reset it with `reset()` and read it to assert what a module did.
"""

import os

HOOK_NAMES = []
with open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "iris_hooks.txt")) as _f:
    for _line in _f:
        if _line.strip() and not _line.startswith("#"):
            HOOK_NAMES.append(_line.split()[1])

module_configs = {}     # human module name -> list of config entries (with "value")
registrations = []      # (module_id, hook, manual_name, run_asynchronously)
deregistrations = []    # (module_id, hook)
server_settings = {}
evidences = []          # what modules registered in the case's evidence storage


def reset():
    module_configs.clear()
    registrations.clear()
    deregistrations.clear()
    evidences.clear()
    server_settings.clear()
    server_settings.update({
        "id": 1, "http_proxy": "", "https_proxy": "", "prevent_post_mod_repush": False,
        "prevent_post_objects_repush": False, "has_updates_available": False,
        "enable_updates_check": True, "password_policy_min_length": 12, "enforce_mfa": False,
    })


reset()
