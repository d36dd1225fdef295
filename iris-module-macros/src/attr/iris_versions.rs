//! `iris_versions = ">=2.4, <2.6"` on a module: the IRIS versions it runs in, read as semver's
//! `VersionReq` by the rule shared with the runtime (`iris_module_vocabulary`).

use super::AttrValue;
use crate::ctxt::Ctxt;
use syn::parse::ParseStream;
use syn::{LitStr, Path};

/// The range, as written (the runtime checks IRIS's version against it and the framework's).
pub struct IrisVersionsValue(pub LitStr);

impl AttrValue for IrisVersionsValue {
    fn read(key: &Path, input: ParseStream, cx: &Ctxt) -> Option<Self> {
        let lit = LitStr::read(key, input, cx)?;
        match iris_module_vocabulary::parse_iris_range(&lit.value()) {
            Ok(_) => Some(IrisVersionsValue(lit)),
            Err(problem) => {
                cx.spanned(&lit, problem);
                None
            }
        }
    }
}
