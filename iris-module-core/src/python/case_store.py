"""The case writer's side inside IRIS (iris-module-core, `case` module).

Looks objects up in a case and stores new ones as IRIS stores an analyst's: linked to the case,
with the acting user, the case's update marks (`object_state`), the object history and the
activity trail; all of a call's objects in one transaction. Then IRIS's postload hook of each
object calls the other modules that registered it, as IRIS's own `call_modules_hook` does, but
never the module that added it.

Every rule (names, duplicates, validation) is the Rust side's; this file only reads and writes
IRIS's tables, through `compat` (iris_compat.py: where IRIS's lines differ, such as how an IOC
belongs to a case). Its functions run on the thread IRIS called the module on, inside IRIS's
application context. Arguments and results are JSON text.
"""

import base64
import contextlib
import datetime
import json
import logging
import pickle

log = logging.getLogger("iris_module_core.case")

# iris_compat.py, set by the bridge when it loads this file.
compat = None


def _m():
    return compat.models


def _db():
    return compat.db()


# What the case writer runs in IRIS's database is bounded: waiting for another session's lock,
# and each statement (a long plan is many statements, each bounded).
LOCK_TIMEOUT_MS = 10_000
STATEMENT_TIMEOUT_MS = 60_000
_SET_BOUNDS = ("SELECT set_config('lock_timeout', :lock, true), "
               "set_config('statement_timeout', :statement, true)")


@contextlib.contextmanager
def _bounded():
    """IRIS's session with the case writer's timeouts for what runs inside, local to the session's
    transaction; IRIS's own settings are back afterwards (a commit inside ends them anyway)."""
    from sqlalchemy import text
    session = _db().session
    if _db().engine.dialect.name != "postgresql":
        yield
        return
    before = session.execute(text("SELECT current_setting('lock_timeout'), "
                                  "current_setting('statement_timeout')")).one()
    session.execute(text(_SET_BOUNDS), {"lock": str(LOCK_TIMEOUT_MS), "statement": str(STATEMENT_TIMEOUT_MS)})
    try:
        yield
    finally:
        if session().in_transaction():  # (`session` is IRIS's scoped session)
            try:
                session.execute(text(_SET_BOUNDS), {"lock": before[0], "statement": before[1]})
            except Exception:  # the transaction failed: its rollback ends the settings
                pass


# ---------------------------------------------------------------- a lost connection

# How long, in IRIS's hook task, the case writer waits for IRIS's database to be reachable again
# (PostgreSQL restarting) before its call fails.
RECONNECT_S = 30.0


def _unreachable(error):
    """Whether `error` says IRIS's database cannot be reached: the connection was lost (the
    server restarted, the session was ended), now or earlier in the session's transaction, or a
    new one could not be made (an error of the driver with no SQLSTATE from a server; a lock or
    statement timeout has one, and is not retried)."""
    from sqlalchemy import exc
    if isinstance(error, exc.PendingRollbackError):
        return True
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, exc.OperationalError) and getattr(error.orig, "pgcode", None) is None


def _in_hook_task():
    """Whether this runs in IRIS's hook task (`task_hook_wrapper`): it commits the hook's objects
    before it calls the module, so until the module returns its session holds only reads."""
    from celery import current_task
    return bool(current_task and current_task.request.id and
                str(current_task.name).endswith("task_hook_wrapper"))


def _with_reconnect(function, *args):
    """`function(*args)` inside the case writer's bounds. In IRIS's hook task, when IRIS's database
    cannot be reached, the session is rolled back (it holds only the call's own reads and
    uncommitted writes: nothing else is lost) and `function` runs again on a new connection, for
    at most RECONNECT_S. Elsewhere (a web request, whose session may hold IRIS's own unsaved
    work) the error stands."""
    import time
    deadline = time.monotonic() + RECONNECT_S
    pause = 0.5
    while True:
        try:
            with _bounded():
                return function(*args)
        except Exception as error:
            if not (_unreachable(error) and _in_hook_task()) or time.monotonic() + pause > deadline:
                raise
        log.warning("case writer: IRIS's database cannot be reached; trying again on a new connection")
        try:
            _db().session.rollback()
        except Exception:  # the connection is gone: the rollback only sets it aside
            pass
        time.sleep(pause)
        pause = 1.0


