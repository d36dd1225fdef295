"""Test IRIS: `app.datamgmt.case`."""
