"""SQLAlchemy models shaped like IRIS's (iris-web v2.4.20 `app/models`), in an in-memory SQLite
database, so that tests run hooks on the kind of objects IRIS passes."""

from sqlalchemy import (JSON, BigInteger, Boolean, Column, DateTime, ForeignKey, Integer,
                        String, Text, create_engine)
from sqlalchemy.orm import declarative_base, relationship, sessionmaker

Base = declarative_base()


class User(Base):
    __tablename__ = "user"
    id = Column(Integer, primary_key=True)
    user = Column(String(64))
    name = Column(String(64))
    email = Column(String(120))
    uuid = Column(String(36))
    password = Column(String(500))
    api_key = Column(Text)


class IocType(Base):
    __tablename__ = "ioc_type"
    type_id = Column(Integer, primary_key=True)
    type_name = Column(String(50))
    type_description = Column(String(512))
    type_taxonomy = Column(Text)
    type_validation_regex = Column(Text)
    type_validation_expect = Column(Text)


class Tlp(Base):
    __tablename__ = "tlp"
    tlp_id = Column(Integer, primary_key=True)
    tlp_name = Column(String(50))
    tlp_bscolor = Column(String(50))


class Ioc(Base):
    __tablename__ = "ioc"
    ioc_id = Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    ioc_uuid = Column(String(36))
    ioc_value = Column(Text, nullable=False)
    ioc_type_id = Column(ForeignKey("ioc_type.type_id"))
    ioc_description = Column(Text)
    ioc_tags = Column(String(512))
    user_id = Column(ForeignKey("user.id"))
    ioc_misp = Column(Text)
    ioc_tlp_id = Column(ForeignKey("tlp.tlp_id"))
    custom_attributes = Column(JSON)
    ioc_enrichment = Column(JSON)
    modification_history = Column(JSON)

    user = relationship("User")
    tlp = relationship("Tlp")
    ioc_type = relationship("IocType")


class AssetsType(Base):
    __tablename__ = "assets_type"
    asset_id = Column(Integer, primary_key=True)
    asset_name = Column(String(155))
    asset_description = Column(String(255))


class CaseAssets(Base):
    __tablename__ = "case_assets"
    asset_id = Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    asset_uuid = Column(String(36))
    asset_name = Column(Text)
    asset_description = Column(Text)
    asset_domain = Column(Text)
    asset_ip = Column(Text)
    asset_info = Column(Text)
    asset_compromise_status_id = Column(Integer)
    asset_type_id = Column(ForeignKey("assets_type.asset_id"))
    asset_tags = Column(Text)
    case_id = Column(Integer)
    date_added = Column(DateTime)
    date_update = Column(DateTime)
    user_id = Column(ForeignKey("user.id"))
    analysis_status_id = Column(Integer)
    custom_attributes = Column(JSON)
    asset_enrichment = Column(JSON)
    modification_history = Column(JSON)

    user = relationship("User")
    asset_type = relationship("AssetsType")


class Notes(Base):
    __tablename__ = "notes"
    note_id = Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    note_uuid = Column(String(36))
    note_title = Column(String(155))
    note_content = Column(Text)
    note_user = Column(ForeignKey("user.id"))
    note_creationdate = Column(DateTime)
    note_lastupdate = Column(DateTime)
    note_case_id = Column(Integer)
    custom_attributes = Column(JSON)
    directory_id = Column(Integer)
    modification_history = Column(JSON)
    event_in_graph = Column(Boolean)

    user = relationship("User")


def new_session():
    """A session on a fresh in-memory database with IRIS's usual IOC types and TLPs."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    Session = sessionmaker(bind=engine, expire_on_commit=False)
    session = Session()
    for type_id, name in enumerate(["domain", "ip-dst", "url", "md5", "email-src", "sha256"], 1):
        session.add(IocType(type_id=type_id, type_name=name, type_description=f"{name} IOC"))
    session.add(Tlp(tlp_id=1, tlp_name="amber", tlp_bscolor="warning"))
    session.add(User(id=1, user="analyst", name="Analyst", email="a@example.org",
                     password="hash-must-not-leak", api_key="key-must-not-leak"))
    session.commit()
    return session, Session
