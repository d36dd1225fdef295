"""The case writer inside the strict test IRIS: modules add IOCs, assets, timeline events, notes,
tasks and comments to a case through IRIS's tables, as IRIS stores an analyst's (links, acting
user, update marks, activity trail), once, all or nothing; IRIS's postload hooks then reach the
other modules, never the module that added the object."""

import io
import os

from werkzeug.datastructures import FileStorage

import iris_routes
from app import db
from app.configuration import LINE
from app.models.models import (AssetComments, CaseAssets, CaseEventCategory, CaseEventsAssets, CaseEventsIoc,
                               CaseReceivedFile, CaseTasks, Comments, EventComments, Ioc, IocAssetLink,
                               IocComments, NoteDirectory, NoteRevisions, Notes, NotesComments,
                               ObjectState, TaskComments, UserActivity)
from app.models.cases import CasesEvent

ANALYST = 2  # "analyst", whose name is "Ann Analyst"
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "evtx-pipeline", "tests", "data")


case_iocs = iris_routes.case_iocs


def test_an_ioc_in_two_cases_follows_the_lines_rule():
    """v2.4.20 keeps one IOC per value and type, linked to each case; develop one IOC per case."""
    iris_routes.configure("iris_refang_module", note_indicators_to_iocs=True)
    for case_id in (4, 5):
        note = new_note(case_id, content="Lure: hxxps://Shared[.]Example/x")
        iris_routes.fire_hook("on_postload_note_create", note, caseid=case_id, user_id=ANALYST)
        (status,) = iris_routes.wait_for_tasks()
        assert status.is_success(), status.get_message()
        assert "case: added 1 IOC(s)" in status.get_logs(), status.get_logs()
    db.session.expire_all()
    (in_4,), (in_5,) = case_iocs(4), case_iocs(5)
    assert in_4.ioc_value == in_5.ioc_value == "https://shared.example/x"
    rows = Ioc.query.filter(Ioc.ioc_value == "https://shared.example/x").order_by(Ioc.ioc_id).all()
    if LINE == "v2.4.20":
        assert [row.ioc_id for row in rows] == [in_4.ioc_id] == [in_5.ioc_id], "one IOC, shared"
        assert sorted(iris_routes.ioc_case_ids([in_4.ioc_id])) == [(in_4.ioc_id, 4), (in_4.ioc_id, 5)]
    else:
        assert [(row.ioc_id, row.case_id) for row in rows] == [(in_4.ioc_id, 4), (in_5.ioc_id, 5)], \
            "one IOC in each case"
        assert in_4.ioc_id != in_5.ioc_id


def new_note(case_id, title="Phishing report", content="", user_id=ANALYST):
    note = Notes(note_title=title, note_content=content, note_case_id=case_id, note_user=user_id)
    db.session.add(note)
    db.session.commit()
    return note


def counts(case_id):
    """How many objects of each kind case `case_id` has."""
    return {
        "iocs": len(case_iocs(case_id)),
        "assets": CaseAssets.query.filter(CaseAssets.case_id == case_id).count(),
        "events": CasesEvent.query.filter(CasesEvent.case_id == case_id).count(),
        "notes": Notes.query.filter(Notes.note_case_id == case_id).count(),
        "tasks": CaseTasks.query.filter(CaseTasks.task_case_id == case_id).count(),
        "comments": Comments.query.filter(Comments.comment_case_id == case_id).count(),
        "activity": UserActivity.query.filter(UserActivity.case_id == case_id).count(),
    }


