"""IrisRefang written in Python against iris-interface: the baseline of the parity test and the
benchmark (what a module author writes today)."""

__iris_module_interface = "IrisRefangPyInterface"
