"""The problems app's pages: one module per part, each with its own view file."""

from samordna.problems import urls_overview, urls_problems, urls_tertial
from samordna.problems.analysis import urls as urls_analysis

app_name = "problems"

urlpatterns = [
    *urls_problems.urlpatterns,
    *urls_analysis.urlpatterns,
    *urls_tertial.urlpatterns,
    *urls_overview.urlpatterns,
]
