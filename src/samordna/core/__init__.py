"""The house: tenancy, people, geography, permissions, audit and the UI shell."""
