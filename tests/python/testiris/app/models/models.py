"""IRIS's other tables that modules touch (`app/models/models.py`, iris-web v2.4.20): customers,
IOCs and the other hook objects, the timeline's links, tasks, comments, the case's update marks and
the activity trail, received files, server settings, and the module tables. Column names and
types are IRIS's (PostgreSQL UUIDs, JSON and JSONB included). The IOC's tie to cases follows the
line (`app.configuration.LINE`): shared through `ioc_link` on v2.4.20, `ioc.case_id` on develop."""

import uuid

from sqlalchemy import (JSON, TIMESTAMP, BigInteger, Boolean, Column, DateTime, ForeignKey, Integer,
                        String, Text, func, text)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import relationship

from app import db
from app.configuration import LINE



class Client(db.Model):
    __tablename__ = "client"
    client_id = Column(BigInteger, primary_key=True)
    client_uuid = Column(UUID(as_uuid=True), server_default=text("gen_random_uuid()"), nullable=False)
    name = Column(Text, unique=True)
    description = Column(Text)
    creation_date = Column(DateTime, server_default=func.now())
    custom_attributes = Column(JSON)


class IocType(db.Model):
    __tablename__ = "ioc_type"
    type_id = Column(Integer, primary_key=True)
    type_name = Column(Text)
    type_description = Column(Text)
    type_taxonomy = Column(Text)
    type_validation_regex = Column(Text)
    type_validation_expect = Column(Text)


class Tlp(db.Model):
    __tablename__ = "tlp"
    tlp_id = Column(Integer, primary_key=True)
    tlp_name = Column(Text)
    tlp_bscolor = Column(Text)


class Ioc(db.Model):
    __tablename__ = "ioc"
    ioc_id = Column(BigInteger, primary_key=True)
    ioc_uuid = Column(UUID(as_uuid=True), server_default=text("gen_random_uuid()"), nullable=False)
    ioc_value = Column(Text)
    ioc_type_id = Column(ForeignKey("ioc_type.type_id"))
    ioc_description = Column(Text)
    ioc_tags = Column(String(512))
    user_id = Column(ForeignKey("user.id"))
    ioc_misp = Column(Text)
    ioc_tlp_id = Column(ForeignKey("tlp.tlp_id"))
    custom_attributes = Column(JSON)
    ioc_enrichment = Column(JSONB)
    modification_history = Column(JSON)

    if LINE == "develop":  # an IOC belongs to one case
        case_id = Column(ForeignKey("cases.case_id"), nullable=True)
        case = relationship("Cases")

    user = relationship("User")
    tlp = relationship("Tlp")
    ioc_type = relationship("IocType")


if LINE == "v2.4.20":  # IOCs shared between cases (gone on develop)
    class IocLink(db.Model):
        __tablename__ = "ioc_link"
        ioc_link_id = Column(Integer, primary_key=True)
        ioc_id = Column(ForeignKey("ioc.ioc_id"))
        case_id = Column(ForeignKey("cases.case_id"), nullable=False)

        ioc = relationship("Ioc")
        case = relationship("Cases")


class AssetsType(db.Model):
    __tablename__ = "assets_type"
    asset_id = Column(Integer, primary_key=True)
    asset_name = Column(String(155))
    asset_description = Column(String(255))
    asset_icon_not_compromised = Column(String(255))
    asset_icon_compromised = Column(String(255))


class CaseAssets(db.Model):
    __tablename__ = "case_assets"
    asset_id = Column(BigInteger, primary_key=True)
    asset_uuid = Column(UUID(as_uuid=True), server_default=text("gen_random_uuid()"), nullable=False)
    asset_name = Column(Text)
    asset_description = Column(Text)
    asset_domain = Column(Text)
    asset_ip = Column(Text)
    asset_info = Column(Text)
    asset_compromise_status_id = Column(Integer, nullable=True)
    asset_type_id = Column(ForeignKey("assets_type.asset_id"))
    asset_tags = Column(Text)
    case_id = Column(ForeignKey("cases.case_id"))
    date_added = Column(DateTime)
    date_update = Column(DateTime)
    user_id = Column(ForeignKey("user.id"))
    analysis_status_id = Column(ForeignKey("analysis_status.id"))
    custom_attributes = Column(JSON)
    asset_enrichment = Column(JSONB)
    modification_history = Column(JSON)

    case = relationship("Cases")
    user = relationship("User")
    asset_type = relationship("AssetsType")
    analysis_status = relationship("AnalysisStatus")


class Notes(db.Model):
    __tablename__ = "notes"
    note_id = Column(BigInteger, primary_key=True)
    note_uuid = Column(UUID(as_uuid=True), default=uuid.uuid4, server_default=text("gen_random_uuid()"),
                       nullable=False)
    note_title = Column(String(155))
    note_content = Column(Text)
    note_user = Column(ForeignKey("user.id"))
    note_creationdate = Column(DateTime)
    note_lastupdate = Column(DateTime)
    note_case_id = Column(ForeignKey("cases.case_id"))
    custom_attributes = Column(JSON)
    directory_id = Column(ForeignKey("note_directory.id"), nullable=True)
    modification_history = Column(JSON)

    user = relationship("User")
    case = relationship("Cases")
    directory = relationship("NoteDirectory", backref="notes")


