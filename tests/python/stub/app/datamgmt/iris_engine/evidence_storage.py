"""Stand-in for IRIS's evidence storage: the case's evidence table, shared by every instance as
IRIS's database is."""

from app import state


class EvidenceStorage(object):
    """Records the evidences modules register, in `state.evidences`."""

    def is_evidence_registered(self, case_id, sha256):
        return any(e["case_id"] == case_id and e["sha256"] == sha256 for e in state.evidences)

    def add_evidence(self, case_id, filename, description, size, sha256, date_added, user_id):
        state.evidences.append(dict(case_id=case_id, filename=filename, description=description,
                                    size=size, sha256=sha256, date_added=date_added, user_id=user_id))
        return True
