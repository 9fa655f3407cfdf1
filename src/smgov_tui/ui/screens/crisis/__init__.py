"""Crisis mode: pick a playbook and a severity, then one step at a time until it is closed.

A package: ``start`` picks or resumes, ``step`` walks, ``incidents`` lists, ``prompts`` words
the pickers, ``keys`` holds the step's keys, ``team`` syncs with the team. Import a screen from
its module: this file imports none, so that ``smgov crisis`` draws its first screen without
loading the step screen and its modals (they are imported once the list is shown).

Every action is written and committed by the store in a worker; the screen shows "Saving…",
waits for the commit, and only then moves on (or shows the error and stays). Pushing to the
team runs afterwards in its own worker and never holds the walkthrough up.
"""