class NoteRevisions(db.Model):
    __tablename__ = "note_revisions"
    revision_id = Column(BigInteger, primary_key=True)
    note_id = Column(BigInteger, ForeignKey("notes.note_id"), nullable=False)
    revision_number = Column(Integer, nullable=False)
    note_title = Column(String(155))
    note_content = Column(Text)
    note_user = Column(ForeignKey("user.id"))
    revision_timestamp = Column(DateTime)


class CaseReceivedFile(db.Model):
    """What IRIS's `EvidenceStorage` registers: the evidences of a case."""
    __tablename__ = "case_received_file"
    id = Column(BigInteger, primary_key=True)
    file_uuid = Column(UUID(as_uuid=True), default=uuid.uuid4, server_default=text("gen_random_uuid()"),
                       nullable=False)
    filename = Column(Text)
    date_added = Column(DateTime)
    acquisition_date = Column(DateTime)
    file_hash = Column(Text)
    file_description = Column(Text)
    file_size = Column(BigInteger)
    start_date = Column(DateTime)
    end_date = Column(DateTime)
    case_id = Column(ForeignKey("cases.case_id"))
    user_id = Column(ForeignKey("user.id"))
    type_id = Column(ForeignKey("evidence_type.id"))
    custom_attributes = Column(JSON)
    chain_of_custody = Column(JSON)
    modification_history = Column(JSON)

    case = relationship("Cases")
    user = relationship("User")
    type = relationship("EvidenceTypes")


class EvidenceTypes(db.Model):
    __tablename__ = "evidence_type"
    id = Column(Integer, primary_key=True)
    name = Column(Text)
    description = Column(Text)
    creation_date = Column(DateTime, server_default=func.now(), nullable=True)
    created_by_id = Column(ForeignKey("user.id"), nullable=True)


class ServerSettings(db.Model):
    __tablename__ = "server_settings"
    id = Column(Integer, primary_key=True)
    https_proxy = Column(Text)
    http_proxy = Column(Text)
    prevent_post_mod_repush = Column(Boolean)
    prevent_post_objects_repush = Column(Boolean, default=False)
    has_updates_available = Column(Boolean)
    enable_updates_check = Column(Boolean)
    password_policy_min_length = Column(Integer)
    password_policy_upper_case = Column(Boolean)
    password_policy_lower_case = Column(Boolean)
    password_policy_digit = Column(Boolean)
    password_policy_special_chars = Column(Text)
    enforce_mfa = Column(Boolean)


class IrisModule(db.Model):
    __tablename__ = "iris_module"
    id = Column(Integer, primary_key=True)
    added_by_id = Column(ForeignKey("user.id"), nullable=False)
    module_human_name = Column(Text)
    module_name = Column(Text)
    module_description = Column(Text)
    module_version = Column(Text)
    interface_version = Column(Text)
    date_added = Column(DateTime)
    is_active = Column(Boolean)
    has_pipeline = Column(Boolean)
    pipeline_args = Column(JSON)
    module_config = Column(JSON)
    module_type = Column(Text)

    user = relationship("User")


class IrisHook(db.Model):
    __tablename__ = "iris_hooks"
    id = Column(Integer, primary_key=True)
    hook_name = Column(Text)
    hook_description = Column(Text)


class IrisModuleHook(db.Model):
    __tablename__ = "iris_module_hooks"
    id = Column(BigInteger, primary_key=True)
    module_id = Column(ForeignKey("iris_module.id"), nullable=False)
    hook_id = Column(ForeignKey("iris_hooks.id"), nullable=False)
    is_manual_hook = Column(Boolean)
    manual_hook_ui_name = Column(Text)
    retry_on_fail = Column(Boolean)
    max_retry = Column(Integer)
    run_asynchronously = Column(Boolean)
    wait_till_return = Column(Boolean)

    module = relationship("IrisModule")
    hook = relationship("IrisHook")


class AnalysisStatus(db.Model):
    __tablename__ = "analysis_status"
    id = Column(Integer, primary_key=True)
    name = Column(Text)


class IocAssetLink(db.Model):
    __tablename__ = "ioc_asset_link"
    ioc_asset_link_id = Column(Integer, primary_key=True)
    ioc_id = Column(ForeignKey("ioc.ioc_id"), nullable=False)
    asset_id = Column(ForeignKey("case_assets.asset_id"), nullable=False)


class EventCategory(db.Model):
    __tablename__ = "event_category"
    id = Column(Integer, primary_key=True)
    name = Column(Text)


class CaseEventCategory(db.Model):
    __tablename__ = "case_events_category"
    id = Column(Integer, primary_key=True)
    event_id = Column(ForeignKey("cases_events.event_id"), unique=True)
    category_id = Column(ForeignKey("event_category.id"))