def test_note_indicators_become_iocs_that_other_modules_enrich_and_the_creator_never_sees():
    iris_routes.configure("iris_refang_module", note_indicators_to_iocs=True)
    iris_routes.configure("iris_reputation_fixture", api_key="k-1")
    note = new_note(4, content="Lure: hxxps://Evil[.]Example/login from 10[.]0[.]0[.]1")
    iris_routes.fire_hook("on_postload_note_create", note, caseid=4, user_id=ANALYST)
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), status.get_message()
    assert "case: added 2 IOC(s)" in status.get_logs(), status.get_logs()

    iocs = case_iocs(4)
    assert [ioc.ioc_value for ioc in iocs] == ["https://evil.example/login", "10.0.0.1"]
    assert [ioc.ioc_type.type_name for ioc in iocs] == ["url", "ip-any"]
    for ioc in iocs:
        assert ioc.user_id == ANALYST, "the user who triggered the hook"
        assert ioc.ioc_description == f'Found in note #{note.note_id} "Phishing report"'
        # (the other module may have tagged it already: it runs at once, in the worker)
        assert (ioc.ioc_tags.split(",")[0], ioc.tlp.tlp_name) == ("from-note", "amber")
        assert list(ioc.modification_history.values())[0]["user_id"] == ANALYST
    activity = [(a.user_id, a.activity_desc) for a in UserActivity.query.filter(UserActivity.case_id == 4)]
    assert activity == [(ANALYST, 'Added ioc "https://evil.example/login"'), (ANALYST, 'Added ioc "10.0.0.1"')]
    state = ObjectState.query.filter(ObjectState.object_case_id == 4, ObjectState.object_name == "ioc").one()
    assert state.object_updated_by_id == ANALYST

    # IRIS's on_postload_ioc_create reached the other module, once per IOC, from the worker, on
    # behalf of the analyst; the refang module, registered to it too, was not called for its own.
    calls = iris_routes.wait_for(
        lambda: [c for c in iris_routes.module_calls() if c[1] == "on_postload_ioc_create"] or None,
        what="the hooks of the new IOCs")
    iris_routes.wait_for(lambda: len([c for c in iris_routes.module_calls()
                                      if c[1] == "on_postload_ioc_create"]) == 2, what="two calls")
    calls = [c for c in iris_routes.module_calls() if c[1] == "on_postload_ioc_create"]
    assert calls == [("iris_reputation_fixture", "on_postload_ioc_create", "Ann Analyst", 4)] * 2
    iris_routes.wait_for(lambda: all((ioc.custom_attributes or {}).get("Reputation") for ioc in case_iocs(4)),
                         what="the other module's enrichment")
    assert all(c[0] != "iris_refang_module" for c in iris_routes.module_calls() if c[1] != "on_postload_note_create")

    # The note saved again: nothing twice.
    iris_routes.fire_hook("on_postload_note_update", note, caseid=4, user_id=ANALYST)
    (again,) = iris_routes.wait_for_tasks()
    assert again.is_success(), again.get_message()
    assert "case: nothing new to add (2 already there)" in again.get_logs(), again.get_logs()
    assert len(case_iocs(4)) == 2


