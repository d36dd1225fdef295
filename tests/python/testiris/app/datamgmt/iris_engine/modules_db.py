"""IRIS's module table access (`app/datamgmt/iris_engine/modules_db.py`), with its behaviour:
set-parameter accepts only names in the stored list and turns a bool parameter's value into a
bool; every other value is stored as sent."""

import datetime

from flask_login import current_user

from app import db
from app.models.models import IrisHook, IrisModule, IrisModuleHook
from app.models.authorization import User


def iris_module_exists(module_name):
    return IrisModule.query.filter(IrisModule.module_name == module_name).first() is not None


def iris_module_name_from_id(module_id):
    row = IrisModule.query.filter(IrisModule.id == module_id).first()
    return row.module_name if row else None


def iris_module_add(module_name, module_human_name, module_description, module_version,
                    interface_version, has_pipeline, pipeline_args, module_config, module_type):
    row = IrisModule()
    row.module_name = module_name
    row.module_human_name = module_human_name
    row.module_description = module_description
    row.module_version = module_version
    row.interface_version = interface_version
    row.date_added = datetime.datetime.utcnow()
    row.has_pipeline = has_pipeline
    row.pipeline_args = pipeline_args
    row.module_config = module_config
    row.added_by_id = current_user.id if current_user else User.query.first().id
    row.is_active = True
    row.module_type = module_type
    try:
        db.session.add(row)
        db.session.commit()
    except Exception:
        return None
    return row


def is_mod_configured(mod_config):
    missing = [c["param_name"] for c in mod_config
               if c["mandatory"] and ("value" not in c or c["value"] == "")]
    return len(missing) == 0, missing


def iris_module_save_parameter(mod_id, mod_config, parameter, value, section=None):
    row = IrisModule.query.filter(IrisModule.id == mod_id).first()
    if row is None:
        return False
    for index, config in enumerate(mod_config):
        if config["param_name"] == parameter:
            if config["type"] == "bool":
                if isinstance(value, str):
                    value = value.lower() == "true"
                elif not isinstance(value, bool):
                    value = False
            mod_config[index]["value"] = value
            row.module_config = mod_config
            db.session.commit()
            return True
    return False


def _set_active(module_id, active):
    row = IrisModule.query.filter(IrisModule.id == module_id).first()
    if row:
        row.is_active = active
        db.session.commit()
        return True
    return False


def iris_module_enable_by_id(module_id):
    return _set_active(module_id, True)


def iris_module_disable_by_id(module_id):
    return _set_active(module_id, False)


def get_module_config_from_id(module_id):
    row = IrisModule.query.with_entities(
        IrisModule.module_config, IrisModule.module_human_name, IrisModule.module_name
    ).filter(IrisModule.id == module_id).first()
    return row.module_config, row.module_human_name, row.module_name


def get_module_config_from_hname(module_name):
    row = IrisModule.query.with_entities(IrisModule.module_config).filter(
        IrisModule.module_human_name == module_name).first()
    return row[0] if row else None


def get_pipelines_args_from_name(module_name):
    row = IrisModule.query.with_entities(IrisModule.pipeline_args).filter(
        IrisModule.module_name == module_name).first()
    return row.pipeline_args


def delete_module_from_id(module_id):
    IrisModuleHook.query.filter(IrisModuleHook.module_id == module_id).delete()
    db.session.commit()
    IrisModule.query.filter(IrisModule.id == module_id).delete()
    db.session.commit()
    return True


def modules_list_pipelines():
    return IrisModule.query.filter(
        IrisModule.has_pipeline == True,  # noqa: E712  (SQL)
        IrisModule.is_active == True,  # noqa: E712
    ).with_entities(IrisModule.module_name, IrisModule.pipeline_args).all()


def module_list_available_hooks():
    """Every hook IRIS lists, as (id, name, description) rows, in no declared order (IRIS's has no
    ORDER BY): the official webhooks and check modules import it."""
    return IrisHook.query.with_entities(IrisHook.id, IrisHook.hook_name, IrisHook.hook_description).all()
