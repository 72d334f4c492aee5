import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts without cached public pages (LocMemCache lives per process)."""
    cache.clear()
    yield
    cache.clear()
