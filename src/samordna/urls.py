"""URL map. Every view requires sign-in (LoginRequiredMiddleware) unless it is
marked `login_not_required`; tests walk this map to hold that line."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from samordna.core import urls as core_urls
from samordna.start import views as start

# The start page keeps its name `core:home` (settings, redirects and templates use it),
# but its view is samordna.start's: it gathers from every domain app, and core imports none.
core_patterns = [path("", start.home, name="home"), *core_urls.urlpatterns]

urlpatterns = [
    # The sign-in page offers the language choice too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include("samordna.api.urls")),
    path("oidc/", include("samordna.core.oidc")),
    path("", include((core_patterns, core_urls.app_name))),
    path("", include("samordna.reports.urls")),
    path("rapportera/import/", include("samordna.reports.urls_import")),
    path("export/", include("samordna.reports.urls_export")),
    path("granskning/", include("samordna.reports.urls_review")),
    path("kategorier/", include("samordna.reports.urls_categories")),
    # The weekly EST meeting and the interventions it decides and follows up.
    path("veckomote/", include("samordna.meetings.urls")),
    path("insatser/", include("samordna.interventions.urls")),
    # Problems, their root-cause analyses, the tertial analysis and the overview.
    path("problem/", include("samordna.problems.urls")),
    # The action plan (lag 2023:196), the agreement with the police, citizen promises.
    path("plan/", include("samordna.plans.urls")),
    path("mal/", include("samordna.goals.urls")),
    path("lagesbild/", include("samordna.situation.urls")),
    path("trygghetsmatningar/", include("samordna.surveys.urls")),
    # Groups of municipalities that share a joint picture (issue 19).
    path("kommungrupper/", include("samordna.groups.urls")),
    # The public page per municipality (aggregates only) is open: see samordna.public.
    path("", include("samordna.public.urls")),
    # The installation's operator: municipalities added, onboarded, deactivated (issue 19).
    path("drift/", include("samordna.operations.urls")),
    # The county's view (/lan/) and the law's checklist (/lagen/) (issue 19).
    path("", include("samordna.county.urls")),
    # TSI: walled off; every page 404s for anyone without a TSI role (docs/cases.md).
    path("tsi/", include("samordna.cases.urls")),
]

handler400 = "samordna.core.views.errors.bad_request"
handler403 = "samordna.core.views.errors.permission_denied"
handler404 = "samordna.core.views.errors.page_not_found"
handler500 = "samordna.core.views.errors.server_error"
