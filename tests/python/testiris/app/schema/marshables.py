"""IRIS's marshmallow schemas (`app/schema/marshables.py`, iris-web v2.4.20) for the objects hooks
pass that the test IRIS models, as IRIS declares them for dumping (fields, nesting, `Meta`); the
loading side (validators, `pre_load`, `post_load`) is left out. The test IRIS has no alerts, so
`CaseAssetsSchema` has no `alerts`, and its cases are IRIS's in part: `CaseDetailsSchema` is not
here. Only on the v2.4.20 line (`app.ma`)."""

from marshmallow import fields
from marshmallow_sqlalchemy import auto_field

from app import ma
from app.models.authorization import User
from app.models.cases import CasesEvent
from app.models.models import (AnalysisStatus, AssetsType, CaseAssets, CaseReceivedFile, CaseTasks, Comments,
                               EvidenceTypes, Ioc, IocType, NoteDirectory, Notes)


class UserSchema(ma.SQLAlchemyAutoSchema):
    user_roles_str = fields.List(fields.String, required=False)
    user_name = auto_field('name', required=True)
    user_login = auto_field('user', required=True)
    user_email = auto_field('email', required=True)
    user_password = auto_field('password', required=False)
    user_isadmin = fields.Boolean(required=True)
    user_id = fields.Integer(required=False)
    user_primary_organisation_id = fields.Integer(required=False)

    class Meta:
        model = User
        load_instance = True
        include_fk = True
        # IRIS's list, less `ctx_human_case` and `is_service_account`, which the test IRIS's users
        # do not have.
        exclude = ['api_key', 'password', 'ctx_case', 'user', 'name', 'email']


class CommentSchema(ma.SQLAlchemyAutoSchema):
    user = ma.Nested(UserSchema, only=['id', 'user_name', 'user_login', 'user_email'])

    class Meta:
        model = Comments
        load_instance = True
        include_fk = True


class CaseNoteDirectorySchema(ma.SQLAlchemyAutoSchema):
    class Meta:
        model = NoteDirectory
        load_instance = True
        include_fk = True


class CaseNoteSchema(ma.SQLAlchemyAutoSchema):
    comments = fields.Nested('CommentSchema', many=True)
    directory = fields.Nested('CaseNoteDirectorySchema', many=False)

    class Meta:
        model = Notes
        load_instance = True
        include_fk = True


class AssetTypeSchema(ma.SQLAlchemyAutoSchema):
    asset_name = auto_field('asset_name', required=True, allow_none=False)
    asset_description = auto_field('asset_description', required=True, allow_none=False)
    asset_icon_compromised = auto_field('asset_icon_compromised')
    asset_icon_not_compromised = auto_field('asset_icon_not_compromised')

    class Meta:
        model = AssetsType
        load_instance = True


class AnalysisStatusSchema(ma.SQLAlchemyAutoSchema):
    class Meta:
        model = AnalysisStatus
        load_instance = True


class CaseAssetsSchema(ma.SQLAlchemyAutoSchema):
    asset_name = auto_field('asset_name', required=True, allow_none=False)
    ioc_links = fields.List(fields.Integer, required=False)
    asset_enrichment = auto_field('asset_enrichment', required=False)
    asset_type = ma.Nested(AssetTypeSchema, required=False)
    analysis_status = fields.Nested('AnalysisStatusSchema', required=False)

    class Meta:
        model = CaseAssets
        include_fk = True
        load_instance = True


class IocTypeSchema(ma.SQLAlchemyAutoSchema):
    type_name = auto_field('type_name', required=True, allow_none=False)
    type_description = auto_field('type_description', required=True, allow_none=False)
    type_taxonomy = auto_field('type_taxonomy')
    type_validation_regex = auto_field('type_validation_regex')
    type_validation_expect = auto_field('type_validation_expect')

    class Meta:
        model = IocType
        load_instance = True


class IocSchema(ma.SQLAlchemyAutoSchema):
    ioc_value = auto_field('ioc_value', required=True, allow_none=False)
    ioc_enrichment = auto_field('ioc_enrichment', required=False)
    ioc_type = ma.Nested(IocTypeSchema, required=False)

    class Meta:
        model = Ioc
        load_instance = True
        include_fk = True


class EventSchema(ma.SQLAlchemyAutoSchema):
    event_title = auto_field('event_title', required=True, allow_none=False)
    event_assets = fields.List(fields.Integer, required=True, allow_none=False)
    event_iocs = fields.List(fields.Integer, required=True, allow_none=False)
    event_date = fields.DateTime("%Y-%m-%dT%H:%M:%S.%f", required=True, allow_none=False)
    event_tz = fields.String(required=True, allow_none=False)
    event_category_id = fields.Integer(required=True, allow_none=False)
    event_date_wtz = fields.DateTime("%Y-%m-%dT%H:%M:%S.%f", required=False, allow_none=False)
    modification_history = auto_field('modification_history', required=False, readonly=True)
    event_comments_map = fields.List(fields.Integer, required=False, allow_none=True)
    event_sync_iocs_assets = fields.Boolean(required=False)
    children = fields.Nested('EventSchema', many=True, required=False)

    class Meta:
        model = CasesEvent
        load_instance = True
        include_fk = True


class EvidenceTypeSchema(ma.SQLAlchemyAutoSchema):
    name = auto_field('name', required=True, allow_none=False)
    description = auto_field('description', required=True, allow_none=True)

    class Meta:
        model = EvidenceTypes
        load_instance = True


class CaseEvidenceSchema(ma.SQLAlchemyAutoSchema):
    filename = auto_field('filename', required=True, allow_none=False)
    type = ma.Nested(EvidenceTypeSchema)
    user = ma.Nested(UserSchema, only=['id', 'user_name', 'user_login', 'user_email'])

    class Meta:
        model = CaseReceivedFile
        load_instance = True
        include_relationships = True
        include_fk = True


class CaseTaskSchema(ma.SQLAlchemyAutoSchema):
    task_title = auto_field('task_title', required=True, allow_none=False)
    task_status_id = auto_field('task_status_id', required=True)
    task_assignees_id = fields.List(fields.Integer, required=False, allow_none=True)
    task_assignees = fields.List(fields.Dict, required=False, allow_none=True)

    class Meta:
        model = CaseTasks
        load_instance = True
        include_fk = True
