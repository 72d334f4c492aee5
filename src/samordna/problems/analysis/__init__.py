"""The cause analysis of a problem: the problem triangle, the causes and their levels,
shared with the partners and printed as a PDF (the user guide's "Orsaksanalys")."""
