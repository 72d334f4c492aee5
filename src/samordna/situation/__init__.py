"""The situation picture (lägesbild): compile a period, confirm it, distribute and export it."""
