"""The start page's to-do lists: what each role has to do next (issue 17).

It gathers from every domain app (reports, situation, meetings, interventions), so it is
a package of its own above them; the foundation (`core`) imports it only inside the
start-page view.
"""
