"""The demo municipality Örebro, loaded by `samordna demo` and `samordna load_demo`.

It orchestrates every app's `demo` module (reports, meetings, problems, interventions,
goals, surveys, public), so it sits above them all and nothing imports it but its own
commands. The plain data those modules share, the demo's cast and its EST story
(`core.demo.cast`, `core.demo.story`) and the areas' GeoJSON, stays in `core.demo`:
every app's `demo` reads it, and no app may import this package.
"""
