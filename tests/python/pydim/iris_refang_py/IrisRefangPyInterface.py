"""The pure-Python twin of the Rust `IrisRefang` module (examples/minimal-processor)."""

import html
import re

import iris_interface.IrisInterfaceStatus as InterfaceStatus
from iris_interface.IrisModuleInterface import IrisModuleInterface, IrisModuleTypes

REPLACEMENTS = [
    ("[.]", "."), ("(.)", "."), ("{.}", "."), ("[dot]", "."), ("(dot)", "."), ("[:]", ":"),
    ("[://]", "://"), ("[at]", "@"), ("(at)", "@"), ("[@]", "@"), ("[/]", "/"),
]
PATTERNS = [(re.compile(re.escape(old), re.IGNORECASE), new) for old, new in REPLACEMENTS]
SCHEMES = [("hxxps", "https"), ("hxxp", "http"), ("fxp", "ftp")]
EMAIL_TYPES = {"email", "email-src", "email-dst"}

# The same alternation as the Rust module's, with the same ASCII semantics.
DOT = r"(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\.)"
DEFANGED_DOT = r"(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))"
LABEL = "[a-z0-9\u0080-\U0010ffff-]+"
INDICATORS = re.compile(
    r"(?P<url>\b(?:hxxps?|https?|fxp|ftp)(?:\[:\]|:)(?:\[//\]|//)(?:\[\.\]|\(\.\)|\[/\]|[^\s<>\x22'\[\]()])+)"
    r"|(?P<email>[a-z0-9_.+\u0080-\U0010ffff-]+(?:@|\[at\]|\(at\)|\[@\])" + LABEL + "(?:" + DOT + LABEL + ")+)"
    r"|(?P<ip>\b[0-9]{1,3}(?:" + DOT + r"[0-9]{1,3}){3}\b)"
    r"|(?P<hash>\b(?:[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32})\b)"
    r"|(?P<domain>" + LABEL + r"(?:\." + LABEL + ")*(?:" + DEFANGED_DOT + LABEL + r"(?:\." + LABEL + ")*)+)",
    re.ASCII | re.IGNORECASE)
HASH_TYPES = {32: "md5", 40: "sha1", 64: "sha256"}
KIND_TYPES = {"url": "url", "email": "email", "ip": "ip-any", "domain": "domain"}
REPORT_FIELD = "Found in the text"


def refang(value):
    out = value.strip()
    for pattern, new in PATTERNS:
        out = pattern.sub(new, out)
    for old, new in SCHEMES:
        if out[:len(old)].lower() == old:
            out = new + out[len(old):]
    return out


def lowercase_domain(type_name, value):
    if type_name in ("domain", "hostname"):
        start, end = 0, len(value)
    elif type_name in ("url", "uri"):
        start, end = 0, len(value)
        scheme_end = value.find("://")
        if scheme_end >= 0:
            ends = [i for i in (value.find(c, scheme_end + 3) for c in "/?#") if i >= 0]
            end = min(ends) if ends else len(value)
    elif type_name in EMAIL_TYPES:
        start, end = value.rfind("@") + 1, len(value)
    elif type_name.startswith("domain|"):
        start, end = 0, value.find("|") if "|" in value else len(value)
    else:
        return value
    return value[:start] + value[start:end].lower() + value[end:]


def extract(text, lowercase_domains):
    seen, found = set(), []
    for match in INDICATORS.finditer(text):
        kind = match.lastgroup
        raw = match.group(kind)
        if kind == "url":
            raw = raw.rstrip(".,;:!?")
        iris_type = HASH_TYPES[len(raw)] if kind == "hash" else KIND_TYPES[kind]
        value = refang(raw)
        if kind == "hash":
            value = value.lower()
        elif lowercase_domains:
            value = lowercase_domain(iris_type, value)
        if value not in seen:
            seen.add(value)
            found.append((iris_type, value))
    return found


def report_html(found):
    items = "".join(f"<li><code>{html.escape(value).replace('/', '&#x2F;')}</code> ({iris_type})</li>"
                    for iris_type, value in found)
    return f"<p>{len(found)} indicator(s) found in this note.</p><ul>{items}</ul>"


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
        {"param_name": "indicators_tab", "param_human_name": "Indicators tab",
         "param_description": "Tab of the note where the indicators found in its text are listed",
         "default": "Indicators", "mandatory": False, "type": "string", "section": "Notes"},
        # The twin has the switch, for the parity of the configuration, but adds no IOC: adding to
        # a case from Python means IRIS's internals (`app.models`), which the tests of the Rust
        # module's case writer cover (test_case_writer.py).
        {"param_name": "note_indicators_to_iocs", "param_human_name": "Note indicators to iocs",
         "param_description": "Add the indicators found in a note's text to the note's case as IOCs (each described with the note it comes from)",
         "default": False, "mandatory": False, "type": "bool", "section": "Notes"},
    ]

    def register_hooks(self, module_id: int):
        self.module_id = module_id
        for hook, menu in (("on_postload_ioc_create", None), ("on_postload_ioc_update", None),
                           ("on_manual_trigger_ioc", "Refang IOC"), ("on_postload_note_create", None),
                           ("on_postload_note_update", None), ("on_manual_trigger_note", "List indicators")):
            status = self.register_to_hook(module_id, iris_hook_name=hook, manual_hook_name=menu)
            if status.is_failure():
                self.log.error(f"Failed to register to hook {hook}: {status.get_message()}")

    def hooks_handler(self, hook_name: str, hook_ui_name: str, data):
        conf = self._dict_conf if isinstance(self._dict_conf, dict) else {
            entry["param_name"]: entry.get("value", entry.get("default")) for entry in self._dict_conf}
        if hook_name in ("on_postload_note_create", "on_postload_note_update", "on_manual_trigger_note"):
            return self._list_indicators(conf, data)
        if hook_name not in ("on_postload_ioc_create", "on_postload_ioc_update", "on_manual_trigger_ioc"):
            return InterfaceStatus.IIStatus(code=InterfaceStatus.I2CodeError,
                                            message=f"hook `{hook_name}` is not handled by this module",
                                            data=data, logs=list(self.message_queue))
        tag = conf.get("tag", "refanged")
        lowercase = conf.get("lowercase_domains", True)
        changed = 0
        for ioc in data:
            value = refang(ioc.ioc_value)
            if lowercase and ioc.ioc_type is not None:
                value = lowercase_domain(ioc.ioc_type.type_name, value)
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

    def _list_indicators(self, conf, data):
        tab = conf.get("indicators_tab", "Indicators")
        lowercase = conf.get("lowercase_domains", True)
        for note in data:
            found = extract(note.note_content or "", lowercase)
            title = note.note_title or "untitled"
            attributes = note.custom_attributes
            if not found:
                if attributes and REPORT_FIELD in (attributes.get(tab) or {}):
                    attributes = {**attributes, tab: dict(attributes[tab])}
                    del attributes[tab][REPORT_FIELD]
                    note.custom_attributes = attributes
                    self.log.info(f"no indicators left in note `{title}`")
                continue
            self.log.info(f"{len(found)} indicators in note `{title}`")
            # IRIS's add_tab_attribute_field shape; a new dict so that SQLAlchemy sees the change.
            attributes = dict(attributes or {})
            attributes[tab] = dict(attributes.get(tab) or {})
            attributes[tab][REPORT_FIELD] = {"mandatory": False, "type": "html", "value": report_html(found)}
            note.custom_attributes = attributes
        return InterfaceStatus.IIStatus(code=InterfaceStatus.I2CodeSuccess, message="Success",
                                        data=data, logs=list(self.message_queue))
