"""A hook cannot hold a worker: in IRIS's Celery worker, a handler past its time limit ends with an
error status naming the limit, nothing it did is kept (not its changes to the objects, not what
it added to the case, not even once it ends later), and the worker goes on serving the next
tasks without waiting for it."""

import time
from types import SimpleNamespace

import iris_routes
from app import db
from app.models.models import Ioc, Notes

STUCK_SLEEP_S = 3  # what the fixture's "Stuck fill" handler takes (its limit: 1 s)


def test_a_hook_past_its_limit_is_an_error_and_the_worker_serves_the_next_tasks():
    iris_routes.configure("iris_case_fixture")
    iris_routes.configure("iris_refang_module")
    notes = [Notes(note_title=f"Report {n}", note_content="", note_case_id=1, note_user=1) for n in range(2)]
    iocs = [Ioc(ioc_value=f"h{n}[.]example", ioc_type=iris_routes.ioc_type("url"), user_id=1) for n in range(2)]
    db.session.add_all(notes + iocs)
    db.session.commit()
    note_ids = [note.note_id for note in notes]
    started = time.monotonic()
    # As many stuck calls as the worker has processes (2 cores), then ordinary tasks behind them.
    for note in notes:
        iris_routes.fire_hook("on_manual_trigger_note", note, caseid=1, hook_ui_name="Stuck fill",
                              module_name="iris_case_fixture")
    for ioc in iocs:
        iris_routes.fire_hook("on_postload_ioc_create", ioc, caseid=1)
    statuses = iris_routes.wait_for_tasks()
    served = time.monotonic() - started
    stuck, ordinary = statuses[:2], statuses[2:]
    for status in stuck:
        assert status.is_failure()
        assert "ran past its time limit of 1s" in status.get_message(), status.get_message()
    assert [s.is_success() for s in ordinary] == [True, True], [s.get_message() for s in ordinary]
    assert served < STUCK_SLEEP_S, f"the next tasks waited {served:.1f} s: the stuck calls held the worker"

    # Once the stuck handlers have ended too, nothing they did is stored.
    time.sleep(max(0.0, STUCK_SLEEP_S + 1.0 - (time.monotonic() - started)))
    db.session.expire_all()
    assert Ioc.query.filter(Ioc.ioc_value == "stuck.example").count() == 0
    assert [n.note_title for n in Notes.query.filter(Notes.note_id.in_(note_ids)).order_by(Notes.note_id)] == \
        ["Report 0", "Report 1"]
    print(f"faults: stuck calls 2, given up 2, next tasks served 2 in {served:.2f} s, kept after the limit 0")


def test_an_inline_call_past_its_limit_returns_at_its_limit():
    iris_routes.configure("iris_case_fixture")
    note = SimpleNamespace(note_title="Inline", note_case_id=1)
    started = time.monotonic()
    _, status = iris_routes.call_module_hook("iris_case_fixture", "on_manual_trigger_note", [note],
                                             hook_ui_name="Stuck fill")
    took = time.monotonic() - started
    assert status.is_failure() and "time limit of 1s" in status.get_message(), status.get_message()
    assert note.note_title == "Inline", "the stuck call's change is not applied"
    assert 0.9 < took < 2.5, f"{took:.2f} s"


def test_a_module_limit_on_concurrent_calls_holds_across_worker_processes_in_iris_database():
    # The reputation fixture allows 1 call at a time (`max_concurrent_calls = 1`); its "Slow lookup"
    # takes 300 ms. The worker's two processes take one task each: the second waits for the slot.
    from sqlalchemy import text
    iris_routes.configure("iris_reputation_fixture", api_key="k")
    notes = [Notes(note_title=f"Lookup {n}", note_content="", note_case_id=1, note_user=1) for n in range(2)]
    db.session.add_all(notes)
    db.session.commit()
    started = time.monotonic()
    for note in notes:
        iris_routes.fire_hook("on_manual_trigger_note", note, caseid=1, hook_ui_name="Slow lookup",
                              module_name="iris_reputation_fixture")
    statuses = iris_routes.wait_for_tasks()
    took = time.monotonic() - started
    assert [s.is_success() for s in statuses] == [True, True], [s.get_message() for s in statuses]
    assert took >= 0.6, f"two 300 ms calls in {took:.2f} s: they ran at once"
    rows = db.session.execute(text("SELECT slot, holder, lease_until_us FROM iris_module_calls")).all()
    db.session.rollback()
    assert [(slot, holder, until) for slot, holder, until in rows] == [(0, 0, 0)], \
        f"one slot, given back: {rows}"
    print(f"faults: calls 2 with a limit of 1, served 2 one after the other in {took:.2f} s, slots left held 0")
