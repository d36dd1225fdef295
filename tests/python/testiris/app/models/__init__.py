"""IRIS's models package (`app/models`), laid out as IRIS lays it out and exporting what IRIS's
exports. On v2.4.20, `from app.models import X` works for what it works for in IRIS (`User` is
in `app.models.authorization` only); on develop the package exports nothing, as there."""

from app.configuration import LINE

if LINE == "v2.4.20":
    from app.models.models import ObjectState  # noqa: F401
    from app.models.cases import Cases  # noqa: F401
    from app.models.cases import CasesEvent  # noqa: F401
    from app.models.cases import Client  # noqa: F401
    from app.models.models import *  # noqa: F401,F403
