"""Dumps objects with IRIS's own marshmallow schemas, as iris_webhooks_module 1.0.8 does
(`<Schema>(many=True).dump([obj])`, then `json.dumps` with its encoder), inside IRIS's app context.
webhooks_checks.py runs it from iris-web/source with IRIS's venv and the app's environment:

    python dump_objects.py IDS_JSON

IDS_JSON: {"case": [id, ...], "asset": [...], ...}. Prints one JSON line: {kind: {id: text}},
each text `json.dumps` of the one object's dump (the list's item), key order as dumped."""
import datetime
import decimal
import json
import sys
import uuid

sys.path.insert(0, ".")
from app import app  # noqa: E402


class Encoder(json.JSONEncoder):
    """What 1.0.8's AlchemyEncoder does with what a schema's dump may hold."""

    def default(self, obj):
        if isinstance(obj, decimal.Decimal):
            return str(obj)
        if isinstance(obj, (datetime.datetime, datetime.date)):
            return obj.isoformat()
        if isinstance(obj, uuid.UUID):
            return str(obj)
        return super().default(obj)


with app.app_context():
    from app import db
    from app.models.alerts import Alert
    from app.models.cases import Cases, CasesEvent
    from app.models.models import CaseAssets, CaseReceivedFile, CaseTasks, Ioc, Notes
    from app.schema.marshables import (AlertSchema, CaseAssetsSchema, CaseDetailsSchema, CaseEvidenceSchema,
                                       CaseNoteSchema, CaseTaskSchema, EventSchema, IocSchema)

    kinds = {
        "case": (Cases, Cases.case_id, CaseDetailsSchema),
        "asset": (CaseAssets, CaseAssets.asset_id, CaseAssetsSchema),
        "note": (Notes, Notes.note_id, CaseNoteSchema),
        "ioc": (Ioc, Ioc.ioc_id, IocSchema),
        "event": (CasesEvent, CasesEvent.event_id, EventSchema),
        "evidence": (CaseReceivedFile, CaseReceivedFile.id, CaseEvidenceSchema),
        "task": (CaseTasks, CaseTasks.id, CaseTaskSchema),
        "alert": (Alert, Alert.alert_id, AlertSchema),
    }
    result = {}
    for kind, ids in json.loads(sys.argv[1]).items():
        model, pk, schema = kinds[kind]
        result[kind] = {}
        for object_id in ids:
            obj = model.query.filter(pk == object_id).first()
            dump = schema(many=True).dump([obj])
            # As 1.0.8's body: json.dumps with its encoder, loaded back, then sent as JSON.
            result[kind][str(object_id)] = json.dumps(json.loads(json.dumps(dump, cls=Encoder))[0])
    db.session.rollback()
    print(json.dumps(result))
