"""Default settings of the directory plugins; `pelican.conf.py` overrides any of them."""

from __future__ import annotations

DEFAULTS = {
    "ANNUAIRE_DATA_PATH": "data",
    "ANNUAIRE_TODAY": None,  # ISO date for reproducible checks; None means the build's date
    "ANNUAIRE_HOME_SAVE_AS": "index.html",
    "ANNUAIRE_LATEST_COUNT": 6,
    "ANNUAIRE_FIELDS_URL": "contribuer/champs/",
    "ANNUAIRE_FIELDS_SAVE_AS": "contribuer/champs/index.html",
}

# URL layout of each type: (name, single, listing) path segments.
_LAYOUT = {
    "organisation": "organisations",
    "offer": "offres",
    "need": "besoins",
    "project": "projets",
    "theme": "themes",
    "commune": "communes",
}

for _name, _segment in _LAYOUT.items():
    _prefix = _name.upper()
    DEFAULTS[f"{_prefix}_URL"] = f"{_segment}/{{slug}}/"
    DEFAULTS[f"{_prefix}_SAVE_AS"] = f"{_segment}/{{slug}}/index.html"
    DEFAULTS[f"{_prefix}_LIST_URL"] = f"{_segment}/"
    DEFAULTS[f"{_prefix}_LIST_SAVE_AS"] = f"{_segment}/index.html"
    DEFAULTS[f"{_prefix}_FILTER_URL"] = f"{_segment}/{{facet}}/{{value}}/"
    DEFAULTS[f"{_prefix}_FILTER_SAVE_AS"] = f"{_segment}/{{facet}}/{{value}}/index.html"


def apply_defaults(settings: dict) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings.setdefault("PAGINATED_TEMPLATES", {})
    settings["PAGINATED_TEMPLATES"].setdefault("records", 24)
