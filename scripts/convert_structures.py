"""Rebuild directory entries from the public data (structures.csv, structures_more.csv, fixes).

A maintainer's tool, never run by tests: it reads the raw data folder (default ``../shared/data``)
and writes ``directory/<region>/<id>.toml``. Existing files are kept (entries are reviewed by hand
after conversion); ``--force`` replaces them. Rows that cannot become a valid entry are listed at the
end, with the reason, for the "to add" section of ``directory/README.md``.

Conversion rules (the issue's guidance, applied to every row; nothing is invented):
- kind: ``centre`` -> sdc-centre, ``consultation`` -> sdc-consultation, ``pediatric`` -> the level its
  name states (CETD/centre -> sdc-centre, consultation -> sdc-consultation, else sdc) with
  audience child; empty -> sdc, or algology when the source says the labelling is not stated;
  ``other`` -> reference-centre for an rTMS/neuromodulation unit, algology for a private practice;
  per-row decisions of the review are in ``REVIEW`` below, each with its reason.
- rtms: a table only for ``rtms = yes``: offered, the evidence text (with the fix appended), and a
  caveat when no source is from 2022 or later; targets M1/DLPFC only when the evidence names the
  motor cortex / DLPFC; indications only for the pain types the evidence names (neuropathic pain in
  general -> the three neuropathic ids; "central" alone -> neuropathic_central; fibromyalgia).
- finess: the data's ``EJ`` numbers identify the host legal entity -> ``finess_legal``.
- sources: every URL of the row; a source given as a repository path becomes its GitHub URL;
  comments in parentheses and the source dates go to provenance notes. No last_verified.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finder.directory.files import region_slug  # noqa: E402
from finder.directory.toml_edit import render_entry  # noqa: E402
from finder.directory.tools import propose_id  # noqa: E402
from finder.places.gazetteer import load_gazetteer  # noqa: E402

HEADER = (
    "Converted from finder's public data ({file}) by scripts/convert_structures.py, then reviewed.\n"
    "Nobody has confirmed this entry yet (no last_verified): call the centre to confirm."
)

# Row-level decisions of the hand review, keyed by (name prefix, establishment prefix).
REVIEW: dict[tuple[str, str], dict[str, str]] = {
    ("Centre de traitement et d'évaluation de la douleur en psychiatrie", "Hôpital Saint-Jean-de-Dieu"): {
        "kind": "sdc-centre",
        "why": "source_date: consultation recognised by ARS 2010, became a centre in 2011",
    },
    ("Service de neurologie fonctionnelle", "Hospices Civils de Lyon"): {
        "kind": "neurology",
        "why": "a neurology department running an rTMS research protocol",
    },
    ("Unité de traitement des douleurs chroniques", "« la Phocéanne »"): {
        "why": "low confidence: a single press mention; the establishment's full name is not given",
    },
    ("CEMNIS", ""): {
        "establishment": "CEMNIS (Strasbourg)",
        "why": "host establishment not named in the sources",
    },
    ("Structure de prise en charge des douleurs chroniques (créée en mars 2016", ""): {
        "establishment": "Établissement non nommé par la source (Ajaccio)",
        "id": "ajaccio-structure-douleur",
        "kind": "sdc",
        "why": "labelled by the ARS per the source; host establishment not named in the source excerpt",
    },
    (
        "Service de stimulation magnétique transcrânienne (rTMS) – psychiatrie",
        "Centre Hospitalier Théophile",
    ): {
        "skip": "psychiatric rTMS unit centred on resistant depression; rTMS for pain not confirmed",
    },
    (
        "Unité de stimulation magnétique transcrânienne répétée (rTMS) – psychiatrie",
        "Centre hospitalier Sainte",
    ): {
        "skip": "psychiatric rTMS unit (depression, hallucinations); rTMS for pain not confirmed",
    },
}

FINESS_SOURCE = re.compile(
    r"FINESS EJ from etalab/lois-non-codifiees-et-reglements-francais: (\S+) \(commit ([0-9a-f]+)\)"
)
URL = re.compile(r"https?://\S+")
MODERN_YEAR = 2022


def read_rows(data: Path) -> list[tuple[str, dict[str, str]]]:
    rows = []
    for name in ("structures.csv", "structures_more.csv"):
        with (data / name).open(encoding="utf-8", newline="") as handle:
            rows.extend((name, row) for row in csv.DictReader(handle))
    with (data / "structures_fixes.csv").open(encoding="utf-8", newline="") as handle:
        fixes = list(csv.DictReader(handle))
    for fix in fixes:
        target = [
            row
            for _, row in rows
            if row["name"] == fix["existing_name"] and row["establishment"] == fix["existing_establishment"]
        ]
        if len(target) != 1:
            raise SystemExit(f"fix does not match exactly one row: {fix['existing_name']!r}")
        row = target[0]
        value = fix["value"]
        if fix["field"] == "rtms_evidence" and value.startswith("(append to existing evidence)"):
            value = row["rtms_evidence"] + " " + value.removeprefix("(append to existing evidence)").strip()
        row[fix["field"]] = value
        row["source"] += f" ; {fix['source']}"
    return rows


def review_of(row: dict[str, str]) -> dict[str, str]:
    for (name, establishment), decision in REVIEW.items():
        if row["name"].startswith(name) and row["establishment"].startswith(establishment):
            return decision
    return {}


def kind_of(row: dict[str, str]) -> tuple[str, list[str] | None]:
    kind, name = row["kind"], row["name"].lower()
    if kind == "centre":
        return "sdc-centre", None
    if kind == "consultation":
        return "sdc-consultation", None
    if kind == "pediatric":
        if "consultation" in name:
            return "sdc-consultation", ["child"]
        if "centre" in name or "cetd" in name:
            return "sdc-centre", ["child"]
        return "sdc", ["child"]
    if kind == "other":
        if "cabinet" in name or "private practice" in name:
            return "algology", None
        return "reference-centre", None
    if "labelling status not stated" in row["source"]:
        return "algology", None
    return "sdc", None


def split_sources(text: str) -> tuple[list[str], list[str]]:
    """(URLs, notes) from a source cell: "url (comment) ; url ; FINESS EJ from repo: path (commit)"."""
    urls: list[str] = []
    notes: list[str] = []
    for part in (p.strip() for p in text.split(" ; ") if p.strip()):
        finess = FINESS_SOURCE.search(part)
        if finess:
            path, commit = finess.groups()
            urls.append(
                f"https://github.com/etalab/lois-non-codifiees-et-reglements-francais/blob/{commit}/{path}"
            )
            notes.append("FINESS EJ (legal entity) from the etalab copy of the arrêté of 16 January 2014")
            continue
        found = URL.findall(part)
        if found:
            for url in found:
                url = url.rstrip(").,;")
                if url not in urls:
                    urls.append(url)
            comment = URL.sub("", part).strip()
            if comment:
                notes.append(comment.strip("() "))
        else:
            notes.append(part)
    return urls, notes


def rtms_table(row: dict[str, str]) -> dict | None:
    if row["rtms"] != "yes":
        return None
    evidence = row["rtms_evidence"].strip()
    text = evidence.lower()
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", row["source_date"] + " " + evidence)]
    if (not years or max(years) < MODERN_YEAR) and "check" not in text and "still" not in text:
        evidence += " Sources from before 2022 or undated: check rTMS is still offered before referring."
    targets = []
    if re.search(r"motor[- ]cortex|cortex moteur|\bm1\b", text):
        targets.append("M1")
    if "dlpfc" in text or "dorsolateral" in text:
        targets.append("DLPFC")
    indications = []
    generic = re.search(r"(?<!central )neuropathic[- ]pain", text) or "neuropathiques complexes" in (
        row["name"].lower()
    )
    if generic:
        indications += ["neuropathic_peripheral", "neuropathic_central", "neuropathic_facial"]
    elif re.search(r"central neuropathic", text):
        indications.append("neuropathic_central")
    if "fibromyalg" in text:
        indications.append("fibromyalgia")
    table: dict = {"offered": True}
    if targets:
        table["targets"] = targets
    if indications:
        table["indications"] = indications
    table["evidence"] = evidence
    return table


def convert(file: str, row: dict[str, str], gazetteer, taken: set[str]) -> tuple[Path | None, str, str]:
    """(relative path, text, reason left out)."""
    relative, entry, reason = convert_entry(row, gazetteer, taken)
    if relative is None:
        return None, "", reason
    return relative, render_entry(entry, header=HEADER.format(file=file)), ""


def convert_entry(row: dict[str, str], gazetteer, taken: set[str]) -> tuple[Path | None, dict, str]:
    """(relative path, entry tables, reason left out)."""
    decision = review_of(row)
    if "skip" in decision:
        return None, {}, decision["skip"]
    urls, notes = split_sources(row["source"])
    if not urls:
        return None, {}, "no source URL (only an unnamed third-party directory)"
    city = row["city"].strip()
    if not city:
        return None, {}, "the source does not name the unit's commune"
    establishment = decision.get("establishment", row["establishment"].strip())
    if not establishment:
        return None, {}, "host establishment not named"
    matches = gazetteer.resolve(f"{city} ({row['department']})", limit=30).matches
    in_department = [m.commune for m in matches if m.commune.department == row["department"]]
    # an arrondissement stands for its city (Marseille, Paris, Lyon): the entry names the city
    exact = [gazetteer.by_insee(c.parent_insee) if c.parent_insee else c for c in in_department]
    if not exact:
        return None, {}, f"city {city!r} not found in department {row['department']}"
    commune = exact[0]
    kind, audience = kind_of(row)
    kind = decision.get("kind", kind)
    top = {"name": row["name"].strip(), "establishment": establishment, "kind": kind, "audience": audience}
    if row["finess"].startswith("EJ "):
        top["finess_legal"] = row["finess"].removeprefix("EJ ").strip()
    address = {
        "street": row["address"].strip() or None,
        "postcode": row["postcode"].strip() or None,
        "city": city,
    }
    contact = {"phone": row["phone"].strip() or None, "website": row["website"].strip() or None}
    if row["rtms"] != "yes" and row["rtms_evidence"].strip():
        notes.append("rTMS not confirmed: " + row["rtms_evidence"].strip())
    if row["source_date"].strip():
        notes.append("Source dates: " + row["source_date"].strip())
    if "why" in decision:
        notes.append("Review: " + decision["why"])
    provenance = {"sources": urls, "notes": " | ".join(dict.fromkeys(notes)) or None}
    entry = {
        "": top,
        "address": address,
        "contact": contact,
        "rtms": rtms_table(row),
        "provenance": provenance,
    }
    entry_id = decision.get("id") or propose_id(
        establishment, commune.name, kind, audience or ["adult"], taken
    )
    taken.add(entry_id)
    relative = Path(region_slug(commune.region_name)) / f"{entry_id}.toml"
    return relative, entry, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "directory")
    parser.add_argument("--force", action="store_true", help="replace existing entry files")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    taken: set[str] = set()
    written = kept = 0
    left_out = []
    for file, row in read_rows(args.data):
        relative, text, reason = convert(file, row, gazetteer, taken)
        if relative is None:
            left_out.append(
                f"- {row['name']} — {row['establishment'] or '?'} ({row['department']}): {reason}"
            )
            continue
        target = args.out / relative
        if target.exists() and not args.force:
            kept += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(".tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(target)
        written += 1
    print(f"{written} written, {kept} kept (exist; --force to replace), {len(left_out)} left out:")
    print("\n".join(left_out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
