"""The unit side of the engine: the unit tree, posts and transfers, imports, deployments per unit.

A mixin of :class:`engine.core.Engine`, kept apart so each file stays one readable job.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .definitions import deployments
from .errors import SopflowError
from .records import InstanceInfo
from .runtime.caselist import instance_info
from .org import imports, posts, units


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
            held = posts.held(session, username)
            tops = unitscope.start_units(session, held, self._start_roles(session, process_id))
            if not tops:
                return []
            found: dict[str, units.UnitInfo] = {}
            for top in tops:
                for unit in units.list_units(session, top.code):
                    if unit.code in found:
                        continue
                    chosen = deployments.current_for(session, process_id, unit.code)
                    if chosen is not None and set(held).intersection(
                            self.definitions.get(session, chosen.definition_id).start_roles):
                        found[unit.code] = unit
            return list(found.values())

    def _starts_somewhere(self, session: Session, username: str, process_id: str) -> bool:
        """Whether ``username`` holds a start role of a deployed version where that deployment applies: held
        deployment-wide, or in a post whose subtree meets the deployment's (above it or inside it)."""
        held = posts.held(session, username)
        for unit_code, row in deployments.current(session, process_id).items():
            roles = set(held).intersection(self.definitions.get(session, row.definition_id).start_roles)
            if not roles:
                continue
            if unit_code is None or any(held.scoped(r) is None for r in roles):
                return True
            scope = units.get(session, unit_code).path
            post_paths = {units.get(session, code).path for r in roles for code in held.scoped(r) or ()}
            if any(p.startswith(scope) or scope.startswith(p) for p in post_paths):
                return True
        return False

    def _start_roles(self, session: Session, process_id: str) -> list[str]:
        """The roles that start the process in any unit (each unit's version may name its own)."""
        ids = deployments.deployed_versions(session, process_id)
        if not ids:
            return self.definitions.latest(session, process_id).start_roles
        return sorted({r for i in ids for r in self.definitions.get(session, i).start_roles})

    # -- deployments per unit ---------------------------------------------------------------------------

    def deployments(self, process_id: str) -> list[deployments.DeploymentInfo]:
        """Which version each unit with a deployment of ``process_id`` currently runs."""
        with self.db.reading() as session:
            return deployments.overview(session, process_id)

    def deploy_version(self, process_id: str, version: int, *, unit: str | None, actor: str) -> Any:
        """Make a stored version the current one of ``unit``'s subtree (None: the whole deployment)."""
        from .records import DeployResult

        now = self._now()

        def action(session: Session) -> DeployResult:
            deployments.check_deployer(session, actor, unit)
            row = deployments.version_row(session, process_id, version)
            own = deployments.current(session, process_id).get(unit)
            if own is not None and own.definition_id == row.id:
                return DeployResult(process_id, version, False, row.filename, unit)
            deployments.record(session, row, unit, actor, now)
            return DeployResult(process_id, version, False, row.filename, unit, deployed=True)

        return self._write(action)

    def deployer_units(self, username: str) -> list[units.UnitInfo] | None:
        """The units ``username`` may deploy for (None: anywhere, the whole deployment included)."""
        with self.db.reading() as session:
            scope = deployments.deployer_scope(session, username)
            if scope is None:
                return None
            found: dict[str, units.UnitInfo] = {}
            for code in sorted(scope):
                for unit in units.list_units(session, code):
                    found.setdefault(unit.code, unit)
            return sorted(found.values(), key=lambda u: u.path)

    def unassignable(self, username: str, limit: int = 100) -> list[Any]:
        """Open tasks, in the units ``username`` supervises, whose lane has no holder in its unit."""
        from .org import visibility
        from .runtime import worklist

        with self.db.reading() as session:
            rows = visibility.unassignable(session, username, limit)
            return [worklist.to_info(r, self._now()) for r in rows]

    def supervises(self, username: str) -> bool:
        """Whether ``username`` holds a supervising post (roles.toml ``supervises``) anywhere."""
        from .org import visibility

        with self.db.reading() as session:
            return bool((visibility.supervisors(session) - {"auditor"}) & set(posts.held(session, username)))

    def count_unassignable(self, username: str, cap: int = 100) -> int | None:
        """The number of :meth:`unassignable` tasks, up to ``cap``; None when ``username`` supervises no unit."""
        from .org import visibility

        with self.db.reading() as session:
            return visibility.count_unassignable(session, username, cap)

    def unassignable_report(self, username: str, limit: int = 100) -> list[dict[str, Any]]:
        """:meth:`unassignable` with what a supervisor needs to act: the unit's name, the missing post
        (role code and titles) and since when nobody could take the task: its arrival, or the end of the
        last post that could have taken it (a transfer), whichever is later."""
        from .store.models import Post, Unit

        tasks = self.unassignable(username, limit)
        report = []
        with self.db.reading() as session:
            codes = sorted({t.unit for t in tasks if t.unit})
            found = {u.code: u for u in session.scalars(select(Unit).where(Unit.code.in_(codes)))}
            for task in tasks:
                unit = found.get(task.unit)
                left = session.scalar(select(func.max(Post.ended_at)).join(Unit, Unit.code == Post.unit_code).where(
                    Post.role == task.role, Unit.path.startswith(unit.path, autoescape=True))) if unit else None
                since = max(task.created_at, left) if left is not None else task.created_at
                role = self.catalog.get(task.role)
                report.append({**task.to_dict(), "unit_name": unit.name if unit else "",
                               "role_title_id": role.title_id if role else task.role,
                               "role_title_en": role.title_en if role else task.role,
                               "unassignable_since": since, "post_needed": f"{task.role}@{task.unit}"})
        return report

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

    # -- versions of running instances ---------------------------------------------------------------------

    def migration_plan(self, process_id: str, to_version: int | None = None,
                       unit: str | None = None, actor: str | None = None) -> list[dict[str, Any]]:
        """For each running instance of the process that may move: can it, and why not.

        Without ``to_version`` each instance is offered its unit's current version; with it, only the
        instances of the subtrees that version is deployed for. ``unit``: only that unit's subtree;
        ``actor``: only the instances of the units that actor may deploy for.
        """
        from .definitions.deployments import migration_plan

        with self.db.reading() as session:
            return migration_plan(session, self.definitions, process_id, to_version, unit, actor)

    def migrate(self, instance_id: str, to_version: int, *, actor: str, reason: str | None = None) -> InstanceInfo:
        """Move one running instance to another version of its process (an audited event with ``reason``)."""
        now = self._now()
        reason = (reason or "").strip()[:1000] or None
        from .runtime import actions as runtime

        inst = self._write(lambda s: runtime.migrate(s, self.definitions, instance_id, to_version, actor, now,
                                                     reason))
        return instance_info(inst)

    def migrate_all(self, process_id: str, to_version: int | None = None, *, actor: str,
                    dry_run: bool = False, reason: str | None = None,
                    only: set[str] | None = None, unit: str | None = None) -> list[dict[str, Any]]:
        """Move every instance that can move; each in its own transaction. Returns the plan with outcomes."""
        plan = self.migration_plan(process_id, to_version, unit, actor)
        for entry in plan:
            if dry_run or not entry["can_migrate"] or (only is not None and entry["instance_id"] not in only):
                entry["migrated"] = False
                continue
            try:
                self.migrate(entry["instance_id"], entry["to_version"], actor=actor, reason=reason)
                entry["migrated"] = True
            except SopflowError as e:
                entry["migrated"], entry["reasons"] = False, [str(e)]
        return plan
