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


def test_national_bench_refuses_bad_options_and_touches_nothing(tmp_path, capsys):
    from engine.cli import main

    db = tmp_path / "kept.db"
    db.write_bytes(b"not touched")
    cases = [
        (["--database-url", f"sqlite:///{db}"], "runs on PostgreSQL"),
        (["--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--instances", "0"], "--instances"),
        (["--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--small", "20", "--instances", "10"],
         "--small must not exceed --instances"),
        (["--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--villages", "100000"], "--villages"),
    ]
    for extra, message in cases:
        capsys.readouterr()
        assert main(["bench", "--scale", "national", *extra]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err
    assert db.read_bytes() == b"not touched"


@pytest.mark.postgres
def test_bulk_copy_above_the_rebuild_size_keeps_every_index_and_constraint(monkeypatch):
    """A fill large enough to drop and rebuild the indexes ends with the same indexes and constraints."""
    if not PG_URL:
        pytest.skip("SOPFLOW_TEST_DATABASE_URL is not set")
    from sqlalchemy import create_engine, text

    from engine.bench import national_fill
    from engine.bench.national import run

    monkeypatch.setattr(national_fill, "REBUILD_FROM", 50)
    args = argparse.Namespace(database_url=PG_URL, instances=300, small=120, samples=2, process="sop07",
                              poldas=2, polres=4, polsek=8, villages=40, people=30, seed=2)
    sql = create_engine(PG_URL)

    def schema() -> set[tuple[str, str]]:
        with sql.connect() as conn:
            rows = conn.execute(text(
                "SELECT tablename, indexdef FROM pg_indexes WHERE tablename IN ('instances','tasks','events') "
                "UNION ALL SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid::regclass::text IN ('instances','tasks','events')")).all()
        return {(t, d) for t, d in rows}

    calls = []
    real = national_fill.indexes_rebuilt

    def watched(engine):
        calls.append(schema())
        return real(engine)

    monkeypatch.setattr(national_fill, "indexes_rebuilt", watched)
    figures = run(args)
    after = schema()
    assert calls, "the fill never went through the index rebuild"
    assert calls[0] == after
    assert figures["bytes_per_completed_instance"] > 0  # its 5,000 copies went through the rebuild here
    assert figures["large"]["instances"] >= 5000
    with sql.connect() as conn:  # every copy has its events and tasks, under an instance that exists
        orphans = conn.execute(text("SELECT count(*) FROM events e LEFT JOIN instances i ON i.id = e.instance_id "
                                    "WHERE i.id IS NULL")).scalar()
        # a completed copy's history is its sealed segment, a running one's its event rows
        bare = conn.execute(text("SELECT count(*) FROM instances i WHERE NOT EXISTS "
                                 "(SELECT 1 FROM events e WHERE e.instance_id = i.id) AND NOT EXISTS "
                                 "(SELECT 1 FROM event_segments s WHERE s.instance_id = i.id)")).scalar()
    sql.dispose()
    assert orphans == 0 and bare == 0
