"""The case's update marks (`app/datamgmt/states.py`, iris-web v2.4.20): one counter per kind of
object and case, moved on each change, that IRIS's pages poll to refresh. As in IRIS, without a
`userid` the current web user is taken (there is none in the worker), and nothing is committed."""

from datetime import datetime

from flask_login import current_user
from sqlalchemy import and_

from app import db
from app.models.models import ObjectState


def _update_object_state(object_name, caseid, userid=None):
    if not userid:
        userid = current_user.id
    state = ObjectState.query.filter(and_(ObjectState.object_name == object_name,
                                          ObjectState.object_case_id == caseid)).first()
    if state:
        state.object_last_update = datetime.utcnow()
        state.object_state = state.object_state + 1
        state.object_updated_by_id = userid
        state.object_case_id = caseid
    else:
        state = ObjectState(object_name=object_name, object_state=0, object_last_update=datetime.utcnow(),
                            object_updated_by_id=userid, object_case_id=caseid)
        db.session.add(state)
    return state


def update_timeline_state(caseid, userid=None):
    return _update_object_state("timeline", caseid=caseid, userid=userid)


def update_tasks_state(caseid, userid=None):
    return _update_object_state("tasks", caseid=caseid, userid=userid)


def update_evidences_state(caseid, userid=None):
    return _update_object_state("evidences", caseid=caseid, userid=userid)


def update_ioc_state(caseid, userid=None):
    return _update_object_state("ioc", caseid=caseid, userid=userid)


def update_assets_state(caseid, userid=None):
    return _update_object_state("assets", caseid=caseid, userid=userid)


def update_notes_state(caseid, userid=None):
    return _update_object_state("notes", caseid=caseid, userid=userid)
