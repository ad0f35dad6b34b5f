"""The national benchmark's pipeline at a toy size: organisation, real incidents, bulk history, figures."""

from __future__ import annotations

import argparse

import pytest

from ..conftest import PG_URL


@pytest.mark.postgres
def test_national_benchmark_runs_end_to_end_on_a_small_organisation():
    if not PG_URL:
        pytest.skip("SOPFLOW_TEST_DATABASE_URL is not set")
    from benchmarks.national import run

    args = argparse.Namespace(database_url=PG_URL, instances=900, small=600, samples=3, process="sop07",
                              poldas=2, polres=4, polsek=8, villages=40, people=30, seed=1)
    figures = run(args)
    assert figures["organisation"]["villages"] == 40
    assert figures["template"]["state"] == "completed"
    assert set(figures["template"]["open_roles"]) == {"kasat_binmas", "bhabinkamtibmas"}
    assert figures["small"]["instances"] >= 600 and figures["large"]["instances"] >= 900
    assert figures["bytes_per_completed_instance"] > 0
    assert figures["one_year_sop07"]["incidents"] == 40 * 52
