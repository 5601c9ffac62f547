"""no_cycle_collection: the collector off inside, and as it was after (nested, on error)."""

from __future__ import annotations

import gc

import pytest

from ita_portal.lib.collection import no_cycle_collection


@pytest.fixture
def collector_restored():
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_inside_and_back_after(collector_restored):
    gc.enable()
    with no_cycle_collection():
        assert not gc.isenabled()
        with no_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not turn it back on early
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error(collector_restored):
    gc.enable()
    with pytest.raises(RuntimeError), no_cycle_collection():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_restored):
    gc.disable()
    with no_cycle_collection():
        pass
    assert not gc.isenabled()
