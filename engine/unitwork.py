"""The unit side of the engine: the unit tree, posts and transfers, imports, deployments per unit.

A mixin of :class:`engine.core.Engine`, kept apart so each file stays one readable job.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .org import imports, posts, units
from .records import DeployResult
from .store.models import Definition


def scope_deployed(session: Session, results: list[DeployResult], unit: str | None) -> list[DeployResult]:
    """Bind the versions just deployed to ``unit``'s subtree (None: the whole deployment)."""
    if unit is not None:
        units.get(session, unit)
    for result in results:
        row = session.scalar(select(Definition).where(Definition.process_id == result.process_id,
                                                      Definition.version == result.version))
        if row is not None and (result.created or row.unit_code != unit):
            row.unit_code = unit
    return results


class UnitWork:
    def add_unit(self, code: str, *, name: str, kind: str, parent: str | None = None,
                 tz: str = "") -> units.UnitInfo:
        return self._write(lambda s: units.add_unit(s, code, name, kind, parent, tz))

    def unit(self, code: str) -> units.UnitInfo | None:
        with self.db.reading() as session:
            from .store.models import Unit

            row = session.get(Unit, code)
            return units.info(row) if row is not None else None

    def units(self, under: str | None = None) -> list[units.UnitInfo]:
        with self.db.reading() as session:
            return units.list_units(session, under)

    def import_units(self, text: str) -> dict[str, int]:
        """Units from CSV (code,name,kind,parent,tz): all rows or, on any bad row, none."""
        return self._write(lambda s: imports.import_units(s, text))

    def import_people(self, text: str) -> dict[str, int]:
        """Personnel from CSV (nrp,name,unit,roles): re-importing updates, never duplicates."""
        now = self._now()
        return self._write(lambda s: imports.import_people(s, self.catalog, text, now))

    def move_user(self, username: str, *, to_unit: str, from_unit: str | None = None) -> list[posts.PostInfo]:
        """Mutasi: end the person's posts (in ``from_unit``) and open them in ``to_unit``."""
        now = self._now()
        return self._write(lambda s: posts.move(s, username, from_unit, to_unit, now))

    def post_history(self, username: str) -> list[posts.PostInfo]:
        with self.db.reading() as session:
            return posts.history(session, username)

    def start_units(self, process_id: str, username: str) -> list[units.UnitInfo]:
        """The units ``username`` may start ``process_id`` for ([] when units play no part for them)."""
        from .org import unitscope

        with self.db.reading() as session:
            loaded = self.definitions.latest(session, process_id)
            tops = unitscope.start_units(session, posts.held(session, username), loaded.start_roles)
            if not tops:
                return []
            found: dict[str, units.UnitInfo] = {}
            for top in tops:
                for unit in units.list_units(session, top.code):
                    if loaded.unit_code is None or unit.path.startswith(units.get(session, loaded.unit_code).path):
                        found.setdefault(unit.code, unit)
            return list(found.values())

    def unassignable(self, username: str, limit: int = 100) -> list[Any]:
        """Open tasks, in the units ``username`` supervises, whose lane has no holder in its unit."""
        from .org import visibility
        from .runtime import worklist

        with self.db.reading() as session:
            rows = visibility.unassignable(session, username, limit)
            return [worklist.to_info(r, self._now()) for r in rows]

    # -- sensitive fields -------------------------------------------------------------------------------

    def _sensitive_reader(self, session: Session, inst: Any) -> Any:
        from .org.sensitive import Reader

        return Reader(session, self.definitions.get(session, inst.definition_id).forms, inst.unit_path)

    def _record_reads(self, instance_id: str, reader: Any) -> None:
        """Seeing a sensitive value someone else entered is an audited event of the instance."""
        if not reader.revealed:
            return
        from .audit import log as audit
        from .runtime import validate

        now = self._now()
        self._write(lambda s: audit.append(s, validate.lock_instance(s, instance_id), "sensitive_read",
                                           reader.viewer, now, {"fields": sorted(reader.revealed)}))
