"""Part A: dumps each recorded object with IRIS's own marshmallow schemas, as iris_webhooks_module
1.0.8 does (`<Schema>(many=True).dump([obj])`), inside IRIS's app context. Run from
iris-web/source with IRIS's venv and the app's environment:

    python dump.py STATE_JSON OUT_DIR

STATE_JSON (written by record.py) names each object's id and holds the `data` member of IRIS's
REST answer for a GET of it. Writes OUT_DIR/<kind>.json: {"schema", "dump", "columns",
"relations", "api"}; json.dumps(..., indent=1), key order as produced."""
import datetime
import decimal
import json
import sys
import uuid

sys.path.insert(0, ".")
from app import app, db  # noqa: E402

state_path, out_dir = sys.argv[1], sys.argv[2]
with open(state_path) as f:
    state = json.load(f)

# Columns of a user never copied out (credentials).
SECRET_COLUMNS = {"password", "api_key", "mfa_secrets", "webauthn_credentials"}


def safe(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return {k: safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [safe(v) for v in value]
    if hasattr(value, "value") and hasattr(value, "name") and type(value).__module__ != "builtins":
        return value.value  # an Enum
    return value


def columns(obj):
    mapper = obj.__mapper__
    result = {}
    for column in obj.__table__.columns:
        key = mapper.get_property_by_column(column).key
        if column.name in SECRET_COLUMNS:
            result[column.name] = "<not copied>"
            continue
        result[column.name] = safe(getattr(obj, key))
    return result


def relations(obj, dumped, extra=("user", "case", "client", "owner", "ioc_type", "asset_type")):
    """Every relationship of obj that the dump has as a key (nested or as ids), and those of
    `extra` the model has; each as its columns (a list for a to-many relationship)."""
    result = {}
    for rel in obj.__mapper__.relationships:
        if rel.key not in dumped and rel.key not in extra:
            continue
        value = getattr(obj, rel.key)
        if value is None:
            result[rel.key] = None
        elif rel.uselist:
            result[rel.key] = [columns(v) for v in value]
        else:
            result[rel.key] = columns(value)
    return result


def needed_default(value):
    """The dump is expected to be JSON-safe as marshmallow gives it; if not, name what was not."""
    needed_default.used.append(type(value).__name__)
    return safe(value) if safe(value) is not value else str(value)


needed_default.used = []

with app.app_context():
    from app.models.alerts import Alert
    from app.models.cases import Cases, CasesEvent
    from app.models.models import CaseAssets, CaseReceivedFile, CaseTasks, Comments, Ioc, Notes
    from app.schema.marshables import (AlertSchema, CaseAssetsSchema, CaseDetailsSchema, CaseEvidenceSchema,
                                       CaseNoteSchema, CaseTaskSchema, CommentSchema, EventSchema, IocSchema)

    kinds = {
        "case": (Cases, Cases.case_id, CaseDetailsSchema),
        "asset": (CaseAssets, CaseAssets.asset_id, CaseAssetsSchema),
        "note": (Notes, Notes.note_id, CaseNoteSchema),
        "ioc": (Ioc, Ioc.ioc_id, IocSchema),
        "event": (CasesEvent, CasesEvent.event_id, EventSchema),
        "evidence": (CaseReceivedFile, CaseReceivedFile.id, CaseEvidenceSchema),
        "task": (CaseTasks, CaseTasks.id, CaseTaskSchema),
        "comment": (Comments, Comments.comment_id, CommentSchema),
        "alert": (Alert, Alert.alert_id, AlertSchema),
    }
    for kind, (model, pk, schema) in kinds.items():
        entry = state["objects"][kind]
        obj = model.query.filter(pk == entry["id"]).first()
        dump = schema(many=True).dump([obj])
        needed_default.used = []
        document = {
            "schema": schema.__name__,
            "dump": dump,
            "columns": columns(obj),
            "relations": relations(obj, dump[0]),
            "api": entry["api"],
        }
        text = json.dumps(document, indent=1, default=needed_default)
        if needed_default.used:
            print(f"{kind}: not JSON-safe as dumped: {sorted(set(needed_default.used))}")
        with open(f"{out_dir}/{kind}.json", "w") as f:
            f.write(text + "\n")
        print(f"{kind}: {schema.__name__} dumped ({len(dump[0])} keys), api {entry['api_path']}")
    db.session.rollback()