def test_every_kind_is_stored_linked_and_attributed_and_the_creator_is_not_called_back():
    iris_routes.configure("iris_case_fixture")
    iris_routes.configure("iris_reputation_fixture", api_key="k-1")
    iris_routes.add_registration("iris_reputation_fixture", "on_postload_event_commented")
    note = new_note(5, title="Trigger")
    iris_routes.fire_hook("on_postload_note_create", note, caseid=5, user_id=ANALYST)
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), status.get_message()
    assert counts(5) == {"iocs": 1, "assets": 1, "events": 1, "notes": 2, "tasks": 1, "comments": 1,
                         "activity": 6}

    (ioc,) = case_iocs(5)
    (asset,) = CaseAssets.query.filter(CaseAssets.case_id == 5).all()
    (event,) = CasesEvent.query.filter(CasesEvent.case_id == 5).all()
    assert (ioc.ioc_value, ioc.tlp.tlp_name, ioc.user_id) == ("evil.example", "red", ANALYST)
    assert (asset.asset_name, asset.asset_type.asset_name, asset.asset_ip, asset.user_id) == \
        ("DC01", "Windows - DC", "10.0.0.5", ANALYST)
    assert asset.analysis_status_id == 1, "IRIS's 'Unspecified'"
    assert [(link.ioc_id, link.asset_id) for link in IocAssetLink.query] == [(ioc.ioc_id, asset.asset_id)]
    assert (event.event_title, event.event_source, event.event_raw) == \
        ("Security log cleared", "Security.evtx", '{"EventID": 1102}')
    assert (event.event_date.isoformat(), event.event_tz, event.user_id, event.event_in_graph) == \
        ("2024-05-01T08:00:00", "+00:00", ANALYST, True)
    assert CaseEventCategory.query.filter(CaseEventCategory.event_id == event.event_id).one().category_id == 8
    assert [link.asset_id for link in CaseEventsAssets.query] == [asset.asset_id]
    assert [link.ioc_id for link in CaseEventsIoc.query] == [ioc.ioc_id]
    added = Notes.query.filter(Notes.note_case_id == 5, Notes.note_title == "Triage").one()
    assert (added.directory.name if hasattr(added, "directory") else
            db.session.get(NoteDirectory, added.directory_id).name) == "Automation"
    assert added.note_user == ANALYST
    task = CaseTasks.query.filter(CaseTasks.task_case_id == 5).one()
    assert (task.task_title, task.task_status_id, task.task_userid_open) == ("Reimage DC01", 2, ANALYST)
    comment = Comments.query.filter(Comments.comment_case_id == 5).one()
    assert (comment.comment_text, comment.comment_user_id) == ("Cleared right after the logon", ANALYST)
    assert [link.comment_event_id for link in EventComments.query] == [event.event_id]
    assert not IocComments.query.count() + AssetComments.query.count() + NotesComments.query.count() + \
        TaskComments.query.count()
    assert [(r.revision_number, r.note_title) for r in NoteRevisions.query] == [(1, "Triage")]
    activity = [(a.user_id, a.activity_desc) for a in UserActivity.query.filter(UserActivity.case_id == 5)
                .order_by(UserActivity.id)]
    # Worded as IRIS words an analyst's, `capitalize()` included.
    assert activity == [(ANALYST, text) for text in (
        'Added ioc "evil.example"', 'Added asset "dc01"', 'Added event "security log cleared"',
        'Created note "triage"', 'Added task "reimage dc01"', 'Event "security log cleared" commented')]
    states = {s.object_name: s.object_updated_by_id for s in ObjectState.query.filter(ObjectState.object_case_id == 5)}
    assert states == {"ioc": ANALYST, "assets": ANALYST, "timeline": ANALYST, "notes": ANALYST, "tasks": ANALYST}

    # The other module got the IOC and the comment; the filler's own note hook was not fired for
    # the note it added.
    iris_routes.wait_for(lambda: len(iris_routes.module_calls()) >= 3, what="the hooks of the new objects")
    assert sorted(iris_routes.module_calls()) == sorted([
        ("iris_case_fixture", "on_postload_note_create", "Ann Analyst", 5),
        ("iris_reputation_fixture", "on_postload_ioc_create", "Ann Analyst", 5),
        ("iris_reputation_fixture", "on_postload_event_commented", "Ann Analyst", 5),
    ])

    # Run again: everything is there already.
    iris_routes.fire_hook("on_postload_note_create", note, caseid=5, user_id=ANALYST)
    (again,) = iris_routes.wait_for_tasks()
    assert "case: nothing new to add (6 already there)" in again.get_logs(), again.get_logs()
    assert counts(5)["events"] == 1 and counts(5)["comments"] == 1


def test_a_failed_handler_or_a_refused_object_adds_nothing():
    iris_routes.configure("iris_case_fixture", mode="fail_after_adding")
    note = new_note(5, title="Trigger")
    iris_routes.fire_hook("on_postload_note_create", note, caseid=5, user_id=ANALYST)
    (status,) = iris_routes.wait_for_tasks()
    assert not status.is_success()
    assert "failing on purpose" in status.get_message()
    assert "case: nothing added, the call failed (6 new object(s) dropped)" in status.get_logs()
    assert counts(5) == {"iocs": 0, "assets": 0, "events": 0, "notes": 1, "tasks": 0, "comments": 0,
                         "activity": 0}

    # An event linked to an asset of another case: IRIS's store refuses it after the IOC and the
    # asset were written; the transaction is rolled back whole.
    other = CaseAssets(asset_name="elsewhere", asset_type_id=1, case_id=1)
    db.session.add(other)
    db.session.commit()
    iris_routes.configure("iris_case_fixture", mode="bad_link", bad_asset=str(other.asset_id))
    iris_routes.fire_hook("on_postload_note_create", note, caseid=5, user_id=ANALYST)
    (status,) = iris_routes.wait_for_tasks()
    assert not status.is_success()
    assert f"could not be stored, and none was: ValueError: asset {other.asset_id} is not in case 5" in \
        status.get_message(), status.get_message()
    assert counts(5) == {"iocs": 0, "assets": 0, "events": 0, "notes": 1, "tasks": 0, "comments": 0,
                         "activity": 0}
    assert Ioc.query.count() == 0, "the IOC row written before the refusal is rolled back too"
    assert iris_routes.module_calls() == [("iris_case_fixture", "on_postload_note_create", "Ann Analyst", 5)] * 2