class CaseEventsAssets(db.Model):
    __tablename__ = "case_events_assets"
    id = Column(BigInteger, primary_key=True)
    event_id = Column(ForeignKey("cases_events.event_id"))
    asset_id = Column(ForeignKey("case_assets.asset_id"))
    case_id = Column(ForeignKey("cases.case_id"))


class CaseEventsIoc(db.Model):
    __tablename__ = "case_events_ioc"
    id = Column(BigInteger, primary_key=True)
    event_id = Column(ForeignKey("cases_events.event_id"))
    ioc_id = Column(ForeignKey("ioc.ioc_id"))
    case_id = Column(ForeignKey("cases.case_id"))


class NoteDirectory(db.Model):
    __tablename__ = "note_directory"
    id = Column(BigInteger, primary_key=True)
    name = Column(Text, nullable=False)
    parent_id = Column(ForeignKey("note_directory.id"), nullable=True)
    case_id = Column(ForeignKey("cases.case_id"), nullable=False)


class TaskStatus(db.Model):
    __tablename__ = "task_status"
    id = Column(Integer, primary_key=True)
    status_name = Column(Text)
    status_description = Column(Text)
    status_bscolor = Column(Text)


class CaseTasks(db.Model):
    __tablename__ = "case_tasks"
    id = Column(BigInteger, primary_key=True)
    task_uuid = Column(UUID(as_uuid=True), default=uuid.uuid4, server_default=text("gen_random_uuid()"),
                       nullable=False)
    task_title = Column(Text)
    task_description = Column(Text)
    task_tags = Column(Text)
    task_open_date = Column(DateTime)
    task_close_date = Column(DateTime)
    task_last_update = Column(DateTime)
    task_userid_open = Column(ForeignKey("user.id"))
    task_userid_close = Column(ForeignKey("user.id"))
    task_userid_update = Column(ForeignKey("user.id"))
    task_status_id = Column(ForeignKey("task_status.id"))
    task_case_id = Column(ForeignKey("cases.case_id"))
    custom_attributes = Column(JSON)
    modification_history = Column(JSON)

    case = relationship("Cases")
    user_open = relationship("User", foreign_keys=[task_userid_open])
    user_close = relationship("User", foreign_keys=[task_userid_close])
    user_update = relationship("User", foreign_keys=[task_userid_update])
    status = relationship("TaskStatus", foreign_keys=[task_status_id])


class Comments(db.Model):
    __tablename__ = "comments"
    comment_id = Column(BigInteger, primary_key=True)
    comment_uuid = Column(UUID(as_uuid=True), default=uuid.uuid4, server_default=text("gen_random_uuid()"),
                          nullable=False)
    comment_text = Column(Text)
    comment_date = Column(DateTime)
    comment_update_date = Column(DateTime)
    comment_user_id = Column(ForeignKey("user.id"))
    comment_case_id = Column(ForeignKey("cases.case_id"))
    comment_alert_id = Column(BigInteger)

    user = relationship("User")
    case = relationship("Cases")


class EventComments(db.Model):
    __tablename__ = "event_comments"
    id = Column(BigInteger, primary_key=True)
    comment_id = Column(ForeignKey("comments.comment_id"))
    comment_event_id = Column(ForeignKey("cases_events.event_id"))


class TaskComments(db.Model):
    __tablename__ = "task_comments"
    id = Column(BigInteger, primary_key=True)
    comment_id = Column(ForeignKey("comments.comment_id"))
    comment_task_id = Column(ForeignKey("case_tasks.id"))


class IocComments(db.Model):
    __tablename__ = "ioc_comments"
    id = Column(BigInteger, primary_key=True)
    comment_id = Column(ForeignKey("comments.comment_id"))
    comment_ioc_id = Column(ForeignKey("ioc.ioc_id"))


class AssetComments(db.Model):
    __tablename__ = "asset_comments"
    id = Column(BigInteger, primary_key=True)
    comment_id = Column(ForeignKey("comments.comment_id"))
    comment_asset_id = Column(ForeignKey("case_assets.asset_id"))


class NotesComments(db.Model):
    __tablename__ = "note_comments"
    id = Column(BigInteger, primary_key=True)
    comment_id = Column(ForeignKey("comments.comment_id"))
    comment_note_id = Column(ForeignKey("notes.note_id"))


class ObjectState(db.Model):
    __tablename__ = "object_state"
    object_id = Column(BigInteger, primary_key=True)
    object_case_id = Column(ForeignKey("cases.case_id"))
    object_updated_by_id = Column(ForeignKey("user.id"))
    object_name = Column(Text)
    object_state = Column(BigInteger)
    object_last_update = Column(TIMESTAMP)


class UserActivity(db.Model):
    __tablename__ = "user_activity"
    id = Column(BigInteger, primary_key=True)
    user_id = Column(ForeignKey("user.id"), nullable=True)
    case_id = Column(ForeignKey("cases.case_id"), nullable=True)
    activity_date = Column(DateTime)
    activity_desc = Column(Text)
    user_input = Column(Boolean, default=False)
    is_from_api = Column(Boolean, default=False)
    display_in_ui = Column(Boolean, default=True)
