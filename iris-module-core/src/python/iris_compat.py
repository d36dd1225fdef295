"""Where IRIS's lines differ, the one place the bridge adapts (iris-module-core).

Everything the bridge reaches in IRIS's own Python code goes through here. Names are looked up
by what they are (a model by its class name, wherever the line keeps it), not by one module
path. A new line is one more row below, not a rewrite.

The lines, one row each:
- IRIS 2.4 (iris-web v2.4.20): `app.models` re-exports every model. An IOC is shared between
  cases through `ioc_link` (`IocLink`): one IOC per value and type, linked to each case.
- IRIS 2.5 (iris-web `develop`): `app.models` exports nothing. The models are in
  `app.models.models`, `app.models.cases`, `app.models.alerts` and `app.models.authorization`.
  `IocLink` is gone: an IOC belongs to one case (`ioc.case_id`), one per value and type in it.
- IRIS 3.0 (iris-backend; its source could not be had, so this row is untested): the models
  move again (`app.models.iocs`, `app.models.assets`, `app.models.comments`,
  `app.models.customers`), and `db` moves to `app.db`.
"""

import importlib

# Where each line keeps its models, in the order they are searched.
MODEL_MODULES = (
    "app.models",                # 2.4: re-exports everything
    "app.models.models",         # 2.5
    "app.models.cases",
    "app.models.authorization",
    "app.models.alerts",
    "app.models.iocs",           # 3.0
    "app.models.assets",
    "app.models.comments",
    "app.models.customers",
)

_models = {}  # name -> class, or None when this IRIS has none (imports are not tried again)


def _is_model(value):
    return isinstance(value, type) and hasattr(value, "__table__")


def _find_model(name):
    for module_name in MODEL_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        value = getattr(module, name, None)
        if _is_model(value):
            return value
    # Anywhere else the line keeps it: SQLAlchemy knows every mapped class by name.
    registry = getattr(getattr(db(), "Model", None), "registry", None)
    for mapper in getattr(registry, "mappers", ()):
        if mapper.class_.__name__ == name:
            return mapper.class_
    return None


def model(name):
    """IRIS's model class `name` (`Ioc`, `User`, `IrisModule`...), wherever this line keeps it.
    Raises LookupError when this IRIS has no such model."""
    if name not in _models:
        _models[name] = _find_model(name)
    found = _models[name]
    if found is None:
        raise LookupError(f"this IRIS has no model {name} (looked in {', '.join(MODEL_MODULES)} "
                          f"and SQLAlchemy's mapped classes)")
    return found


def has_model(name):
    """Whether this IRIS has the model `name`."""
    try:
        model(name)
        return True
    except LookupError:
        return False


class _Models:
    """`models.Ioc` for `model("Ioc")`: the case writer's spelling of the lookup."""

    def __getattr__(self, name):
        return model(name)


models = _Models()


def db():
    """IRIS's Flask-SQLAlchemy object: `app.db` the attribute (2.4, 2.5) or the module (3.0)."""
    import app
    found = getattr(app, "db", None)
    if found is not None and not hasattr(found, "session"):  # `app.db` is a module (3.0)
        found = getattr(found, "db", None)
    if found is None:
        found = getattr(importlib.import_module("app.db"), "db")
    return found


def flask_app():
    """IRIS's Flask application (`app.app`), or None outside IRIS."""
    try:
        from app import app
    except Exception:
        return None
    return app


def iris_version():
    """The version this IRIS reports (its configuration's `IRIS_VERSION`), or None outside IRIS."""
    application = flask_app()
    if application is None or not hasattr(application, "config"):
        return None
    version = application.config.get("IRIS_VERSION")
    return None if version is None else str(version)


# ---------------------------------------------------------------- IOCs and cases

def iocs_are_shared():
    """Whether an IOC is shared between cases (2.4: `IocLink`), rather than in one case (2.5)."""
    return has_model("IocLink")


def line():
    """What the bridge found, for logs and tests: the version IRIS reports, and the IOC rule."""
    return {"iris_version": iris_version(),
            "iocs": "shared between cases (ioc_link)" if iocs_are_shared() else "one case each (ioc.case_id)"}


def iocs_in_case(case_id):
    """A query of the IOCs of case `case_id`."""
    Ioc = model("Ioc")
    if iocs_are_shared():
        IocLink = model("IocLink")
        return Ioc.query.join(IocLink, IocLink.ioc_id == Ioc.ioc_id).filter(IocLink.case_id == case_id)
    return Ioc.query.filter(Ioc.case_id == case_id)


def ioc_is_in_case(ioc_id, case_id):
    """Whether IOC `ioc_id` is in case `case_id`."""
    Ioc = model("Ioc")
    return iocs_in_case(case_id).filter(Ioc.ioc_id == ioc_id).first() is not None


def add_ioc_to_case(fields, case_id, make):
    """The IOC of `fields` in case `case_id`, as IRIS adds an analyst's: in 2.4 the IOC of that
    value and type already in IRIS, if any, else a new one (`make()`), linked to the case; in 2.5
    a new one in the case. The caller has checked it is not in the case yet."""
    session = db().session
    Ioc = model("Ioc")
    if iocs_are_shared():
        ioc = Ioc.query.filter(Ioc.ioc_value == fields["ioc_value"],
                               Ioc.ioc_type_id == fields["ioc_type_id"]).first()
        if ioc is None:
            ioc = make()
            session.add(ioc)
            session.flush()
        session.add(model("IocLink")(ioc_id=ioc.ioc_id, case_id=case_id))
        return ioc
    ioc = make()
    ioc.case_id = case_id
    session.add(ioc)
    session.flush()
    return ioc


def case_protagonists(case_id):
    """A case's protagonists as IRIS's case dump lists them (`CaseDetailsSchema.get_protagonists`):
    each row's role, name, contact, and its user's name and login. None when this IRIS has no
    protagonists."""
    if not has_model("CaseProtagonist"):
        return None
    protagonist, user = model("CaseProtagonist"), model("User")
    rows = protagonist.query.with_entities(
        protagonist.role,
        protagonist.name,
        protagonist.contact,
        user.name.label("user_name"),
        user.user.label("user_login"),
    ).filter(
        protagonist.case_id == case_id
    ).outerjoin(
        protagonist.user
    ).all()
    return [dict(row._mapping) for row in rows]
