from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """The supervisor's console: the units below an agency, read together (issue 20)."""

    name = "supervision"
    verbose_name = "การกำกับติดตามหน่วยงานในสังกัด"
