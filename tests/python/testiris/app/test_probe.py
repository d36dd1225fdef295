"""Not IRIS's: a probe of the test IRIS's worker for the tests."""

import os

from sqlalchemy import text

from app import celery, db


@celery.task
def session_backend(seconds):
    """(worker process, PostgreSQL backend) of IRIS's `db.session` in the process that runs the
    task, the session kept busy `seconds` (so that two probes overlap in two processes)."""
    backend = db.session.execute(text("SELECT pg_backend_pid() FROM pg_sleep(:s)"), {"s": seconds}).scalar()
    db.session.commit()
    return [os.getpid(), backend]
