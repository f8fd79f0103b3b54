"""Every setting a plugin or the core declares is documented in the README, and only those.

The README's table (between the `settings` markers) is the declarations written
out: a setting added without its line, or a line left after its setting is
gone, fails here with the table to paste.
"""

from __future__ import annotations

import importlib.util

from conftest import ROOT

from annuaire.record_types import KINDS, RecordType
from annuaire.settings import SETTINGS

PLUGINS = ("directory_records", "directory_images", "directory_pages", "directory_search", "directory_matching", "directory_cooperation",
           "directory_agenda", "directory_opendata", "directory_feeds", "directory_admin", "directory_map", "directory_contribute",
           "directory_sitemap")
START, END = "<!-- settings:start -->", "<!-- settings:end -->"


def declared() -> list[tuple[str, object]]:
    """(owner, Setting) of every declared setting: the shared ones, then each plugin's."""
    found = [("annuaire", setting) for setting in SETTINGS]
    for name in PLUGINS:
        # Loaded from its file, as Pelican's PLUGIN_PATHS finds it.
        spec = importlib.util.spec_from_file_location(name, ROOT / "plugins" / name / "__init__.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found += [(name, setting) for setting in module.PLUGIN.settings]
    return found


def _cell(value) -> str:
    return f"`{value!r}`" if not isinstance(value, dict) else "see below"


def expected_table() -> str:
    """The README's table: one line a setting; a type's URL settings once, for every type."""
    lines = ["| setting | plugin | default | what it sets |", "| --- | --- | --- | --- |"]
    url_names = {kind.setting(suffix) for kind in KINDS for suffix in ("URL", "SAVE_AS", "LIST_URL", "LIST_SAVE_AS", "FILTER_URL", "FILTER_SAVE_AS")}
    settings = declared()
    for owner, setting in settings:
        if setting.name in url_names:
            continue
        lines.append(f"| `{setting.name}` | {owner} | {_cell(setting.default)} | {setting.doc} |")
    for suffix, doc in (("URL", "address of a record's page"), ("SAVE_AS", "file of a record's page"),
                        ("LIST_URL", "address of the type's listing"), ("LIST_SAVE_AS", "file of the type's listing"),
                        ("FILTER_URL", "address of a listing filtered by a facet value "),
                        ("FILTER_SAVE_AS", "file of a filtered listing (record types)")):
        default = next(s.default for _, s in settings if s.name == KINDS[1].setting(suffix))
        kinds = [kind for kind in KINDS if isinstance(kind, RecordType) or not suffix.startswith("FILTER")]
        lines.append(f"| `<TYPE>_{suffix}` | annuaire | `{default.replace('offres', '<segment>')!r}` | {doc}; TYPE: "
                     + ", ".join(kind.name.upper() for kind in kinds) + " |")
    return "\n".join(lines)


def test_every_setting_is_documented_and_every_documented_setting_exists():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert START in readme and END in readme, f"the README needs a settings table between {START} and {END}"
    table = readme.split(START, 1)[1].split(END, 1)[0].strip()
    expected = expected_table()
    assert table == expected, f"README's table of settings is out of date; it should read:\n{expected}"


def test_pelican_conf_sets_only_declared_or_pelican_settings():
    """pelican.conf.py keeps what a site owner changes: none of it repeats a default."""
    defaults = {setting.name: setting.default for _, setting in declared()}
    settings: dict = {}
    exec(compile((ROOT / "pelican.conf.py").read_text("utf-8"), "pelican.conf.py", "exec"), {"__file__": str(ROOT / "pelican.conf.py")}, settings)
    from_environment = {"ANNUAIRE_TODAY", "ADMIN_BACKEND", "CONTRIBUTE_REPOSITORY"}  # set by CI or a maintainer's shell, else the default
    repeated = [name for name, value in settings.items() if name in defaults and value == defaults[name] and name not in from_environment]
    assert repeated == []
