"""Which writes invalidate which cached public pages (ita_portal/lib/public_cache.py).

Every save and delete of a model the public pages read bumps a generation: publications and
published figures the results lists and the agency's pages; frameworks, cohorts and agencies
every page; anything else of an agency (its plans, its O-item evidence, its scores) that
agency's pages. A model whose agency cannot be found bumps every page: a needless render
rather than a stale figure. Writes by queryset `update()` send no signal: the services that use
one on these models also save a publication (reports.publishing).
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from assessments.models import Agency
from ita_portal.lib import public_cache

logger = logging.getLogger(__name__)

# Apps whose rows the public pages show.
WATCHED_APPS = ("indicators", "assessments", "actionplans", "oit", "reports")
# Shown on (nearly) every public page: a change renders everything again.
SITE_MODELS = {
    "assessments.agency",
    "assessments.cohort",
    "assessments.agencyissuer",
    "assessments.agencymove",
}
SITE_APPS = ("indicators",)
# What the results lists, rankings and open data are made of.
RESULTS_MODELS = {
    "reports.reportpublication",
    "assessments.assessment",
    "assessments.scoresheet",
    "assessments.publishedfigures",
    "assessments.publishedscore",
}
# Staff-only rows: jobs, previews, reminders, memberships, link checks, edit history.
IGNORED_MODELS = {
    "reports.publicationjob",
    "reports.publicationjobitem",
    "reports.reportpreview",
    "reports.remindersent",
    "assessments.membership",
    "oit.linkcheck",
    "actionplans.planchange",
    "actionplans.plantransition",
}
# How far a row's foreign keys are followed to find its agency (score → assessment → agency).
AGENCY_DEPTH = 4


def agency_code_of(obj: Any, depth: int = AGENCY_DEPTH) -> str | None:
    """The code of the agency a row belongs to, following foreign keys within the watched apps."""
    if isinstance(obj, Agency):
        return obj.code
    if not isinstance(obj, Model) or depth == 0:
        return None
    for field in obj._meta.concrete_fields:
        related = field.related_model
        if not field.is_relation or related is None or isinstance(related, str):
            continue
        if related._meta.app_label not in WATCHED_APPS[1:]:  # frameworks are site-wide
            continue
        try:
            code = agency_code_of(getattr(obj, field.name), depth - 1)
        except ObjectDoesNotExist:
            continue
        if code is not None:
            return code
    return None


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    label = sender._meta.label_lower
    if label in IGNORED_MODELS:
        return
    code = None
    if label not in SITE_MODELS and sender._meta.app_label not in SITE_APPS:
        code = agency_code_of(instance)
    if code is None:
        public_cache.bump_site()
    else:
        public_cache.bump_agency(code, results=label in RESULTS_MODELS)


def connect() -> None:
    """Connect the receivers to every model of the watched apps (called once, at start)."""
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"public-cache-{model._meta.label_lower}"
            post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")
