"""Who may receive a delegated task: people who could do the work themselves.

That is a holder of the task's lane role, or of a role the catalogue names as its stand-in
(``stand_ins`` in roles.toml), who is active and is not an administrator, analyst, auditor or
an external partner. Nobody else: an analyst who receives a Pelaks task could complete it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..records import UserInfo
from .roles import SYSTEM_ROLES, RoleCatalog
from ..store.models import Task
from .users import get_user


def qualifying_roles(catalog: RoleCatalog, role: str) -> list[str]:
    """The task's role and its stand-ins, without system roles or external partners."""
    info = catalog.get(role)
    roles = [role] + list(getattr(info, "stand_ins", []) or [])
    return [r for r in dict.fromkeys(roles) if r not in SYSTEM_ROLES and not _external(catalog, r)]


def _external(catalog: RoleCatalog, role: str) -> bool:
    info = catalog.get(role)
    return bool(info and info.external)


def _excluded(catalog: RoleCatalog, roles: list[str]) -> bool:
    return any(r in SYSTEM_ROLES or _external(catalog, r) for r in roles)


def candidates(session: Session, catalog: RoleCatalog, task: Task, actor: str) -> list[UserInfo]:
    """Everyone ``actor`` may hand ``task`` to, by display name."""
    roles = qualifying_roles(catalog, task.role)
    if not roles:
        return []
    from .posts import holders

    # Holders in the task's own unit (or deployment-wide): a Kapolsek of another Polsek is no candidate.
    names = sorted({n for r in roles for n in holders(session, r, task.unit_code) if n != actor})
    found = [get_user(session, name) for name in names]
    found = [u for u in found if not _excluded(catalog, u.roles) and u.username != task.assignee]
    return sorted(found, key=lambda u: (u.display_name.lower(), u.username))


def check(session: Session, catalog: RoleCatalog, task: Task, to: str) -> None:
    """Refuse (clearly) a delegation to someone who may not do the work."""
    target = get_user(session, to)
    if not target.active:
        raise InvalidInput(f"user {to} is not active")
    if _excluded(catalog, target.roles):
        raise InvalidInput(f"{to} cannot receive tasks: administrators, analysts, auditors and external "
                           "partners do not carry out SOP steps")
    allowed = qualifying_roles(catalog, task.role)
    if task.unit_code and set(allowed).intersection(target.roles):
        from .posts import held

        posts = held(session, to)
        if not any(posts.covers(r, task.unit_code) for r in allowed):
            raise InvalidInput(f"{to} cannot receive this task: they hold {task.role} in another unit, "
                               f"not in {task.unit_code}")
    if not set(allowed).intersection(target.roles):
        raise InvalidInput(f"{to} cannot receive this task: it needs the role {task.role}"
                           + (f" or a stand-in ({', '.join(allowed[1:])})" if len(allowed) > 1 else ""))
