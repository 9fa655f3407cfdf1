"""Controllers: what the app does on behalf of a screen (record actions, saving, sync,
export, merging a form with a colleague's change, the command palette).

They hold no widgets of their own; the app owns one of each and screens reach them through
the protocols of ``ui/contracts.py``.
"""
