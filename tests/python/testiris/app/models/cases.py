"""IRIS's cases and timeline events (`app/models/cases.py`, iris-web v2.4.20)."""

import uuid

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, Column, DateTime, ForeignKey, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import backref, relationship

from app import db
from app.models.models import Client  # noqa: F401  (exported from here, as in IRIS)



class Cases(db.Model):
    __tablename__ = "cases"
    case_id = Column(BigInteger, primary_key=True)
    case_uuid = Column(UUID(as_uuid=True), server_default=text("gen_random_uuid()"), nullable=False)
    client_id = Column(ForeignKey("client.client_id"), nullable=False)
    name = Column(Text)
    description = Column(Text)
    soc_id = Column(Text)
    user_id = Column(ForeignKey("user.id"))
    owner_id = Column(ForeignKey("user.id"))
    open_date = Column(DateTime)
    close_date = Column(DateTime)
    initial_date = Column(DateTime, server_default=func.now())
    closing_note = Column(Text)
    custom_attributes = Column(JSON)
    modification_history = Column(JSON)

    client = relationship("Client")
    user = relationship("User", foreign_keys=[user_id])
    owner = relationship("User", foreign_keys=[owner_id])


class CasesEvent(db.Model):
    __tablename__ = "cases_events"
    event_id = Column(BigInteger, primary_key=True)
    parent_event_id = Column(BigInteger, ForeignKey("cases_events.event_id"), nullable=True)
    event_uuid = Column(UUID(as_uuid=True), default=uuid.uuid4, server_default=text("gen_random_uuid()"),
                        nullable=False)
    case_id = Column(ForeignKey("cases.case_id"))
    event_title = Column(Text)
    event_source = Column(Text)
    event_content = Column(Text)
    event_raw = Column(Text)
    event_date = Column(DateTime)
    event_added = Column(DateTime)
    event_in_graph = Column(Boolean)
    event_in_summary = Column(Boolean)
    user_id = Column(ForeignKey("user.id"))
    modification_history = Column(JSONB)
    event_color = Column(Text)
    event_tags = Column(Text)
    event_tz = Column(Text)
    event_date_wtz = Column(DateTime)
    event_is_flagged = Column(Boolean, default=False)
    custom_attributes = Column(JSONB)

    case = relationship("Cases")
    user = relationship("User")
    children = relationship("CasesEvent", backref=backref("parent", remote_side=[event_id]))

    __table_args__ = (CheckConstraint("event_id != parent_event_id", name="check_different_ids"),)
