"""Safety surveys: the police's trygghetsmätning, Brå's NTU and a municipality's own
survey, their results by area, gender, age band and year, and the gaps between groups."""
