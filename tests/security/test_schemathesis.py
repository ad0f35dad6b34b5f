"""Generated valid and invalid requests over the whole API of a live server: never a server error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import GenerationMode  # noqa: E402

pytestmark = pytest.mark.security


@pytest.mark.parametrize("mode", [GenerationMode.NEGATIVE, GenerationMode.POSITIVE])
@pytest.mark.parametrize("user", ["pelaks_binluh", "auditor"])
def test_no_server_error_on_any_generated_request(live, mode, user):
    headers = live.token(user)
    live.browser().post(f"{live.url}/api/v1/processes/sop06/instances", headers=live.token("kaur_mintu"), json={})
    schema = schemathesis.openapi.from_url(f"{live.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    failures: list[str] = []
    calls = [0]
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def call(case):
            response = case.call(base_url=live.url, headers=headers, timeout=30)
            calls[0] += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:200]}")

        call()
    print(f"{calls[0]} generated {mode.value} requests as {user}")
    assert failures == []
