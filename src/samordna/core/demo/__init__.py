"""The demo's shared plain data: its cast (`cast`), its EST story (`story`) and the
areas' GeoJSON. No Django, no domain: every app's `demo` module reads them, and so does
core (the demo sign-in hint). Loading the demo is `samordna.demo`'s work."""
