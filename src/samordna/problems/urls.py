"""The problems app's pages: one module per part, each with its own view file; the
tertial analysis (samordna.tertial) keeps its pages under /problem/ and this namespace."""

from samordna.problems import urls_overview, urls_problems
from samordna.problems.analysis import urls as urls_analysis
from samordna.tertial import urls as urls_tertial

app_name = "problems"

urlpatterns = [
    *urls_problems.urlpatterns,
    *urls_analysis.urlpatterns,
    *urls_tertial.urlpatterns,
    *urls_overview.urlpatterns,
]
