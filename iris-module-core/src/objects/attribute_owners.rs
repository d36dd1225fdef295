//! Which objects have a `custom_attributes` column: each gets [`HasCustomAttributes`].

use super::{
    Asset, Case, Client, CustomAttributes, Event, Evidence, HasCustomAttributes, Ioc, Note, Task,
};

macro_rules! has_custom_attributes {
    ($($ty:ty),*) => {$(
        impl HasCustomAttributes for $ty {
            fn custom_attributes_mut(&mut self) -> &mut Option<CustomAttributes> {
                &mut self.custom_attributes
            }
            fn custom_attributes(&self) -> Option<&CustomAttributes> {
                self.custom_attributes.as_ref()
            }
        }
    )*};
}

has_custom_attributes!(Ioc, Asset, Note, Case, Evidence, Task, Event, Client);
