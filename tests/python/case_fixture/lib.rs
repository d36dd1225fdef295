//! `IrisCaseFiller` (defined in `iris-module-tests`) as a Python package, for the tests of the case
//! writer inside the strict test IRIS.

iris_module_core::python_module!(iris_module_tests::CaseFiller);
