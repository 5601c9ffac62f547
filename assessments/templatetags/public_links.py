"""{% issuer_url "assessments:ranking" year cohort issuer=code %}: a public page of that issuer."""

from __future__ import annotations

from django import template

from assessments.public.links import public_url

register = template.Library()


@register.simple_tag
def issuer_url(name: str, *args: object, issuer: str = "") -> str:
    return public_url(name, *args, issuer=issuer)
