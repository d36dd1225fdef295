//! `IrisCaseFiller` (defined in `iris-module-tests`) as a Python package, for the tests of the case
//! writer inside the strict test IRIS. Its `iris-module-core` dependency is renamed `iris_core`, as
//! a crate may: the wheel's loading proves that `python_module!` honours `crate = ...`.

iris_core::python_module!(iris_module_tests::CaseFiller, crate = iris_core);
