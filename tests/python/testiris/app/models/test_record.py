"""Not IRIS's: what the test IRIS records for the tests."""

from sqlalchemy import BigInteger, Column, Text

from app import db



class ModuleCall(db.Model):
    """Not IRIS's: the test IRIS's record of each hook call its worker makes (`task_hook_wrapper`),
    written on a connection of its own so that it changes nothing of the call's transaction; the
    tests read which modules a hook reached."""
    __tablename__ = "test_module_calls"
    id = Column(BigInteger, primary_key=True)
    module_name = Column(Text)
    hook_name = Column(Text)
    init_user = Column(Text)
    caseid = Column(BigInteger)
