"""Property-based requests generated from /openapi.json must never produce a 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from rag import build_pipeline
from tests.conftest import SEEDS, make_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def schema(embedder, tmp_path_factory):
    pipeline = build_pipeline(make_settings(tmp_path_factory.mktemp("fuzz")), embedder=embedder)
    pipeline.ingest([SEEDS])
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(pipeline=pipeline))


def test_no_server_errors(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case):
            case.call_and_validate(checks=[not_a_server_error])

        fuzz()
