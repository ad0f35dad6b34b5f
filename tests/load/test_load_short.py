"""The load and fault test in its short form: real gunicorn and timer workers on PostgreSQL."""

from __future__ import annotations

import os
import shutil

import pytest

from benchmarks import loadtest

PG = os.environ.get("SOPFLOW_TEST_DATABASE_URL")


@pytest.mark.postgres
@pytest.mark.skipif(not PG, reason="needs SOPFLOW_TEST_DATABASE_URL (PostgreSQL)")
@pytest.mark.skipif(shutil.which("ps") is None, reason="needs ps to find the web workers")
def test_short_load_with_faults_keeps_every_completion_and_verifies():
    args = loadtest.parse(["--database-url", PG, "--workers", "2", "--timer-workers", "2", "--clients", "10",
                           "--instances", "60", "--requests", "1500", "--seconds", "40", "--faults"])
    figures = loadtest.run(args)
    print(figures)
    assert figures["requests"] > 100
    assert figures["server_errors_5xx"] == 0
    assert figures["lost_completions"] == 0 and figures["double_completions"] == 0
    assert figures["timers_fired_twice"] == 0 and figures["due_timers_not_fired"] == 0
    assert figures["tasks_nobody_can_act_on"] == 0
    assert figures["verify_ok"] == figures["verify_total"] > 0
    assert len(figures["faults"]) == 3
