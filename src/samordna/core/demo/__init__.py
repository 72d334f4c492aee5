"""The demo municipality: Örebro with synthetic data (`samordna demo`, `load_demo`)."""
