//! `IrisRelay` (defined in `iris-module-tests`) as a Python package, for the tests of hooks
//! chosen by the configuration inside the strict test IRIS: registrations that follow each save,
//! a malformed route left out and named, a token inside the JSON redacted.

iris_module_core::python_module!(iris_module_tests::Relay);
