"""`task_case_update` (`app/iris_engine/tasker/tasks.py`): queues the pipeline task of a case's
upload directory, with the pipeline data IRIS builds."""

import os
import urllib.parse

from flask_login import current_user
from iris_interface import IrisInterfaceStatus as IStatus
from iris_interface.IrisModuleInterface import IrisPipelineTypes

from app.datamgmt.case.case_db import get_case
from app.iris_engine.module_handler.module_handler import pipeline_dispatcher
from app.iris_engine.utils.common import build_upload_path


def task_case_update(module, pipeline, pipeline_args, caseid):
    case = get_case(caseid=caseid)
    if not case:
        return IStatus.I2UnexpectedResult("Invalid context")
    fpath = build_upload_path(case_customer=case.client.name, case_name=urllib.parse.unquote(case.name),
                              module=module)
    if not fpath:
        return IStatus.I2UnexpectedResult("Unable to build path")
    if not os.path.isdir(fpath):
        return IStatus.I2FileNotFound("Built path was not found ")
    task_args = {
        "pipeline_args": pipeline_args,
        "db_name": "",
        "user": current_user.name,
        "user_id": current_user.id,
        "case_name": case.name,
        "case_id": case.case_id,
        "path": fpath,
        "is_update": True,
    }
    pipeline_dispatcher.delay(module_name=module, hook_name=IrisPipelineTypes.pipeline_type_update,
                              pipeline_type=IrisPipelineTypes.pipeline_type_update,
                              pipeline_data=task_args, init_user=current_user.name, caseid=caseid)
    return IStatus.I2Success("Pipeline task queued")