# ---------------------------------------------------------------- names

def vocabulary(name):
    return _with_reconnect(_vocabulary, name)


def _vocabulary(name):
    m = _m()
    if name == "ioc_type":
        rows = m.IocType.query.with_entities(m.IocType.type_id, m.IocType.type_name,
                                             m.IocType.type_validation_regex,
                                             m.IocType.type_validation_expect).all()
        return json.dumps([{"id": r[0], "name": r[1], "pattern": r[2], "expect": r[3]} for r in rows])
    columns = {
        "asset_type": (m.AssetsType.asset_id, m.AssetsType.asset_name),
        "tlp": (m.Tlp.tlp_id, m.Tlp.tlp_name),
        "event_category": (m.EventCategory.id, m.EventCategory.name),
        "task_status": (m.TaskStatus.id, m.TaskStatus.status_name),
    }[name]
    rows = columns[0].class_.query.with_entities(*columns).all()
    return json.dumps([{"id": r[0], "name": r[1]} for r in rows if r[1] is not None])


# ---------------------------------------------------------------- lookups

def current_case_id():
    """The case IRIS is calling for: the worker task's `caseid`, else the request's `cid`."""
    from celery import current_task
    from flask import has_request_context, request
    if current_task:
        caseid = (current_task.request.kwargs or {}).get("caseid")
        if caseid is not None:
            return int(caseid)
    if has_request_context() and str(request.args.get("cid", "")).isdigit():
        return int(request.args["cid"])
    return None


def _date(text):
    return datetime.datetime.fromisoformat(text)


def _key(op):
    return {name: op["fields"].get(name, op["links"].get(name)) for name in op["key"]}


def find(op_json):
    return _with_reconnect(_find, op_json)


def _find(op_json):
    op = json.loads(op_json)
    kind = _KINDS.get(op["kind"])
    if kind is None:
        raise ValueError(f"unknown kind of object {op['kind']!r}")
    row = kind.find(_key(op), op["case_id"]).first()
    return None if row is None else int(row[0])


def _find_by_columns(kind, key, case_id):
    """The object of `kind` in the case whose key columns hold the key's values."""
    model = kind.model()
    dates = {name: _date(key[name]) for name in kind.dates}
    return model.query.filter(
        kind.column("case") == case_id,
        *[getattr(model, name) == dates.get(name, value) for name, value in key.items()],
    ).with_entities(kind.column("id"))


def _find_ioc(kind, key, case_id):
    m = _m()
    return compat.iocs_in_case(case_id).filter(
        m.Ioc.ioc_value == key["ioc_value"],
        m.Ioc.ioc_type_id == key["ioc_type_id"]).with_entities(m.Ioc.ioc_id)


def _find_note(kind, key, case_id):
    m = _m()
    return m.Notes.query.join(m.NoteDirectory, m.Notes.directory_id == m.NoteDirectory.id).filter(
        m.Notes.note_case_id == case_id, m.Notes.note_title == key["note_title"],
        m.NoteDirectory.name == key["directory"]).with_entities(m.Notes.note_id)


def _find_comment(kind, key, case_id):
    m = _m()
    target = key["target"]
    link, column = _KINDS[target["kind"]].comment_link()
    return m.Comments.query.join(link, link.comment_id == m.Comments.comment_id).filter(
        m.Comments.comment_case_id == case_id, m.Comments.comment_text == key["comment_text"],
        column == target["at"]["stored"]).with_entities(m.Comments.comment_id)


# ---------------------------------------------------------------- storing

