"""The branch walker on the small fixtures, so it is known to work before the SOPs rely on it."""

from __future__ import annotations

from .branches import Walker


def test_walker_covers_every_branch_of_the_fixtures(fx_engine):
    users = {"petugas": "petugas", "kepala": "kepala", "pengawas": "pengawas"}
    for process in ("fx_review", "fx_incident"):
        walker = Walker(fx_engine, process, users)
        instances = walker.cover_all()
        assert all(fx_engine.instance(i).state == "completed" for i in instances)
        assert all(r.ok for r in fx_engine.verify())
        assert walker.checked_wrong_role > 0
