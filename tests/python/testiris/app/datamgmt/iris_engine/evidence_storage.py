"""IRIS's `EvidenceStorage` (`app/datamgmt/iris_engine/evidence_storage.py`): ORM queries, so
both methods need the Flask application context, as in IRIS."""

from app.datamgmt.case.case_rfiles_db import add_rfile
from app.models.models import CaseReceivedFile


class EvidenceStorage(object):
    @staticmethod
    def is_evidence_registered(case_id, sha256):
        data = CaseReceivedFile.query.filter(
            CaseReceivedFile.case_id == case_id,
            CaseReceivedFile.file_hash == sha256,
        ).first()
        return True if data else False

    @staticmethod
    def add_evidence(case_id, filename, description, size, sha256, date_added, user_id):
        evidence = CaseReceivedFile()
        evidence.file_description = description
        evidence.filename = filename
        evidence.file_size = size
        evidence.file_hash = sha256
        return add_rfile(evidence, case_id, user_id)
