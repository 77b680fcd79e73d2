"""The same person in two registers, linked without the registers importing each other.

A register that wants to hear of people added to another one registers a hook from its
``AppConfig.ready`` (``when_added("member", link_new_members)``); the register that adds people
calls ``added("member", people, by=user)`` inside its transaction. Neither app imports the other,
the way ``orgs.services.register_org_dependent`` carries rows along in a merge."""

from collections import defaultdict
from collections.abc import Callable, Iterable

_HOOKS: dict[str, list[Callable]] = defaultdict(list)


def when_added(kind: str, hook: Callable) -> None:
    """``hook(people, *, by)`` runs whenever people of ``kind`` are added (once per hook)."""
    if hook not in _HOOKS[kind]:
        _HOOKS[kind].append(hook)


def added(kind: str, people: Iterable, *, by) -> None:
    people = list(people)
    for hook in _HOOKS[kind]:
        hook(people, by=by)
