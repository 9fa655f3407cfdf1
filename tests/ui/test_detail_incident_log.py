"""The incident's detail says exactly what the log holds: each call of an escalation with what
came of it, the accounts a pause step confirmed paused; an older entry reads as written."""

from __future__ import annotations

from smgov_tui.core import kinds as k
from smgov_tui.core.crisis_actions import Checklist
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.present.detail import build_detail


def test_the_log_block_names_each_call_and_each_paused_account(store: Store) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high", account="instagram-empleo")
    current = incidents.act(current, "done")
    current = incidents.act(current, "done")
    step = current.crisis.current_step
    assert step is not None and step.id == "pause-scheduled"
    paused = tuple(current.crisis.to_pause(step))
    current = incidents.act(current, "done", "all quiet", checklist=Checklist(paused=paused))
    outcomes = {"agencia-faro": "reached", "direccion-personas": "no_answer"}
    incidents.act(current, "escalated", checklist=Checklist(outcomes=outcomes))
    store.load()
    detail = build_detail(store.data, k.INCIDENTS, current.id, [])
    assert detail is not None
    log = next(block for block in detail.blocks if block.title == "Log")
    notes = [cells[-1].plain.replace("\u00a0", " ") for cells, _link in log.rows]
    assert notes[-2] == (
        "all quiet\nConfirmed paused: @ultramarinosolmedo (instagram), "
        "@ultramarinosolmedo (facebook), "
        "@OlmedoOficial (x), @trabajaenolmedo (instagram)"
    )
    assert notes[-1].splitlines() == [
        "Level 2:",
        "Beatriz Lozano Pardo (Faro Comunicación (PR and crisis agency)) +34 644 19 27 53 "
        "— reached",
        "Inés Lasarte Roig (Lasarte Roig Abogados (digital law and reputation)) "
        "+34 963 52 18 40 — not called",
        "Rocío Almela Sanz (Ultramarinos Olmedo, people director) +34 652 87 03 41 — no answer",
        "Tomás Ferrer Ballester (Ultramarinos Olmedo, operations and shops director) "
        "+34 676 30 58 14 — not called",
    ]
