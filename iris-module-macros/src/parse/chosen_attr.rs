//! `#[chosen_hooks(by = "method", timeout = "...")]` on the method that handles the hooks the
//! module's configuration chooses.

use crate::attr::keys::ChosenKeys;
use crate::ctxt::Ctxt;
use crate::model::ChosenCandidate;
use syn::spanned::Spanned;
use syn::{Attribute, Signature};

/// Reads one `#[chosen_hooks(...)]`; its keys are checked against the block in `check`.
pub fn parse(attr: &Attribute, cfgs: Vec<Attribute>, sig: Signature, cx: &Ctxt) -> ChosenCandidate {
    let mut keys = ChosenKeys::default();
    super::read_helper(attr, cx, |key, input, cx| keys.read(key, input, cx));
    ChosenCandidate {
        keys,
        attr_span: attr.path().span(),
        cfgs,
        sig,
    }
}
