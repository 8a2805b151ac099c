"""Rebuild the shipped directory from the public data, with the re-check of 2026-11-30 applied.

A maintainer's tool, never run by tests. It reads the CSV inputs copied into ``scripts/data/`` (see
``scripts/data/PROVENANCE.md``) and writes every ``directory/<region>/<id>.toml`` again:

1. ``structures.csv`` + ``structures_more.csv`` + ``structures_fixes.csv`` are converted as by
   ``scripts/convert_structures.py`` (same rules, same ids).
2. Each row of ``structures_recheck_2026.csv`` marked ``already_known = yes`` is matched to the entry of
   its first conversion (same department, closest establishment and name; each entry once) and
   brings its fresher sources, phone with its ``phone_kind``, website, ages, the level when the first
   conversion did not know it, rTMS evidence and notes. A phone without a stated kind is not kept as
   a contact (it stays in the notes). New rows (``already_known = no``) are added or listed under
   "to add" by :data:`NEW_ROWS`, each with its reason.
3. ``hosts_contacts_2026.csv`` gives streets, switchboards and coordinates of the host hospitals;
   :data:`HOSTS` says which entries each row may complete and with which values (a headquarters'
   switchboard reaches every unit of the hospital; its street does not locate the unit). CEDEX
   postcodes are never used (only a postcode of the entry's commune is); coordinates only within
   the validator's 30 km of the commune.
4. :data:`CURATION` holds the per-entry decisions of the re-check: status (closed, suspended, reopened),
   population, public descriptions (fr/en), research-only rTMS, a corrected website.
5. :data:`PUBLIC` gives the structures' own public names where the data's name or establishment holds
   a curator's remark (kept in the notes) or a fact for users (moved to the description).

Curators' remarks stay in ``provenance.notes``; only ``description`` is public text.
Run: ``python scripts/rebuild_directory.py [--out directory] [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from convert_structures import convert_entry, read_rows, rtms_table, split_sources  # noqa: E402

from finder.directory.files import region_slug  # noqa: E402
from finder.directory.toml_edit import render_entry  # noqa: E402
from finder.directory.validate import MAX_DISTANCE_KM  # noqa: E402
from finder.places.distance import geodesic_km  # noqa: E402
from finder.places.gazetteer import load_gazetteer  # noqa: E402
from finder.text import fold  # noqa: E402

DATA = ROOT / "scripts" / "data"
RECHECK = "structures_recheck_2026.csv"
HOSTS_FILE = "hosts_contacts_2026.csv"
RECHECK_DATE = "2026-11-30"
HEADER = (
    "Built from finder's public data (scripts/data: {files}) by scripts/rebuild_directory.py.\n"
    "Nobody has confirmed this entry yet (no last_verified): call the centre to confirm."
)

KINDS = {"centre": "sdc-centre", "consultation": "sdc-consultation"}
AGES = {"adults": None, "children": ["child"], "both": ["adult", "child"]}

# --- new rows of the re-check: added (with what the review decided) or left for a maintainer -------
# keyed by the start of the row's establishment
NEW_ROWS: dict[str, dict[str, Any]] = {
    "Hospices Civils de Lyon": {
        "kind": "sdc-centre",
        "establishment": "Hospices Civils de Lyon",
        "description": {
            "fr": "Existence connue par une seule source (page du Centre Léon Bérard) : site et contact "
            "non renseignés, à confirmer avant d'adresser.",
            "en": "Known from a single source (a Centre Léon Bérard page): site and contact not given, "
            "confirm before referring.",
        },
        "why": "low detail: existence only, from the Centre Léon Bérard page; kind from the name it gives",
    },
    "Centre Léon Bérard": {
        "kind": "sdc",
        "establishment": "Centre Léon Bérard",
        "population": ["cancer"],
        "description": {
            "fr": "Structure douleur labellisée d'un centre de lutte contre le cancer, pour les patients "
            "atteints de cancer. Le numéro est celui de l'équipe infirmière douleur.",
            "en": "Labelled pain structure of a cancer centre, for patients with cancer. The number is "
            "the pain nurses' team.",
        },
        "why": "labelled per its own page; cancer patients; level not stated",
    },
    "Centre Hospitalier Intercommunal de Haute-Comté": {
        "kind": "sdc-consultation",
        "status": {
            "state": "closed",
            "source": "https://france3-regions.francetvinfo.fr/bourgogne-franche-comte/doubs/c-est-vraiment-dur-"
            "de-se-faire-soigner-aujourd-hui-a-l-hopital-de-pontarlier-la-consultation-douleur-va-fermer-ses-"
            "portes-faute-de-medecin-2788910.html",
        },
        "description": {
            "fr": "Consultation fermée faute de médecin (France 3) ; ses patients sont réorientés vers le "
            "CHU de Besançon.",
            "en": "Consultation closed for lack of a doctor (France 3); its patients are redirected to the "
            "CHU de Besançon.",
        },
        "why": "closed / suspended for lack of a doctor: kept so that nobody adds it back as active",
    },
    "Hôpital Paris Saint-Joseph": {"kind": "sdc-centre", "why": "CETD per the hospital's own page"},
    "CHRU de Tours – Hôpital de Clocheville": {
        "kind": "sdc-consultation",
        "id": "chru-tours-hopital-clocheville-enfants",
        "why": "labelled by the ARS Centre-Val de Loire per a 2024 article",
    },
    "not named in source": {"to_add": "host establishment not named (a 2025 abstract on the local network)"},
    "Institut de Cancérologie de l'Ouest (ICO) – René Gauducheau": {
        "to_add": "commune not stated; cancer pain only; ARS label not stated"
    },
    "Institut Curie": {"to_add": "the site (Paris or Saint-Cloud) of the pain consultation is not stated"},
    "AP-HP, CHU Bicêtre": {
        "to_add": "low confidence: only a 2005 author affiliation; check the unit still exists"
    },
    "CHU de Limoges": {"to_add": "low confidence: only a 1998 article; current unit, site and label unknown"},
    "Centre hospitalier du Val d'Ariège": {
        "to_add": "low confidence: a 2015 press item; site (Saint-Jean-de-Verges or Lavelanet) and label "
        "unknown"
    },
    "Centre Hospitalier Départemental de Tarbes": {
        "to_add": "low confidence, historical (early 2000s): current existence and location unknown"
    },
}

# --- per-entry decisions of the re-check ---------------------------------------------------------------
_CANCER_CENTRE = {
    "fr": "Structure douleur d'un centre de lutte contre le cancer : elle s'adresse d'abord aux patients "
    "atteints de cancer.",
    "en": "Pain structure of a cancer centre: it is meant first for patients with cancer.",
}
CURATION: dict[str, dict[str, Any]] = {
    "hospices-civils-lyon-hopital-neurologique-lyon-neurologie": {
        "routine": False,
        "description": {
            "fr": "rTMS dans le cadre d'un protocole de recherche (essai clinique), pas une offre de soins "
            "courante.",
            "en": "rTMS within a research protocol (clinical trial), not routine care.",
        },
    },
    "centre-hospitalier-aurillac-douleur": {
        "status": {
            "state": "active",
            "source": "https://radiototem.net/amp/le-centre-antidouleur-du-centre-hospitalier-d-aurillac-a-"
            "nouveau-fonctionnel",
            "date": date(2024, 12, 16),
        },
    },
    "ajaccio-structure-douleur": {
        "description": {
            "fr": "L'hôpital d'Ajaccio a déménagé sur le site du Stiletto en 2023 : vérifiez le lieu de la "
            "consultation.",
            "en": "Ajaccio hospital moved to the Stiletto site in 2023: check where the consultation is "
            "held.",
        },
    },
    # the stored pages are on a pre-production mirror host; the entry points to the CHU's own domain
    "chu-poitiers-douleur": {"website": "https://www.chu-poitiers.fr/specialites/douleur/"},
    "gustave-roussy-villejuif-douleur": {"population": ["cancer"], "description": _CANCER_CENTRE},
    "institut-bergonie-bordeaux-douleur": {
        "population": ["cancer"],
        "description": {
            "fr": "Unité douleur d'un centre de lutte contre le cancer : environ 80 % de ses patients ont un "
            "cancer (Sud-Ouest, 2018), elle reçoit aussi d'autres douleurs.",
            "en": "Pain unit of a cancer centre: about 80% of its patients have cancer (Sud-Ouest, 2018); it "
            "also sees other pain.",
        },
    },
    "institut-cancerologie-ouest-site-paul-papin-angers-douleur": {
        "population": ["cancer"],
        "description": _CANCER_CENTRE,
    },
    "centre-leon-berard-lyon-douleur": {"population": ["cancer"]},
    "hopital-saint-jean-dieu-lyon-douleur": {
        "population": ["psychiatry"],
        "description": {
            "fr": "Structure douleur dédiée aux patients souffrant de troubles psychiatriques (adressés par "
            "un CMP ou leur médecin).",
            "en": "Pain structure dedicated to patients with psychiatric disorders (referred by a CMP or "
            "their doctor).",
        },
    },
    "centre-hospitalier-lisieux-douleur": {
        "population": ["geriatrics"],
        "description": {
            "fr": "Consultations douleur et soins palliatifs du pôle gériatrie de l'hôpital.",
            "en": "Pain and palliative care consultations of the hospital's geriatrics department.",
        },
    },
}


# --- public names ---------------------------------------------------------------------------------
# The data's names carry the curators' remarks ("as spelled in source", a doctor's name, a label year,
# a share of cancer patients...). An entry's name and establishment are the structure's own public
# names; a remark is kept in provenance.notes (the data's wording, in full), and what a patient or GP
# must know goes into the public description (fr/en), appended to the curation's when there is one.
_AGE_16 = {"fr": "Patients de 16 ans et plus.", "en": "Patients aged 16 and over."}
_LABEL_HDF = "Structure douleur chronique de type centre"
PUBLIC: dict[str, dict[str, Any]] = {
    "cabinet-medical-liberal-beaumont-douleur": {
        "name": "Cabinet de médecine de la douleur",
        "description": {
            "fr": "Cabinet libéral : ce n'est pas une structure douleur chronique labellisée par l'ARS.",
            "en": "Private practice: not a chronic pain structure labelled by the ARS.",
        },
    },
    "centre-hospitalier-emile-roux-puy-velay-douleur": {
        "name": "Unité douleur – structure d'évaluation et de traitement de la douleur",
        "description": {
            "fr": "Patients de plus de 15 ans et 1 mois ; hôpital de jour.",
            "en": "Patients over 15 years and 1 month; day hospital.",
        },
    },
    "chu-saint-etienne-enfants": {"name": "Unité fonctionnelle Douleur pédiatrique"},
    "hopital-saint-jean-dieu-lyon-douleur": {
        "name": "Centre de traitement et d'évaluation de la douleur en psychiatrie"
    },
    "hospices-civils-lyon-douleur": {
        "name": "Centre d'évaluation et de traitement de la douleur des Hospices Civils de Lyon"
    },
    "hospices-civils-lyon-hopital-neurologique-lyon-neurologie": {
        "name": "Service de neurologie fonctionnelle et épileptologie"
    },
    "chu-dijon-bourgogne-douleur": {"name": "Centre d'évaluation et de traitement de la douleur (CETD)"},
    "hopital-chinon-douleur": {"name": "Structure douleur", "establishment": "Hôpital de Chinon"},
    "ajaccio-structure-douleur": {
        "name": "Structure de prise en charge des douleurs chroniques",
        "establishment": "Centre hospitalier d'Ajaccio",
    },
    "cemnis-strasbourg-rtms": {"name": "CEMNIS – Centre de neuroModulation Non Invasive de Strasbourg"},
    "chu-nancy-hopital-central-douleur": {
        "name": "Centre d'évaluation et de traitement de la douleur (CETD) adultes – hôpital Central"
    },
    "chu-nancy-hopital-enfants-enfants": {
        "name": "Centre d'évaluation et de traitement de la douleur (CETD) enfants – hôpital d'enfants"
    },
    "ghrmsa-hopital-emile-muller-mulhouse-douleur": {
        "name": "Centre d'évaluation et de traitement de la douleur (CETD) du GHRMSA – unité de Mulhouse",
        "description": {
            "fr": "Patients de 16 ans et plus ; consultations et hôpital de jour de "
            "Rééducation-Rhumatologie.",
            "en": "Patients aged 16 and over; consultations and the rehabilitation-rheumatology day "
            "hospital.",
        },
    },
    "ghrmsa-hopital-thann-douleur": {
        "name": "Centre d'évaluation et de traitement de la douleur (CETD) du GHRMSA – unité de Thann",
        "description": {
            "fr": "Patients de 16 ans et plus ; consultations, gestes techniques au plateau technique de "
            "Thann.",
            "en": "Patients aged 16 and over; consultations, technical procedures at Thann hospital.",
        },
    },
    "chu-guadeloupe-pointe-pitre-douleur": {
        "name": "Consultation douleurs",
        "description": {
            "fr": "Rattachée à l'équipe mobile douleurs – soins palliatifs.",
            "en": "Attached to the mobile pain and palliative care team.",
        },
    },
    "centre-hospitalier-berck-douleur": {"name": _LABEL_HDF, "establishment": "Centre Hospitalier de Berck"},
    "centre-hospitalier-valenciennes-douleur": {"name": _LABEL_HDF},
    "chu-lille-douleur": {"name": _LABEL_HDF},
    "centre-hospitalier-lens-douleur": {
        "name": "Structure de prise en charge de la douleur chronique (consultation douleur)",
        "description": _AGE_16,
    },
    "chu-amiens-picardie-douleur": {
        "name": "Centre d'étude et de traitement de la douleur",
        "description": {
            "fr": "Consultations externes, hôpital de jour et hospitalisation.",
            "en": "Outpatient consultations, day hospital and inpatient stays.",
        },
    },
    "polyclinique-parc-saint-saulve-douleur": {"name": "Unité douleur chronique"},
    "ap-hp-hopital-ambroise-pare-boulogne-billancourt-douleur": {
        "name": "Centre d'évaluation et de traitement de la douleur (CETD)",
        "establishment": "AP-HP, Hôpital Ambroise-Paré",
    },
    "ap-hp-hopital-cochin-paris-douleur": {
        "name": "Centre antidouleur",
        "description": {
            "fr": "Propose un programme d'éducation thérapeutique (Fibroschool).",
            "en": "Offers a therapeutic-education programme (Fibroschool).",
        },
    },
    "ap-hp-hopital-henri-mondor-creteil-rtms": {
        "name": "Service de Physiologie – Explorations Fonctionnelles"
    },
    "ap-hp-hopital-lariboisiere-paris-douleur": {"name": "Département douleur et soins palliatifs"},
    "ap-hp-hopital-raymond-poincare-garches-douleur": {
        "name": "Centre anti-douleur / structure douleur chronique"
    },
    "gustave-roussy-villejuif-douleur": {
        "name": "Centre de traitement de la douleur",
        "establishment": "Gustave Roussy",
    },
    "hopital-foch-suresnes-douleur": {
        "name": "Centre d'étude et de traitement de la douleur (CETD)",
        "description": {
            "fr": "Consultations au secteur jaune F-3 (service d'anesthésie).",
            "en": "Consultations in the yellow sector F-3 (anaesthesia department).",
        },
    },
    "clinique-orchidees-port-douleur": {
        "name": "Centre d'évaluation et de traitement de la douleur (service d'algologie)"
    },
    "centre-hospitalier-lisieux-douleur": {
        "name": "Consultations externes douleur et soins palliatifs",
        "description": {
            "fr": "Secrétariat au 1er étage du pavillon modulaire, de 9 h à 16 h 20.",
            "en": "Secretariat on the first floor of the modular building, 9:00 to 16:20.",
        },
    },
    "chu-caen-douleur": {
        "name": "Centre d'évaluation et de traitement de la douleur (CETD) / consultation pluridisciplinaire "
        "douleur chronique de Basse-Normandie"
    },
    "hopital-j-monod-havre-douleur": {
        "establishment": "Hôpital Jacques-Monod (Le Havre)",
        "description": {"fr": "Au 1er étage, hall Sud.", "en": "First floor, South hall."},
    },
    "chu-poitiers-site-chatellerault-douleur": {
        "name": "Consultation douleur – CHU de Poitiers, site de Châtellerault",
        "description": {
            "fr": "Consultations avancées du centre de Poitiers.",
            "en": "Outreach consultations of the Poitiers centre.",
        },
    },
    "institut-bergonie-bordeaux-douleur": {"name": "Centre douleur", "establishment": "Institut Bergonié"},
    "chu-nimes-douleur": {"name": "Centre d'évaluation et de traitement de la douleur (CETD)"},
    "institut-cancerologie-ouest-site-paul-papin-angers-douleur": {
        "name": "Structure douleur chronique (SDC) de l'ICO Paul Papin"
    },
    "clinique-breteche-nantes-douleur": {"name": "Centre d'évaluation et de traitement de la douleur (CETD)"},
    "chu-nice-hopital-pasteur-douleur": {
        "name": "Centre d'évaluation et de traitement de la douleur (CETD) – Hôpital Pasteur"
    },
    "phoceanne-marseille-douleur": {
        "establishment": "La Phocéanne",
        "description": {
            "fr": "Connue par une seule mention de presse : à confirmer avant d'adresser.",
            "en": "Known from a single press mention: confirm before referring.",
        },
    },
}


def apply_public(entry: dict[str, Any], decision: dict[str, Any]) -> None:
    """The structure's own public names; the data's wording kept in the notes, a user's facts in the
    description."""
    top = entry[""]
    for key in ("name", "establishment"):
        if key in decision and decision[key] != top[key]:
            _note(entry, f"{key.capitalize()} in the data: {top[key]}")
            top[key] = decision[key]
    if "description" in decision:
        old = entry.get("description") or {}
        entry["description"] = {
            lang: " ".join(filter(None, (old.get(lang), decision["description"][lang])))
            for lang in ("fr", "en")
        }


@dataclass(frozen=True)
class HostUse:
    ids: tuple[str, ...]
    fields: frozenset[str]  # street, postcode, switchboard, pain_phone, coords, city
    why: str


# keyed by the start of hosts_contacts_2026.csv's establishment
HOSTS: dict[str, HostUse] = {
    "Centre hospitalier d'Aurillac": HostUse(
        ("centre-hospitalier-aurillac-douleur",), frozenset({"street"}), "main site"
    ),
    "CHU de Clermont-Ferrand": HostUse(
        ("chu-clermont-ferrand-douleur",),
        frozenset({"street", "postcode", "coords"}),
        "Gabriel-Montpied site, where the CETD is",
    ),
    "CHU de Saint-Étienne, Hôpital Nord": HostUse(
        ("chu-saint-etienne-douleur",),
        frozenset({"street", "postcode", "coords", "pain_phone", "city"}),
        "Hôpital Nord (Saint-Priest-en-Jarez), the CETD's site per its papers",
    ),
    "Hôpital Saint-Jean-de-Dieu": HostUse(
        ("hopital-saint-jean-dieu-lyon-douleur",), frozenset({"street"}), ""
    ),
    "HCL – Hôpital neurologique": HostUse(
        ("hospices-civils-lyon-hopital-neurologique-lyon-neurologie",),
        frozenset({"street", "postcode", "coords", "city"}),
        "the hospital lies in Bron",
    ),
    "CHU de Besançon": HostUse(("chu-besancon-douleur",), frozenset({"street", "coords"}), "Jean-Minjoz"),
    "CHU Dijon Bourgogne": HostUse(
        ("chu-dijon-bourgogne-douleur",),
        frozenset({"switchboard", "coords"}),
        "street left out: two conflicting addresses, one from a low-authority guide",
    ),
    "CHU de Rennes": HostUse(("chu-rennes-douleur",), frozenset({"street", "switchboard"}), "Pontchaillou"),
    "CHRU de Nancy": HostUse(
        ("chu-nancy-hopital-central-douleur", "chu-nancy-hopital-enfants-enfants"),
        frozenset({"switchboard"}),
        "CHRU-wide switchboard; the street is the Hôpital Central's, the coordinates Brabois'",
    ),
    "CHU Amiens-Picardie": HostUse(
        ("chu-amiens-picardie-douleur",), frozenset({"street", "switchboard", "coords"}), "site sud"
    ),
    "CHU de Lille": HostUse(
        ("chu-lille-douleur", "chu-lille-hopital-roger-salengro-enfants"),
        frozenset({"switchboard", "coords"}),
        "CHU headquarters: its switchboard reaches the units, its street does not locate them",
    ),
    "AP-HP Hôpital Cochin": HostUse(
        ("ap-hp-hopital-cochin-paris-douleur",), frozenset({"street", "postcode", "coords"}), ""
    ),
    "AP-HP Hôpital d'enfants Armand-Trousseau": HostUse(
        ("ap-hp-hopital-enfants-armand-trousseau-paris-enfants",),
        frozenset({"street", "postcode", "coords"}),
        "",
    ),
    "AP-HP Hôpital européen Georges-Pompidou": HostUse(
        ("ap-hp-hopital-europeen-georges-pompidou-paris-douleur",),
        frozenset({"street", "postcode", "switchboard", "coords"}),
        "",
    ),
    "AP-HP Hôpital Henri-Mondor": HostUse(
        ("ap-hp-hopital-henri-mondor-creteil-rtms",), frozenset({"street", "coords"}), ""
    ),
    "AP-HP Hôpital Lariboisière": HostUse(
        ("ap-hp-hopital-lariboisiere-paris-douleur",), frozenset({"street", "postcode", "switchboard"}), ""
    ),
    "AP-HP Hôpital Raymond-Poincaré": HostUse(
        ("ap-hp-hopital-raymond-poincare-garches-douleur",), frozenset({"street", "coords"}), ""
    ),
    "AP-HP Hôpital Rothschild": HostUse(
        ("ap-hp-hopital-rothschild-paris-douleur",), frozenset({"street", "postcode", "coords"}), ""
    ),
    "GHU Paris Psychiatrie & Neurosciences": HostUse(
        ("centre-hospitalier-sainte-anne-paris-douleur",), frozenset({"street", "postcode", "coords"}), ""
    ),
    "Gustave Roussy": HostUse(
        ("gustave-roussy-villejuif-douleur",), frozenset({"street", "switchboard", "coords"}), ""
    ),
    "CHU de La Réunion, site Félix-Guyon": HostUse(
        ("chu-reunion-chu-nord-saint-denis-douleur",), frozenset({"street"}), "old JO decision"
    ),
    "Clinique des Orchidées": HostUse(("clinique-orchidees-port-douleur",), frozenset({"street"}), ""),
    "CHU de Caen": HostUse(("chu-caen-douleur",), frozenset({"street", "coords"}), ""),
    "CHU de Poitiers": HostUse(
        ("chu-poitiers-douleur",), frozenset({"street", "switchboard"}), "la Milétrie"
    ),
    "Institut Bergonié": HostUse(
        ("institut-bergonie-bordeaux-douleur",), frozenset({"street", "coords"}), ""
    ),
    "CHU de Toulouse": HostUse(
        ("chu-toulouse-enfants",),
        frozenset({"street", "switchboard", "coords"}),
        "Purpan site, where the hôpital des Enfants is; switchboard from an old CHU document",
    ),
    "Centre hospitalier du Mans": HostUse(
        ("centre-hospitalier-mans-douleur",), frozenset({"street", "coords"}), ""
    ),
    "CHU d'Angers": HostUse(
        ("chu-angers-douleur", "chu-angers-enfants"), frozenset({"street", "postcode", "coords"}), ""
    ),
    "CHU de Nantes": HostUse(
        ("chu-nantes-douleur",),
        frozenset({"switchboard"}),
        "CHU-wide switchboard; the CETD's site not stated",
    ),
    "Institut de Cancérologie de l'Ouest": HostUse(
        ("institut-cancerologie-ouest-site-paul-papin-angers-douleur",), frozenset({"street", "coords"}), ""
    ),
    "AP-HM Hôpital de la Timone": HostUse(
        ("ap-hm-hopital-timone-marseille-douleur",), frozenset({"street", "postcode", "coords"}), ""
    ),
    "CHU de Nice": HostUse(
        ("chu-nice-hopital-pasteur-douleur",), frozenset({"switchboard"}), "CHU-wide switchboard"
    ),
    "Clinique Bouchard": HostUse(
        ("clinique-bouchard-marseille-douleur",), frozenset({"street", "postcode"}), ""
    ),
}
# Host rows not used, and why: Émile-Roux, Tours, Chinon, Ajaccio, GHRMSA, Guadeloupe, Béthune, Lens,
# Valenciennes, Nemours, CHU Sud Réunion, Esquirol, Nîmes, CHICAS (nothing citable found); Somain (an
# inconsistent aggregator page); Berck (which establishment hosts the CETD is unclear); Montpellier
# (the head office, not a site).


def read_csv(name: str, data: Path) -> list[dict[str, str]]:
    with (data / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _key(row: dict[str, str]) -> str:
    return fold(f"{row['establishment']} {row['name']}")


def match_recheck(old: list[dict[str, str]], recheck: list[dict[str, str]]) -> dict[int, int]:
    """Re-check row index -> first-data row index: same department, best establishment+name score,
    highest scores first, each row once."""
    from rapidfuzz import fuzz

    pairs = []
    for i, row in enumerate(recheck):
        if row["already_known"] != "yes":
            continue
        for j, other in enumerate(old):
            if other["department"] == row["department"]:
                pairs.append((fuzz.token_set_ratio(_key(row), _key(other)), i, j))
    pairs.sort(key=lambda p: -p[0])
    matched: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in pairs:
        if i in matched or j in used or score < 60:
            continue
        matched[i] = j
        used.add(j)
    missing = [
        recheck[i]["name"] for i, r in enumerate(recheck) if r["already_known"] == "yes" and i not in matched
    ]
    if missing:
        raise SystemExit(f"re-check rows without a match: {missing}")
    return matched


def _notes(entry: dict[str, Any]) -> list[str]:
    text = entry["provenance"].get("notes") or ""
    return [part for part in text.split(" | ") if part]


def _add_sources(entry: dict[str, Any], text: str, *, newest: bool = False) -> None:
    """The URLs of ``text`` into the entry's sources: ``newest`` ones (the re-check's, a status source)
    first, so that ``sources[0]`` is the freshest page about the unit (the contact line's "source
    page"); a host hospital's pages last."""
    urls, notes = split_sources(text)
    sources = entry["provenance"]["sources"]
    if newest:
        fresh = list(dict.fromkeys(urls))
        sources[:] = fresh + [url for url in sources if url not in fresh]
    else:
        sources.extend(url for url in dict.fromkeys(urls) if url not in sources)
    kept = _notes(entry)
    kept += [note for note in notes if note not in kept]
    entry["provenance"]["notes"] = " | ".join(kept) or None


def _note(entry: dict[str, Any], text: str) -> None:
    entry["provenance"]["notes"] = " | ".join([*_notes(entry), text])


def apply_recheck(entry: dict[str, Any], row: dict[str, str], commune) -> None:
    """Fresher facts of a re-check row on the entry of its first conversion."""
    _add_sources(entry, row["source"], newest=True)
    top, contact, address = entry[""], entry["contact"], entry["address"]
    if top["kind"] == "sdc" and row["kind"] in KINDS:
        top["kind"] = KINDS[row["kind"]]
    if row["ages"] in AGES:
        top["audience"] = AGES[row["ages"]]
    phone, kind = row["phone"].strip(), row["phone_kind"].strip()
    if phone and kind:
        contact["phone"], contact["phone_kind"] = phone, kind
    elif phone:
        contact["phone"] = contact["phone_kind"] = None
        _note(entry, f"Phone {phone} left out of contact: no source says what it reaches")
    if row["website"].strip():
        contact["website"] = row["website"].strip()
    postcode = row["postcode"].strip()
    if postcode and postcode in commune.postcodes:
        address["postcode"] = postcode
    if row["rtms"] == "yes":
        entry["rtms"] = rtms_table(row)
    if row["label_status"].strip():
        _note(entry, "Label: " + row["label_status"].strip())
    if row["notes"].strip():
        _note(entry, f"Re-check {RECHECK_DATE}: " + row["notes"].strip())
    if row["source_date"].strip():
        _note(entry, "Re-check source dates: " + row["source_date"].strip())


_STREET = re.compile(
    r"^\d|\b(rue|avenue|boulevard|route|place|cours|rond-point|chemin|allée)\b", re.IGNORECASE
)


def apply_host(entry: dict[str, Any], host: dict[str, str], use: HostUse, gazetteer, commune) -> Any:
    """The host hospital's street, postcode, switchboard, coordinates; returns the entry's commune."""
    address, contact = entry["address"], entry["contact"]
    if "city" in use.fields:
        named = [
            c for c in gazetteer.named(host["city"].strip() or host["commune"]) if c.parent_insee is None
        ]
        if len(named) == 1:
            commune = named[0]
            address["city"] = commune.name
    street = host["street"].strip()
    if "street" in use.fields and street and _STREET.search(street):
        location = address.get("street")
        same = location and fold(street) in fold(location)
        address["street"] = location if same else street + (f" ({location})" if location else "")
    postcode = host["postcode"].strip()
    if "postcode" in use.fields and postcode in commune.postcodes:
        address["postcode"] = postcode
    elif address.get("postcode") not in (None, *commune.postcodes):
        address["postcode"] = None
    if "pain_phone" in use.fields and host["pain_phone"].strip():
        contact["phone"], contact["phone_kind"] = host["pain_phone"].strip(), host["pain_phone_kind"].strip()
    elif "switchboard" in use.fields and host["switchboard"].strip() and not contact.get("phone"):
        contact["phone"], contact["phone_kind"] = host["switchboard"].strip(), "switchboard"
    if "coords" in use.fields and host["lat"].strip() and host["lon"].strip():
        lat, lon = float(host["lat"]), float(host["lon"])
        if geodesic_km((lat, lon), (commune.lat, commune.lon)) <= MAX_DISTANCE_KM:
            address["lat"], address["lon"] = lat, lon
    _add_sources(entry, host["source"])
    _note(entry, "Host contacts: " + "; ".join(filter(None, (use.why, host["notes"].strip()))))
    return commune


def apply_curation(entry: dict[str, Any], decision: dict[str, Any]) -> None:
    top = entry[""]
    for key in ("population", "kind", "establishment"):
        if key in decision:
            top[key] = decision[key]
    if "description" in decision:
        entry["description"] = dict(decision["description"])
    if "status" in decision:
        entry["status"] = dict(decision["status"])
        _add_sources(entry, decision["status"]["source"], newest=True)
    if "routine" in decision and entry.get("rtms"):
        entry["rtms"]["routine"] = decision["routine"]
    if "website" in decision:
        entry["contact"]["website"] = decision["website"]


def _lookup(table: dict[str, Any], establishment: str) -> Any:
    for prefix, value in table.items():
        if establishment.startswith(prefix):
            return value
    return None


def build(data: Path) -> tuple[dict[Path, str], list[str]]:
    """(relative path -> entry text, "to add" lines)."""
    gazetteer = load_gazetteer()
    old = [row for _, row in read_rows(data)]
    recheck = read_csv(RECHECK, data)
    hosts = read_csv(HOSTS_FILE, data)
    matched = match_recheck(old, recheck)
    by_old = {j: i for i, j in matched.items()}
    taken: set[str] = set()
    entries: dict[str, tuple[Path, dict[str, Any], Any]] = {}
    to_add: list[str] = []
    for j, row in enumerate(old):
        relative, entry, reason = convert_entry(row, gazetteer, taken)
        if relative is None:
            to_add.append(f"- {row['name']} — {row['establishment'] or '?'} ({row['department']}): {reason}")
            continue
        entry.setdefault("contact", {})
        commune = _commune(gazetteer, entry)
        if j in by_old:
            apply_recheck(entry, recheck[by_old[j]], commune)
        entries[relative.stem] = (relative, entry, commune)
    for row in recheck:
        if row["already_known"] == "yes":
            continue
        decision = _lookup(NEW_ROWS, row["establishment"])
        if decision is None:
            raise SystemExit(f"new re-check row without a decision: {row['establishment']!r}")
        if "to_add" in decision:
            to_add.append(
                f"- {row['name']} — {row['establishment']} ({row['department']}): {decision['to_add']}"
            )
            continue
        first = {**row, "kind": "", "rtms": "unknown", "rtms_evidence": "", "finess": row["finess"]}
        first["establishment"] = decision.get("establishment", row["establishment"])
        relative, entry, reason = convert_entry(first, gazetteer, taken)
        if relative is None:
            raise SystemExit(f"new row not convertible: {row['name']!r}: {reason}")
        entry.setdefault("contact", {})
        commune = _commune(gazetteer, entry)
        entry[""]["kind"] = decision["kind"]
        apply_recheck(entry, {**row, "kind": ""}, commune)
        entry[""]["kind"] = decision["kind"]
        apply_curation(entry, decision)
        _note(entry, "Review: " + decision["why"])
        if "id" in decision:
            relative = relative.with_name(decision["id"] + ".toml")
        entries[relative.stem] = (relative, entry, commune)
    for host in hosts:
        use = _lookup(HOSTS, host["establishment"])
        if use is None:
            continue
        for entry_id in use.ids:
            relative, entry, commune = entries[entry_id]
            entries[entry_id] = (relative, entry, apply_host(entry, host, use, gazetteer, commune))
    for entry_id, decision in CURATION.items():
        if entry_id in entries:
            apply_curation(entries[entry_id][1], decision)
        else:
            raise SystemExit(f"curation for an unknown entry: {entry_id}")
    for entry_id, decision in PUBLIC.items():
        if entry_id not in entries:
            raise SystemExit(f"public names for an unknown entry: {entry_id}")
        apply_public(entries[entry_id][1], decision)
    for _, entry, _ in entries.values():  # a number is shown only with what it reaches
        contact = entry["contact"]
        if contact.get("phone") and not contact.get("phone_kind"):
            _note(entry, f"Phone {contact['phone']} left out of contact: no source says what it reaches")
            contact["phone"] = None
    texts = {}
    files = "structures.csv, structures_more.csv, structures_fixes.csv, " + f"{RECHECK}, {HOSTS_FILE}"
    for relative, entry, commune in entries.values():
        region = Path(region_slug(commune.region_name))
        texts[region / relative.name] = render_entry(entry, header=HEADER.format(files=files))
    return texts, to_add


def _commune(gazetteer, entry: dict[str, Any]):
    city = entry["address"]["city"]
    named = [c for c in gazetteer.named(city) if c.parent_insee is None] or list(gazetteer.named(city))
    postcode = entry["address"].get("postcode")
    if postcode:
        named = [
            c
            for c in named
            if postcode in c.postcodes
            or any(postcode in a.postcodes for a in gazetteer.arrondissements(c.insee))
        ] or named
    return named[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "directory")
    args = parser.parse_args(argv)
    texts, to_add = build(args.data)
    for old in args.out.glob("*/*.toml"):
        if old.relative_to(args.out) not in texts:
            old.unlink()
    for relative, text in sorted(texts.items()):
        target = args.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_suffix(".tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(target)
    print(f"{len(texts)} entries written to {args.out}; {len(to_add)} rows left for a maintainer:")
    print("\n".join(to_add))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
