"""Test IRIS: `app.datamgmt.manage`."""
