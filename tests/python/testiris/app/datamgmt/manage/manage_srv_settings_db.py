"""IRIS's server settings (`app/datamgmt/manage/manage_srv_settings_db.py`): the first row,
dumped column by column as IRIS's `ServerSettingsSchema` dumps it."""

from app.models.models import ServerSettings


def get_srv_settings():
    return ServerSettings.query.first()


def get_server_settings_as_dict():
    settings = ServerSettings.query.first()
    if not settings:
        return {}
    return {column.name: getattr(settings, column.name) for column in ServerSettings.__table__.columns}
