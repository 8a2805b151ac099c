"""How finder names a commune, everywhere: one function, three levels of detail.

- ``"code"``: ``Valence (26)``, the syntax that names one commune exactly (``--near "Valence (26)"``);
- ``"department"``: ``Valence (26, Drôme)``, a candidate told apart from its namesakes;
- ``"postcode"``: ``Saint-Étienne (42000, Loire)``, a town as a person writes it on a letter.
"""

from __future__ import annotations

from typing import Literal

from finder.model import Commune

Detail = Literal["code", "department", "postcode"]


def commune_label(commune: Commune, detail: Detail = "code") -> str:
    """The commune's name with what tells it apart (see the module docstring)."""
    if detail == "department":
        return f"{commune.name} ({commune.department}, {commune.department_name})"
    if detail == "postcode":
        postcode = commune.postcodes[0] if commune.postcodes else commune.department
        return f"{commune.name} ({postcode}, {commune.department_name})"
    return f"{commune.name} ({commune.department})"