def _acting_user(user_id):
    """(id, full name, login) of who triggered the call: the user the caller names, else the
    web request's user, else the user IRIS's worker task was queued by (`init_user`)."""
    User = compat.model("User")
    from celery import current_task
    from flask import has_request_context
    from flask_login import current_user
    db = _db()
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None and has_request_context() and current_user.is_authenticated:
        user = db.session.get(User, current_user.id)
    if user is None and current_task:
        init_user = (current_task.request.kwargs or {}).get("init_user")
        if init_user:
            user = User.query.filter(User.name == init_user).first()
    if user is None:
        return None, None, None
    return user.id, user.name, user.user


def _history(login, user_id, module):
    return {str(datetime.datetime.now().timestamp()): {
        "user": login, "user_id": user_id, "action": f"created by module {module}"}}


def _stored(target, ids):
    """The id of a link's object: `{"stored": id}` or `{"new": n}` (the nth object of the call)."""
    if "stored" in target:
        return int(target["stored"])
    return ids[int(target["new"])]


_checked = set()  # (model, id, case) found in their case during this apply


def _check_in_case(model, id_column, case_column, object_id, case_id, label):
    if (model, object_id, case_id) in _checked:
        return
    if model is _m().Ioc:
        found = compat.ioc_is_in_case(object_id, case_id)
    else:
        found = model.query.filter(id_column == object_id, case_column == case_id).first() is not None
    if not found:
        raise ValueError(f"{label} {object_id} is not in case {case_id}")
    _checked.add((model, object_id, case_id))


def _targets(links, name, ids):
    return [_stored(target, ids) for target in links.get(name) or []]


def _add_ioc(op, ids, user, now):
    m, f = _m(), op["fields"]

    def make():
        return m.Ioc(ioc_value=f["ioc_value"], ioc_type_id=f["ioc_type_id"],
                     ioc_description=f["ioc_description"], ioc_tags=f["ioc_tags"],
                     ioc_tlp_id=f["ioc_tlp_id"], user_id=user["id"], custom_attributes={},
                     modification_history=user["history"])

    ioc = compat.add_ioc_to_case(f, op["case_id"], make)
    return ioc, ioc.ioc_id


def _add_asset(op, ids, user, now):
    m, db, f, case_id = _m(), _db(), op["fields"], op["case_id"]
    unspecified = m.AnalysisStatus.query.filter(m.AnalysisStatus.name == "Unspecified").first()
    asset = m.CaseAssets(asset_name=f["asset_name"], asset_type_id=f["asset_type_id"],
                         asset_description=f["asset_description"], asset_ip=f["asset_ip"],
                         asset_domain=f["asset_domain"], asset_tags=f["asset_tags"], case_id=case_id,
                         user_id=user["id"], date_added=now, date_update=now,
                         analysis_status_id=unspecified.id if unspecified else None,
                         custom_attributes={}, modification_history=user["history"])
    db.session.add(asset)
    db.session.flush()
    for ioc_id in _targets(op["links"], "iocs", ids):
        _KINDS["ioc"].check_in_case(ioc_id, case_id)
        db.session.add(m.IocAssetLink(ioc_id=ioc_id, asset_id=asset.asset_id))
    return asset, asset.asset_id


def _add_event(op, ids, user, now):
    m, db, f, case_id = _m(), _db(), op["fields"], op["case_id"]
    date = _date(f["event_date"])
    event = m.CasesEvent(event_title=f["event_title"], event_source=f["event_source"],
                         event_content=f["event_content"], event_raw=f["event_raw"], event_date=date,
                         event_date_wtz=date, event_tz="+00:00", event_added=now,
                         event_in_graph=f["event_in_graph"], event_in_summary=f["event_in_summary"],
                         event_color=f["event_color"] or None, event_tags=f["event_tags"],
                         event_is_flagged=False, user_id=user["id"], case_id=case_id,
                         custom_attributes={}, modification_history=user["history"])
    db.session.add(event)
    db.session.flush()
    db.session.add(m.CaseEventCategory(event_id=event.event_id, category_id=op["links"]["category_id"]))
    for asset_id in _targets(op["links"], "assets", ids):
        _KINDS["asset"].check_in_case(asset_id, case_id)
        db.session.add(m.CaseEventsAssets(event_id=event.event_id, asset_id=asset_id, case_id=case_id))
    for ioc_id in _targets(op["links"], "iocs", ids):
        _KINDS["ioc"].check_in_case(ioc_id, case_id)
        db.session.add(m.CaseEventsIoc(event_id=event.event_id, ioc_id=ioc_id, case_id=case_id))
    return event, event.event_id


