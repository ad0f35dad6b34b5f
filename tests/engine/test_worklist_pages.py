"""Pages of a task list are the full list cut in order: tasks claimed by the user and unclaimed
tasks of their roles (read as two parts from the open-task indexes) interleave correctly."""

from __future__ import annotations


def test_pages_of_mixed_claimed_and_role_tasks_equal_the_whole_list(sop_engine, clock):
    engine = sop_engine
    process = next(p for p in engine.processes() if p.id == "sop03")
    role = process.start_roles[0]
    for _ in range(7):
        engine.start("sop03", actor=role, data={})
        clock.advance(minutes=7)
    whole = engine.tasks(user=role)
    assert len(whole) >= 7
    for task in whole[1::3]:
        engine.claim(task.id, actor=role)
    whole = engine.tasks(user=role)
    assert any(t.assignee == role for t in whole) and any(t.assignee is None for t in whole)

    for size in (1, 2, 3, 5):
        pages = []
        for offset in range(0, len(whole) + size, size):
            pages += engine.tasks(user=role, limit=size, offset=offset)
        assert [t.id for t in pages] == [t.id for t in whole], size
    assert engine.count_tasks(user=role) == len(whole)
