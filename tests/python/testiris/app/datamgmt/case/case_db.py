"""`get_case` (`app/datamgmt/case/case_db.py`)."""

from app.models.cases import Cases


def get_case(caseid):
    return Cases.query.filter(Cases.case_id == caseid).first()
