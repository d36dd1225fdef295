"""Test setup: the stand-in IRIS `app` and the pure-Python reference module on the path, IRIS's
log level, and a clean stand-in state for every test."""

import logging
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stub"))
sys.path.insert(0, os.path.join(HERE, "pydim"))
sys.path.insert(0, HERE)

logging.getLogger().setLevel(logging.INFO)  # as IRIS configures it


@pytest.fixture(autouse=True)
def clean_state():
    from app import state
    state.reset()
    yield
    state.reset()
