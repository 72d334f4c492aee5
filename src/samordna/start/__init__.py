"""The start page and its to-do lists: what each role has to do next (issue 17).

It gathers from every domain app (reports, situation, meetings, interventions), so it is
a package of its own above them; nothing below imports it. Its page keeps the URL name
`core:home` (samordna.urls adds it to core's namespace).
"""
