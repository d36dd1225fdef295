"""`add_rfile` (`app/datamgmt/case/case_rfiles_db.py`): adds an evidence and commits."""

import datetime

from app import db


def add_rfile(evidence, caseid, user_id):
    evidence.date_added = datetime.datetime.now()
    evidence.case_id = caseid
    evidence.user_id = user_id
    evidence.custom_attributes = {}
    db.session.add(evidence)
    db.session.commit()
    return evidence