def _add_note(op, ids, user, now):
    m, db, f, case_id = _m(), _db(), op["fields"], op["case_id"]
    name = op["links"]["directory"]
    directory = m.NoteDirectory.query.filter(m.NoteDirectory.case_id == case_id, m.NoteDirectory.name == name,
                                             m.NoteDirectory.parent_id.is_(None)).first()
    if directory is None:
        directory = m.NoteDirectory(name=name, case_id=case_id, parent_id=None)
        db.session.add(directory)
        db.session.flush()
    note = m.Notes(note_title=f["note_title"], note_content=f["note_content"], note_user=user["id"],
                   note_creationdate=now, note_lastupdate=now, note_case_id=case_id,
                   directory_id=directory.id, custom_attributes={}, modification_history=user["history"])
    db.session.add(note)
    db.session.flush()
    db.session.add(m.NoteRevisions(note_id=note.note_id, revision_number=1, note_title=note.note_title,
                                   note_content=note.note_content, note_user=user["id"], revision_timestamp=now))
    return note, note.note_id


def _add_task(op, ids, user, now):
    m, db, f = _m(), _db(), op["fields"]
    task = m.CaseTasks(task_title=f["task_title"], task_description=f["task_description"],
                       task_tags=f["task_tags"], task_status_id=f["task_status_id"], task_open_date=now,
                       task_last_update=now, task_userid_open=user["id"], task_userid_update=user["id"],
                       task_case_id=op["case_id"], custom_attributes={}, modification_history=user["history"])
    db.session.add(task)
    db.session.flush()
    return task, task.id


def _add_comment(op, ids, user, now):
    m, db, case_id = _m(), _db(), op["case_id"]
    target = op["links"]["target"]
    target_id = _stored(target["at"], ids)
    on = _KINDS[target["kind"]]
    on.check_in_case(target_id, case_id)
    comment = m.Comments(comment_text=op["fields"]["comment_text"], comment_date=now, comment_update_date=now,
                         comment_user_id=user["id"], comment_case_id=case_id)
    db.session.add(comment)
    db.session.flush()
    link, column = on.comment_link()
    db.session.add(link(**{"comment_id": comment.comment_id, column.key: target_id}))
    target_obj = on.model().query.filter(on.column("id") == target_id).first()
    op["activity"] = op["activity"].replace("{target}", str(getattr(target_obj, on.name_column)))
    return comment, comment.comment_id


class _Kind:
    """How IRIS stores one kind of object the case writer adds."""

    def __init__(self, model, id_column, case_column, label, name_column, comments, state, add, find,
                 dates=()):
        self.model_name = model  # the IRIS model
        self.columns = {"id": id_column, "case": case_column}  # case: None when through compat
        self.label = label  # what messages call it
        self.name_column = name_column  # what IRIS's activity trail names it by
        self.comments = comments  # the model linking comments to it, and its column
        self.state = state  # the case's update mark it moves (`app.datamgmt.states`)
        self.add = add  # add(op, ids, user, now) -> (object, id)
        self.find = lambda key, case_id: find(self, key, case_id)  # the one with the same key
        self.dates = dates  # the key's columns that are dates

    def model(self):
        return getattr(_m(), self.model_name)

    def column(self, role):
        name = self.columns[role]
        return None if name is None else getattr(self.model(), name)

    def comment_link(self):
        model, column = self.comments
        link = getattr(_m(), model)
        return link, getattr(link, column)

    def check_in_case(self, object_id, case_id):
        _check_in_case(self.model(), self.column("id"), self.column("case"), object_id, case_id, self.label)


