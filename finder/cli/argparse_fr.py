"""French for argparse's own words ("usage:", "error:", "options"...).

argparse translates its messages with ``gettext`` under the "argparse" domain, but no French catalogue
ships with Python. Rather than a compiled .mo file, finder maps the handful of messages a user can
meet; anything not listed stays in English.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from finder.errors import UsageError

T = TypeVar("T")

FRENCH = {
    "usage: ": "usage : ",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut être %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "valeur %(value)r invalide (type attendu : %(type)s)",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (valeurs possibles : %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "not allowed with argument %s": "incompatible avec l'argument %s",
}


def _english(message: str) -> str:
    return message


def _french(message: str) -> str:
    return FRENCH.get(message, message)


def use_language(language: str) -> None:
    """Make argparse speak ``language`` (its module-level ``_`` is looked up at each call)."""
    argparse._ = _french if language == "fr" else _english  # type: ignore[attr-defined]


def answer_type(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse ``type=`` from one of :mod:`finder.intake.answers`' parsers.

    The command line and the conversation then share one parser per answer: the same bounds, units
    and messages. argparse prefixes the message with the option's name.
    """

    def convert(text: str) -> T:
        try:
            return parse(text)
        except UsageError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    convert.__name__ = parse.__name__.removeprefix("parse_")
    return convert
