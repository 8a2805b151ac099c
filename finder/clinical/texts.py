"""The sourced clinical sentences finder prints, in the current language.

Every sentence lives in ``finder/data/clinical/texts.toml`` with its French and English text and its
``source`` (domain.md section and original reference), so a clinician reviews them in one place. Code
calls the named functions below (or :func:`text` with a key); it never paraphrases these sentences.
"""

from __future__ import annotations

from finder.clinical.data import load, pair
from finder.i18n import pick


def _entries() -> dict[str, dict[str, str]]:
    return load("texts.toml")


def sentence_keys() -> tuple[str, ...]:
    return tuple(_entries())


def text(key: str, language: str | None = None) -> str:
    """The sentence ``key`` in the current (or given) language; an unknown key raises ``KeyError``."""
    return pick(pair(_entries()[key]), language)


def source(key: str) -> str:
    """Where the sentence ``key`` comes from (domain.md section and reference)."""
    return _entries()[key]["source"]


def rtms_status() -> str:
    """rTMS for pain: recommended by learned societies, not evaluated by the HAS, not reimbursed."""
    return text("rtms_status")


def rtms_course() -> str:
    """Typical course: 20-45 min sessions, induction over one to four weeks, maintenance, varies."""
    return text("rtms_course")


def screening_weighed() -> str:
    """A yes on the safety questionnaire is never an automatic exclusion: the rTMS team weighs it."""
    return text("screening_not_exclusion")


def sdc_first() -> str:
    """The SDC evaluates first; rTMS is proposed, if at all, by the specialist team afterwards."""
    return text("sdc_first")


def sdc_outcomes() -> str:
    """What happens after the SDC evaluation (HAS 2008 annexe)."""
    return text("sdc_outcomes")


def sdc_not_acute() -> str:
    return text("sdc_not_acute")


def chronic_definition(child: bool = False) -> str:
    """The chronic-pain definition (HAS 2008), or the children's one (more than one month)."""
    return text("chronic_definition_child" if child else "chronic_definition")


def dn4_positive() -> str:
    return text("dn4_positive")


def dn4_interview_caveat() -> str:
    """DN4-interview: probable, to be confirmed by examination; a screening, not a diagnosis."""
    return text("dn4_interview_caveat")


def dn4_purpose() -> str:
    """The DN4 does not measure intensity nor follow treatment."""
    return text("dn4_purpose")


def dn4_children() -> str:
    return text("dn4_children")


def dn4_supports() -> str:
    """A positive DN4 supports a neuropathic category, never overrides the chosen one."""
    return text("dn4_supports")


def no_evidence_level() -> str:
    """No recommendation level established: SDC evaluation, rTMS not suggested as a next step."""
    return text("no_evidence_level")


def stroke_not_contraindication() -> str:
    return text("stroke_not_contraindication")


def intensity_instruction() -> str:
    """The numeric rating scale (EN 0-10) instruction."""
    return text("intensity_instruction")


def centre_confirms() -> str:
    """The tool routes, it does not prescribe: the receiving team confirms eligibility."""
    return text("centre_confirms")
