/// Not annotated with `#[iris_module]`.
pub struct NotAModule;

iris_module_core::python_module!(NotAModule);

fn main() {}
