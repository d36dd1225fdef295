"""`build_upload_path` (`app/iris_engine/utils/common.py`): `<UPLOADED_PATH>/<customer>/<case>/<module>/`
with dots, spaces and slashes stripped as IRIS strips them."""

import os

from app import app


def build_upload_path(case_customer, case_name, module, create=False):
    try:
        if case_name and case_customer and module:
            path = "{customer}/{case}/{module}/".format(
                customer=case_customer.strip().replace(".", "").replace(" ", "").replace("/", ""),
                case=case_name.strip().replace(".", "").replace(" ", "_").replace("/", "").lower(),
                module=module.replace(".", "").replace(" ", "_").replace("/", ""),
            )
            fpath = os.path.join(app.config["UPLOADED_PATH"], path)
            if create:
                os.makedirs(fpath, exist_ok=True)
            return fpath
        return None
    except Exception:
        return None
