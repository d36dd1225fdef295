//! The package layout IRIS imports: `<package>.__iris_module_interface`, and `<package>.<Class>`,
//! a module whose class is built on first access.

use super::core::BridgeCore;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCFunction, PyDict, PyModule, PyTuple};
use std::ffi::CString;
use std::sync::Arc;

/// Installs `core` into the extension module `m` and its parent package.
pub fn install(m: &Bound<'_, PyModule>, core: BridgeCore) -> PyResult<()> {
    let py = m.py();
    let extension_name: String = m.name()?.extract()?;
    // maturin names the extension `<package>.<package>`; its `__init__.py` star-imports it.
    let package = extension_name
        .rsplit_once('.')
        .map_or(extension_name.as_str(), |(parent, _)| parent)
        .to_owned();
    let class_name = core.info().python_class();
    let submodule_name = format!("{package}.{class_name}");
    let core = Py::new(py, core)?;

    let submodule = py
        .import("types")?
        .getattr("ModuleType")?
        .call1((submodule_name.as_str(),))?;
    let spec = py
        .import("importlib.machinery")?
        .getattr("ModuleSpec")?
        .call1((submodule_name.as_str(), py.None()))?;
    submodule.setattr("__spec__", spec)?;
    submodule.setattr("__package__", package.as_str())?;
    submodule.setattr(
        "__getattr__",
        lazy_class(py, &class_name, &submodule_name, core.clone_ref(py))?,
    )?;
    submodule.setattr("__doc__", format!("The IRIS module class `{class_name}`."))?;
    py.import("sys")?
        .getattr("modules")?
        .set_item(submodule_name.as_str(), &submodule)?;

    m.add("__iris_module_interface", class_name.as_str())?;
    m.add(class_name.as_str(), &submodule)?;
    m.add("__iris_core__", core)?;
    m.add(
        "__all__",
        vec!["__iris_module_interface", class_name.as_str()],
    )?;
    if let Ok(parent) = py
        .import("sys")?
        .getattr("modules")?
        .get_item(package.as_str())
    {
        parent.setattr("__iris_module_interface", class_name.as_str())?;
        parent.setattr(class_name.as_str(), &submodule)?;
    }
    Ok(())
}

/// The submodule's `__getattr__` (PEP 562): builds the class the first time it is asked for.
/// Building it imports `iris_interface`, which imports IRIS's `app`, so it waits until IRIS asks.
fn lazy_class<'py>(
    py: Python<'py>,
    class_name: &str,
    submodule_name: &str,
    core: Py<BridgeCore>,
) -> PyResult<Bound<'py, PyCFunction>> {
    let class_name = class_name.to_owned();
    let submodule_name = submodule_name.to_owned();
    let built: Arc<PyOnceLock<Py<PyAny>>> = Arc::new(PyOnceLock::new());
    PyCFunction::new_closure(
        py,
        Some(c"__getattr__"),
        None,
        move |args: &Bound<'_, PyTuple>,
              _kwargs: Option<&Bound<'_, PyDict>>|
              -> PyResult<Py<PyAny>> {
            let py = args.py();
            let name: String = args.get_item(0)?.extract()?;
            if name != class_name {
                return Err(pyo3::exceptions::PyAttributeError::new_err(format!(
                    "module '{submodule_name}' has no attribute '{name}'"
                )));
            }
            let class = built.get_or_try_init(py, || {
                build_class(py, &class_name, &submodule_name, core.bind(py)).map(Bound::unbind)
            })?;
            Ok(class.clone_ref(py))
        },
    )
}

/// `type(name, (IrisModuleInterface,), {...})`, with the module's attributes and methods.
fn build_class<'py>(
    py: Python<'py>,
    class_name: &str,
    submodule_name: &str,
    core: &Bound<'py, BridgeCore>,
) -> PyResult<Bound<'py, PyAny>> {
    let base = py
        .import("iris_interface.IrisModuleInterface")?
        .getattr("IrisModuleInterface")?;
    let source = CString::new(include_str!("glue.py"))
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    let glue = PyModule::from_code(
        py,
        &source,
        c"iris_module_core/glue.py",
        c"iris_module_core_glue",
    )?;
    let attributes = core.get().class_attributes(py, class_name)?;
    glue.getattr("build_class")?
        .call1((base, class_name, submodule_name, attributes, core))
}
