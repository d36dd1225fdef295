"""Test IRIS: `app.datamgmt.iris_engine`."""
