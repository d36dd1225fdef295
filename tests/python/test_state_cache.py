"""A module's state on objects and the workers' TTL cache, through the wheel in the strict test
IRIS: the state is written under the module's own key, onto what IRIS's database holds when the
call ends (a key another module wrote while the call ran stays); a value looked up in one worker process
is answered from IRIS's PostgreSQL in another, within its time to live, and stored hashed and
without the module's key."""

import uuid

from sqlalchemy import text

import iris_routes
from app import db
from app.models.models import CaseAssets

HOOK = "on_manual_trigger_asset"
MENU = "Cached reputation"


def _asset(name):
    asset = CaseAssets(asset_name=name, case_id=1, user_id=2, asset_type_id=1,
                       asset_enrichment={"OtherModule": {"keep": 1}})
    db.session.add(asset)
    db.session.commit()
    return asset


def test_state_is_kept_under_the_module_s_key_and_another_module_s_write_meanwhile_stays():
    key = "k-state-" + uuid.uuid4().hex
    iris_routes.configure("iris_reputation_fixture", api_key=key)
    # A `slow-` asset: the handler waits 3 s once it has looked it up (and cached it).
    asset = _asset("slow-" + uuid.uuid4().hex[:8] + ".example")
    cached = _cache_rows()
    iris_routes.fire_hook(HOOK, [asset], caseid=1, hook_ui_name=MENU, module_name="iris_reputation_fixture")
    # While the worker's call runs (IRIS has merged and committed the asset), another module's
    # worker writes its key.
    iris_routes.wait_for(lambda: _cache_rows() > cached, timeout=60, what="the call under way")
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE case_assets SET asset_enrichment = asset_enrichment || CAST(:value AS jsonb) "
                 "WHERE asset_id = :id"),
            {"value": '{"ThirdModule": {"since": 2}}', "id": asset.asset_id})
    (status,) = iris_routes.wait_for_tasks()
    assert status.is_success(), status.get_message()
    stored = db.session.get(CaseAssets, asset.asset_id)
    score = min(len(asset.asset_name) * 7, 100)
    assert stored.asset_enrichment == {
        "OtherModule": {"keep": 1},
        "ThirdModule": {"since": 2},
        "IrisReputation": {"score": score},
    }


def _cache_rows():
    with db.engine.begin() as connection:
        exists = connection.execute(text("SELECT to_regclass('iris_module_cache')")).scalar()
        if exists is None:
            return 0
        return connection.execute(text("SELECT count(*) FROM iris_module_cache")).scalar()


def test_a_value_looked_up_in_one_worker_is_answered_from_the_cache_in_another():
    key = "k-cache-" + uuid.uuid4().hex
    iris_routes.configure("iris_reputation_fixture", api_key=key)
    name = "cached-" + uuid.uuid4().hex[:8] + ".example"
    asset = _asset(name)
    # Celery's worker process looks it up...
    iris_routes.fire_hook(HOOK, [asset], caseid=1, hook_ui_name=MENU, module_name="iris_reputation_fixture")
    (first,) = iris_routes.wait_for_tasks()
    assert first.is_success(), first.get_message()
    assert "1 looked up, 0 from the cache" in first.get_logs(), first.get_logs()
    # ...and this process, another worker, finds it in IRIS's database: nothing looked up.
    again = _asset(name)
    _, second = iris_routes.call_module_hook("iris_reputation_fixture", HOOK, [again], hook_ui_name=MENU)
    assert second.is_success(), second.get_message()
    assert "0 looked up, 1 from the cache" in second.get_logs(), second.get_logs()
    # Another key (another instance of the service) shares nothing.
    iris_routes.configure("iris_reputation_fixture", api_key=key + "-other")
    _, third = iris_routes.call_module_hook("iris_reputation_fixture", HOOK, [_asset(name)], hook_ui_name=MENU)
    assert "1 looked up, 0 from the cache" in third.get_logs(), third.get_logs()
    rows = db.session.execute(text("SELECT key, value FROM iris_module_cache")).all()
    assert rows, "the cache is in IRIS's database"
    for stored_key, value in rows:
        assert name not in stored_key and key not in stored_key and key not in value
    print(f"cache: {len(rows)} entries in iris_module_cache, 1 lookup answered across processes")


def test_a_row_another_session_keeps_locked_is_waited_for_a_bounded_time_and_the_state_written():
    import time
    key = "k-locked-" + uuid.uuid4().hex
    iris_routes.configure("iris_reputation_fixture", api_key=key)
    asset = _asset("locked-" + uuid.uuid4().hex[:8] + ".example")
    # Another session holds the asset's row, and keeps it past the call.
    locker = db.engine.connect()
    held = locker.begin()
    locker.execute(text("SELECT 1 FROM case_assets WHERE asset_id = :id FOR UPDATE"), {"id": asset.asset_id})
    started = time.monotonic()
    try:
        _, status = iris_routes.call_module_hook("iris_reputation_fixture", HOOK, [asset], hook_ui_name=MENU)
    finally:
        waited = time.monotonic() - started
        held.rollback()
        locker.close()
    assert status.is_success(), status.get_message()
    assert 9 < waited < 40, waited
    assert any("its row stayed locked by another session for 10 s" in line for line in status.get_logs()), \
        status.get_logs()
    # IRIS's transaction went on: its commit stores the state beside the other module's key.
    db.session.commit()
    stored = db.session.get(CaseAssets, asset.asset_id)
    db.session.refresh(stored)
    score = min(len(asset.asset_name) * 7, 100)
    assert stored.asset_enrichment == {"OtherModule": {"keep": 1}, "IrisReputation": {"score": score}}
    print(f"state: a locked row waited for {waited:.1f} s, then written onto its last read value")
