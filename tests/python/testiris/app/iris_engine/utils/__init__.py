"""Test IRIS: `app.iris_engine.utils`."""
