"""The pure-Python twin of the Rust `IrisRefang` module (examples/minimal-processor)."""

import re

import iris_interface.IrisInterfaceStatus as InterfaceStatus
from iris_interface.IrisModuleInterface import IrisModuleInterface, IrisModuleTypes

REPLACEMENTS = [
    ("[.]", "."), ("(.)", "."), ("{.}", "."), ("[dot]", "."), ("(dot)", "."), ("[:]", ":"),
    ("[://]", "://"), ("[at]", "@"), ("(at)", "@"), ("[@]", "@"), ("[/]", "/"),
]
PATTERNS = [(re.compile(re.escape(old), re.IGNORECASE), new) for old, new in REPLACEMENTS]
SCHEMES = [("hxxps", "https"), ("hxxp", "http"), ("fxp", "ftp")]
DOMAIN_LIKE = {"domain", "hostname", "url", "uri", "email", "email-src", "email-dst"}


def refang(value):
    out = value.strip()
    for pattern, new in PATTERNS:
        out = pattern.sub(new, out)
    for old, new in SCHEMES:
        if out[:len(old)].lower() == old:
            out = new + out[len(old):]
    return out


class IrisRefangPyInterface(IrisModuleInterface):
    name = "IrisRefangPyInterface"
    _module_name = "IrisRefang"
    _module_description = "Refangs defanged IOC values (hxxp, [.], [at]...) and tags the IOCs it changed."
    _interface_version = "1.2.0"
    _module_version = "0.1.0"
    _module_type = IrisModuleTypes.module_processor
    _pipeline_support = False
    _pipeline_info = {}
    _module_configuration = [
        {"param_name": "tag", "param_human_name": "Tag",
         "param_description": "Tag added to every IOC whose value was refanged",
         "default": "refanged", "mandatory": False, "type": "string"},
        {"param_name": "lowercase_domains", "param_human_name": "Lowercase domains",
         "param_description": "Lower-case domain names and URLs' host part while refanging",
         "default": True, "mandatory": False, "type": "bool", "section": "Behaviour"},
    ]

    def register_hooks(self, module_id: int):
        self.module_id = module_id
        for hook, menu in (("on_postload_ioc_create", None), ("on_postload_ioc_update", None),
                           ("on_manual_trigger_ioc", "Refang IOC")):
            status = self.register_to_hook(module_id, iris_hook_name=hook, manual_hook_name=menu)
            if status.is_failure():
                self.log.error(f"Failed to register to hook {hook}: {status.get_message()}")

    def hooks_handler(self, hook_name: str, hook_ui_name: str, data):
        if hook_name not in ("on_postload_ioc_create", "on_postload_ioc_update", "on_manual_trigger_ioc"):
            return InterfaceStatus.IIStatus(code=InterfaceStatus.I2CodeError,
                                            message=f"hook `{hook_name}` is not handled by this module",
                                            data=data, logs=list(self.message_queue))
        conf = self._dict_conf if isinstance(self._dict_conf, dict) else {
            entry["param_name"]: entry.get("value", entry.get("default")) for entry in self._dict_conf}
        tag = conf.get("tag", "refanged")
        lowercase = conf.get("lowercase_domains", True)
        changed = 0
        for ioc in data:
            value = refang(ioc.ioc_value)
            if lowercase and ioc.ioc_type is not None and ioc.ioc_type.type_name in DOMAIN_LIKE:
                value = value.lower()
            if value != ioc.ioc_value:
                self.log.info(f"refanged `{ioc.ioc_value}` into `{value}`")
                ioc.ioc_value = value
                if tag:
                    tags = [t.strip() for t in (ioc.ioc_tags or "").split(",") if t.strip()]
                    if tag not in tags:
                        tags.append(tag)
                        ioc.ioc_tags = ",".join(tags)
                changed += 1
        self.log.info(f"{changed} of {len(data)} IOCs refanged")
        return InterfaceStatus.IIStatus(code=InterfaceStatus.I2CodeSuccess, message="Success",
                                        data=data, logs=list(self.message_queue))
