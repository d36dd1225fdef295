//! `IrisCollector` (defined in `iris-module-tests`) as a Python package, for the wheel tests of
//! pipeline modules: an upload step that refuses files by extension, a processing step that
//! registers evidence, fails or panics on request.

iris_module_core::python_module!(iris_module_tests::Collector);
