import pytest

from tests.cases.factories import build_tsi


@pytest.fixture
def tsi(world):
    return build_tsi(world)