# One row per kind of object the case writer adds: a new kind is a Rust builder and a row here.
_KINDS = {
    "ioc": _Kind("Ioc", "ioc_id", None, "IOC", "ioc_value", ("IocComments", "comment_ioc_id"),
                 "update_ioc_state", _add_ioc, _find_ioc),
    "asset": _Kind("CaseAssets", "asset_id", "case_id", "asset", "asset_name",
                   ("AssetComments", "comment_asset_id"), "update_assets_state", _add_asset, _find_by_columns),
    "event": _Kind("CasesEvent", "event_id", "case_id", "timeline event", "event_title",
                   ("EventComments", "comment_event_id"), "update_timeline_state", _add_event, _find_by_columns,
                   dates=("event_date",)),
    "note": _Kind("Notes", "note_id", "note_case_id", "note", "note_title", ("NotesComments", "comment_note_id"),
                  "update_notes_state", _add_note, _find_note),
    "task": _Kind("CaseTasks", "id", "task_case_id", "task", "task_title", ("TaskComments", "comment_task_id"),
                  "update_tasks_state", _add_task, _find_by_columns),
    "comment": _Kind("Comments", "comment_id", "comment_case_id", "comment", None, None, None, _add_comment,
                     _find_comment),
}


def apply(plan_json):
    """Stores every object of the plan in one transaction (all or none: on any error the session
    is rolled back, the handler's other changes with it, and the error raised), then fires their
    hooks. Returns the ids, in order."""
    plan = json.loads(plan_json)
    db = _db()
    user_id, user_name, login = _with_reconnect(_acting_user, plan.get("user_id"))
    user = {"id": user_id, "history": _history(login, user_id, plan["module"])}
    try:
        ids, created = _with_reconnect(_store, plan, user)
    except Exception as error:
        try:
            db.session.rollback()
        except Exception:  # the connection is gone: the rollback only sets it aside
            pass
        if _unreachable(error):
            raise ConnectionError("IRIS's database could not be reached before the objects were "
                                  "committed: nothing was stored") from None
        raise
    if user_id is None:
        log.warning("case writer: the acting user is unknown; objects stored without a user")
    for op, obj in created:
        _fire(op, obj, plan["module"], user_name)
    return json.dumps(ids)


def _store(plan, user):
    """The plan's objects, their activity lines and the case's update marks, committed: (ids,
    [(op, object)])."""
    m, db = _m(), _db()
    from app.datamgmt import states
    user_id = user["id"]
    now = datetime.datetime.utcnow()
    ids, created = [], []
    _checked.clear()
    with db.session.begin_nested():
        for op in plan["ops"]:
            obj, object_id = _KINDS[op["kind"]].add(op, ids, user, now)
            ids.append(int(object_id))
            created.append((op, obj))
            db.session.add(m.UserActivity(user_id=user_id, case_id=op["case_id"], activity_date=now,
                                          activity_desc=op["activity"].capitalize(), user_input=False,
                                          is_from_api=True, display_in_ui=True))
        if user_id is not None:
            for case_id, kind in sorted({(op["case_id"], op["kind"]) for op in plan["ops"]}):
                if _KINDS[kind].state:
                    getattr(states, _KINDS[kind].state)(caseid=case_id, userid=user_id)
        db.session.flush()
    try:
        db.session.commit()
    except Exception as error:
        if _unreachable(error):  # not tried again: the commit may have been done
            raise ConnectionError("IRIS's database connection was lost while the objects were being "
                                  "committed: whether they were stored is unknown; look in the case") from None
        raise
    return ids, created


# ---------------------------------------------------------------- hooks for other modules

def _columns(obj):
    from sqlalchemy import inspect
    out = {}
    for attribute in inspect(obj).mapper.column_attrs:
        value = getattr(obj, attribute.key)
        if isinstance(value, (datetime.datetime, datetime.date)):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, dict, list)):
            value = str(value)
        out[attribute.key] = value
    return out


def _hook_data(op, obj):
    """What IRIS passes with the hook: the object, or for a comment `{"comment": ..., kind: ...}`."""
    if op["kind"] != "comment":
        return obj
    target = op["links"]["target"]
    on = _KINDS[target["kind"]]
    link, column = on.comment_link()
    row = link.query.filter(link.comment_id == obj.comment_id).first()
    target_obj = on.model().query.filter(on.column("id") == getattr(row, column.key)).first()
    return {"comment": _columns(obj), target["kind"]: _columns(target_obj)}


