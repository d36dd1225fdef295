"""IRIS's users (`app/models/authorization.py`, iris-web v2.4.20): not exported by `app.models`,
as in IRIS."""

import uuid

from sqlalchemy import BigInteger, Boolean, Column, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID

from app import db
from flask_login import UserMixin



class User(UserMixin, db.Model):
    __tablename__ = "user"
    id = Column(BigInteger, primary_key=True)
    user = Column(String(64), unique=True)
    name = Column(String(64))
    email = Column(String(120), unique=True)
    uuid = Column(UUID(as_uuid=True), default=uuid.uuid4, nullable=False)
    password = Column(String(500))
    ctx_case = Column(Integer)
    active = Column(Boolean())
    api_key = Column(Text(), unique=True)
