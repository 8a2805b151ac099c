"""What the rest of finder may ask of the gazetteer: a typing Protocol.

The directory's validator, the catalogue, the maintainers' tools and the conversation take any object
with these methods (the real :class:`finder.places.gazetteer.Gazetteer`, or a small double in a test),
typed as :class:`PlaceLookup` instead of ``Any``.
"""

from __future__ import annotations

from typing import Protocol

from finder.model import Commune, PlaceResolution


class PlaceLookup(Protocol):
    """Read-only questions about the French communes (INSEE codes, postcodes, names)."""

    @property
    def communes(self) -> tuple[Commune, ...]:
        """Every commune and municipal arrondissement."""
        ...

    def by_insee(self, insee: str) -> Commune | None:
        """The commune with this INSEE code (current or, where known, former), else None."""
        ...

    def by_postcode(self, postcode: str) -> tuple[Commune, ...]:
        """Every commune with this postcode."""
        ...

    def arrondissements(self, insee: str) -> tuple[Commune, ...]:
        """The municipal arrondissements of Paris, Lyon or Marseille; () for any other commune."""
        ...

    def region_name(self, code: str) -> str | None:
        """The region's name from its INSEE code."""
        ...

    def named(self, name: str) -> tuple[Commune, ...]:
        """The communes officially called ``name`` (case, accents, hyphens and St/Ste aside)."""
        ...

    def resolve(self, query: str, limit: int = 10) -> PlaceResolution:
        """The communes ``query`` may mean, best first; never raises for a string."""
        ...
