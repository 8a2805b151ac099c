"""``finder pain TEXT [--json]``: match a free-text pain description to the pain categories.

The warning signs the text seems to mention come first (safety rule A), with
the urgent advice and how to confirm them on a route; they are proposed, never applied: JSON
``alerts`` (ids), ``alert_signs`` (id, label, the words found) and ``alert_advice``.
"""

from __future__ import annotations

import argparse
import json

from finder.errors import NoResult, UsageError
from finder.i18n import tr
from finder.text import shown


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="+", metavar="TEXT", help=tr("clinical.pain.option.text"))
    parser.add_argument("--json", action="store_true", help=tr("cli.option.json"))


def _alert_advice(ids: list[str]) -> str:
    """What to do with the signs the text mentions (rule A: proposed, the user confirms)."""
    from finder.clinical.alerts import urgent_line

    return tr("clinical.pain.alerts.advice", urgent=urgent_line(), ids=" ".join(ids))


def run(args: argparse.Namespace) -> int:
    from finder.clinical.alert_detect import find_alerts
    from finder.clinical.alerts import get_sign
    from finder.clinical.pain import categories, get_category, match_pain

    text = " ".join(" ".join(args.text).split())
    if not text and not args.json:
        raise UsageError(tr("clinical.pain.empty"))
    matches = match_pain(text)
    hits = find_alerts(text)
    ids = [hit.sign for hit in hits]
    if args.json:
        document = {
            "text": text,
            "alerts": ids,
            "alert_signs": [
                {"id": hit.sign, "label": get_sign(hit.sign).label(), "words": hit.words} for hit in hits
            ],
            "alert_advice": _alert_advice(ids) if ids else None,
            "results": [
                {
                    "category": m.category,
                    "label": get_category(m.category).label,
                    "score": m.score,
                    "matched": list(m.matched),
                }
                for m in matches
            ],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        if hits:  # first: the warning signs come before any pain structure
            print(tr("clinical.pain.alerts.heading"))
            for hit in hits:
                print(
                    tr(
                        "clinical.pain.alerts.item",
                        id=hit.sign,
                        label=get_sign(hit.sign).label(),
                        words=hit.words,
                    )
                )
            print(_alert_advice(ids))
            print()
        labels = {c.id: c.short_label for c in categories()}
        rows = [(m.category, f"{m.score:.0f}", ", ".join(m.matched), labels[m.category]) for m in matches]
        if rows:
            headers = (
                tr("clinical.pain.header.category"),
                tr("clinical.pain.header.score"),
                tr("clinical.pain.header.matched"),
            )
            width_id = max(len(headers[0]), *(len(r[0]) for r in rows))
            width_score = max(len(headers[1]), 3)
            print(f"{headers[0]:<{width_id}}  {headers[1]:>{width_score}}  {headers[2]}")
            for category, score, matched, label in rows:
                print(f"{category:<{width_id}}  {score:>{width_score}}  {matched}")
                print(f"{'':<{width_id}}  {'':>{width_score}}  ({label})")
            print()
            print(tr("clinical.pain.note"))
    if not matches:
        every_label = "; ".join(c.short_label for c in categories())
        raise NoResult(tr("clinical.pain.no_match", text=shown(text), labels=every_label))
    return 0
