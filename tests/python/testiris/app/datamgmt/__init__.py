"""Test IRIS: `app.datamgmt`."""
