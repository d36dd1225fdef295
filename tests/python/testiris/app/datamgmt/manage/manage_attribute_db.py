"""IRIS's custom attributes (`app/datamgmt/manage/manage_attribute_db.py`): what modules call to
add a field to an object's tab (`add_tab_attribute_field`, IRIS v2.4.20): the object's
`custom_attributes` and the tab made when missing, the field set (an existing one replaced, the
other tabs and fields left), the column flagged as changed and the session committed."""

from sqlalchemy.orm.attributes import flag_modified

from app import db


def add_tab_attribute_field(obj, tab_name, field_name, field_type, field_value, mandatory=None,
                            field_options=None):
    """True once the field is set (False for no object)."""
    if not obj:
        return False
    if obj.custom_attributes is None:
        obj.custom_attributes = {}
    if tab_name not in obj.custom_attributes:
        obj.custom_attributes[tab_name] = {}
    obj.custom_attributes[tab_name][field_name] = {
        "mandatory": mandatory if mandatory is not None else False,
        "type": field_type,
        "value": field_value,
    }
    if field_options:
        obj.custom_attributes[tab_name][field_name]["options"] = field_options
    flag_modified(obj, "custom_attributes")
    db.session.commit()
    return True
