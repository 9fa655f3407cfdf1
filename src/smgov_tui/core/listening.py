"""Listening: which thresholds point to a crisis playbook, told in one sentence.

The crisis picker shows them under each playbook, the handbook lists them and the rule that
flags a playbook nothing leads to counts them: one place says what a threshold means.
"""

from __future__ import annotations

from collections.abc import Callable

from smgov_tui.core import records as r
from smgov_tui.i18n import N_, _

Translate = Callable[[str], str]


def describe(threshold: r.Threshold, tr: Translate = _) -> str:
    """``more than 50 comments on one post in 1 h``: the threshold as people say it (``tr``
    speaks the workspace's language in the handbook); ``above = 0`` is ``<signal>: a single
    one is enough``, whatever the time."""
    if threshold.above == 0:
        return tr(N_("{signal}: a single one is enough")).format(signal=threshold.signal)
    return tr(N_("more than {above} {signal} in {time}")).format(
        above=threshold.above, signal=threshold.signal, time=_span(threshold.within_minutes, tr)
    )


def _span(minutes: int, tr: Translate) -> str:
    """``45 min``, ``2 h``, ``90 min``: whole hours as hours, anything else in minutes."""
    if minutes % 60 == 0:
        return tr(N_("{h} h")).format(h=minutes // 60)
    return tr(N_("{m} min")).format(m=minutes)


def thresholds_for(listening: r.ListeningProtocol | None, playbook_id: str) -> list[r.Threshold]:
    """The thresholds of ``listening`` that point to ``playbook_id``, in the file's order."""
    if listening is None:
        return []
    return [t for t in listening.thresholds if t.playbook == playbook_id]


def leads_to(playbook: r.Playbook, thresholds: list[r.Threshold]) -> bool:
    """True when something says when to open ``playbook``: a listening threshold points to it,
    or its own ``trigger`` tells the person what starts it."""
    return bool(thresholds) or bool(playbook.trigger.strip())