def _hook_targets(op, obj, module):
    """What IRIS passes with the new object's hook, and the modules (all but `module`) it calls."""
    m = _m()
    _db().session.refresh(obj)
    data = _hook_data(op, obj)
    hook = m.IrisHook.query.filter(m.IrisHook.hook_name == op["hook"]).first()
    if hook is None:
        return data, []
    return data, (m.IrisModuleHook.query
                  .with_entities(m.IrisModuleHook.run_asynchronously, m.IrisModule.module_name,
                                 m.IrisModuleHook.manual_hook_ui_name)
                  .join(m.IrisModule, m.IrisModuleHook.module_id == m.IrisModule.id)
                  .filter(m.IrisModule.is_active == True, m.IrisModuleHook.hook_id == hook.id,  # noqa: E712
                          m.IrisModule.module_name != module)
                  .all())


def _fire(op, obj, module, init_user):
    """IRIS's `call_modules_hook` for one new object, every module but `module`."""
    db = _db()
    from app.iris_engine.module_handler import module_handler as handler
    from app.util import hmac_sign
    try:
        data, rows = _with_reconnect(_hook_targets, op, obj, module)
    except Exception:
        log.exception("case writer: could not find the modules of hook %s", op["hook"])
        return
    for row in rows:
        try:
            if row.run_asynchronously:
                payload = base64.b64encode(pickle.dumps(data))
                signed = hmac_sign(payload) + b" " + payload
                _queue(handler.task_hook_wrapper, dict(
                    module_name=row.module_name, hook_name=op["hook"], hook_ui_name=row.manual_hook_ui_name,
                    data=signed.decode("utf8"), init_user=init_user, caseid=op["case_id"]))
            else:
                instance, _ = handler.instantiate_module_from_name(module_name=row.module_name)
                instance.hooks_handler(op["hook"], row.manual_hook_ui_name, data=[data])
                db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("case writer: module %s failed on hook %s", row.module_name, op["hook"])


# Hook tasks queued from inside a worker task wait for that task to end (IRIS commits after the
# module returns): the other modules then see everything committed, and their tasks do not run
# beside the one that queued them. (IRIS's worker forks its children after using the database,
# so two children can share a connection; two tasks at once in two children have been seen to
# break it.) Outside a task (a web request), they are queued at once, as IRIS queues them.
_after_task = []


def _queue(task, kwargs):
    from celery import current_task
    if current_task and current_task.request.id:
        _after_task.append((task, kwargs))
    else:
        task.delay(**kwargs)


# How long a hook task for another module is tried again while IRIS's broker cannot be reached
# (RabbitMQ restarting): Celery's own retries give up within a second, and the hook is lost.
PUBLISH_GIVE_UP_S = 60.0


def _publish(task, kwargs):
    """Queues the task, trying again (half a second, then a second apart) while the broker cannot
    be reached, for at most PUBLISH_GIVE_UP_S."""
    import time
    from kombu.exceptions import OperationalError
    deadline = time.monotonic() + PUBLISH_GIVE_UP_S
    pause = 0.5
    while True:
        try:
            task.apply_async(kwargs=kwargs)
            return
        except (OperationalError, OSError):
            if time.monotonic() + pause > deadline:
                raise
            log.warning("case writer: IRIS's broker cannot be reached; queuing hook %s for %s again",
                        kwargs["hook_name"], kwargs["module_name"])
            time.sleep(pause)
            pause = 1.0


def _queue_after_task(**_):
    pending = list(_after_task)
    _after_task.clear()
    for task, kwargs in pending:
        try:
            _publish(task, kwargs)
        except Exception:
            log.exception("case writer: could not queue hook %s for %s", kwargs["hook_name"], kwargs["module_name"])


def _connect():
    from celery.signals import task_postrun
    task_postrun.connect(_queue_after_task, weak=False)


_connect()