def test_a_lock_held_by_another_session_fails_the_write_in_bounded_time():
    """What the case writer runs in IRIS's database is bounded: with IRIS's IOC table locked by
    another session (a writer left idle in its transaction), the note's IOCs are refused after
    the case writer's lock timeout (10 s), not waited for as long as the lock is held."""
    import time
    from sqlalchemy import text
    iris_routes.configure("iris_refang_module", note_indicators_to_iocs=True)
    note = new_note(4, content="Lure: hxxps://Locked[.]Example/login")
    holder = db.engine.connect()
    transaction = holder.begin()
    holder.execute(text("LOCK TABLE ioc IN SHARE ROW EXCLUSIVE MODE"))
    try:
        started = time.monotonic()
        iris_routes.fire_hook("on_postload_note_create", note, caseid=4, user_id=ANALYST)
        (status,) = iris_routes.wait_for_tasks(timeout=40)
        waited = time.monotonic() - started
    finally:
        transaction.rollback()
        holder.close()
    assert not status.is_success()
    assert "lock timeout" in status.get_message(), status.get_message()
    assert 9 < waited < 30, waited
    assert counts(4)["iocs"] == 0


def test_evtx_upload_fills_the_cases_assets_and_timeline_once(tmp_path):
    iris_routes.configure("iris_evtx_module", output="ndjson", ndjson_directory=str(tmp_path))
    iris_routes.configure("iris_reputation_fixture", api_key="k-1")
    iris_routes.add_registration("iris_reputation_fixture", "on_postload_event_create")

    def upload():
        with open(os.path.join(DATA, "Notable.evtx"), "rb") as f:
            storage = FileStorage(stream=io.BytesIO(f.read()), filename="Notable.evtx")
        _, status = iris_routes.upload_file("iris_evtx_module", 4, storage)
        assert status.is_success(), status.get_message()
        return iris_routes.trigger_pipeline("iris_evtx_module", 4, {"index_evtx": "dfir"}, user_id=ANALYST)

    _, status = upload()
    assert status.is_success(), status.get_message()
    logs = status.get_logs()
    assert "Notable.evtx: 1 host(s) and 8 notable event(s) to add to the case, 0 already there" in logs, logs
    (asset,) = CaseAssets.query.filter(CaseAssets.case_id == 4).all()
    assert (asset.asset_name, asset.asset_type.asset_name, asset.user_id) == \
        ("DC01.corp.example", "Windows - Computer", ANALYST)
    events = CasesEvent.query.filter(CasesEvent.case_id == 4).order_by(CasesEvent.event_date).all()
    assert [e.event_title for e in events][-1] == "Security log cleared on DC01.corp.example by CORP\\mallory"
    assert events[0].event_title == \
        "Remote interactive logon (RDP) of CORP\\mallory on DC01.corp.example from 203.0.113.7"
    assert all(e.user_id == ANALYST and e.event_source == "Notable.evtx" for e in events)
    assert len(events) == 8
    linked = {link.event_id for link in CaseEventsAssets.query.filter(CaseEventsAssets.asset_id == asset.asset_id)}
    assert linked == {e.event_id for e in events}
    categories = {c.event_id: c.category_id for c in CaseEventCategory.query}
    assert categories[events[-1].event_id] == 8 and categories[events[0].event_id] == 11
    iris_routes.wait_for(lambda: len([c for c in iris_routes.module_calls() if c[1] == "on_postload_event_create"]) == 8,
                         what="the timeline hooks")
    assert {c for c in iris_routes.module_calls()} == {
        ("iris_reputation_fixture", "on_postload_event_create", "Ann Analyst", 4)}

    # The same file imported again (its evidence record removed, so that it is not skipped):
    # nothing is added twice.
    CaseReceivedFile.query.filter(CaseReceivedFile.case_id == 4).delete()
    db.session.commit()
    _, again = upload()
    assert again.is_success(), again.get_message()
    assert "Notable.evtx: 0 host(s) and 0 notable event(s) to add to the case, 9 already there" in \
        again.get_logs(), again.get_logs()
    assert counts(4)["assets"] == 1 and counts(4)["events"] == 8
