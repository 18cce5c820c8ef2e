"""Which patrol outcomes an organisation records: arrests and stop and search are police powers;
partners record engagements and the ASB powers their staff hold. The patrol form asks only what
applies (hotspots.forms.PatrolForm), and the services refuse a police power from a partner."""

from django.core.exceptions import ValidationError

POLICE_POWERS = {"arrests": "arrests", "stop_searches": "stop and searches"}


def records_police_powers(organisation) -> bool:
    return organisation is not None and organisation.is_police


def check_powers(organisation, values: dict) -> None:
    """A ValidationError on each police power a partner's patrol would record."""
    if records_police_powers(organisation):
        return
    errors = {
        name: f"{organisation.name} does not make {words}: only police do"
        for name, words in POLICE_POWERS.items()
        if values.get(name)
    }
    if errors:
        raise ValidationError(errors)
