"""Test IRIS: `app.iris_engine.module_handler`."""
