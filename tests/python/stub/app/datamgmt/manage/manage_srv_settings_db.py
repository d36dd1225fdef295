"""Stand-in for IRIS's server settings."""

from app import state


def get_server_settings_as_dict():
    return dict(state.server_settings)
