"""Opt-in online geocoding of a street address with the French national address base (BAN).

Only called when the user asks (``--online``): nothing else in finder touches the network. It uses
geopy's ``BANFrance`` geocoder (api-adresse.data.gouv.fr, the Base Adresse Nationale); ``domain`` and
``scheme`` let the tests point it at a local server that answers in the same GeoJSON format.
The environment variable ``FINDER_BAN_URL`` (for example ``http://127.0.0.1:7878``) points finder at
another server speaking the same API, such as a self-hosted addok instance.

The whole request is bounded by ``timeout`` (not only each read). A timeout, an unreachable service or
an unreadable answer raises :class:`GeocodingError` with a message the user can read; callers then
fall back to the offline gazetteer.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from finder import __version__
from finder.errors import FinderError
from finder.i18n import tr
from finder.model import GeocodedAddress
from finder.text import neutralise

T = TypeVar("T")

BAN_DOMAIN = "api-adresse.data.gouv.fr"
BAN_URL_VARIABLE = "FINDER_BAN_URL"


class GeocodingError(FinderError):
    """The online geocoder could not answer (timeout, network, service or format error)."""


def geocode_address(
    text: str,
    *,
    timeout: float = 5.0,
    domain: str | None = None,
    scheme: str | None = None,
    proxies: dict[str, str] | None = None,
) -> GeocodedAddress | None:
    """The best BAN match for ``text``, or None when the service knows no such address.

    ``domain`` and ``scheme`` default to ``FINDER_BAN_URL`` when set, else the public BAN over https.
    ``proxies`` follows geopy (None: the system's proxy settings; ``{}``: no proxy).
    """
    text = " ".join(text.split()) if isinstance(text, str) else ""
    if not text:
        raise GeocodingError(tr("geocode.empty"))
    from geopy import exc
    from geopy.geocoders import BANFrance

    if domain is None:
        scheme, domain = _server(scheme)
    options = {} if proxies is None else {"proxies": proxies}
    geocoder = BANFrance(
        domain=domain, scheme=scheme, timeout=timeout, user_agent=f"finder/{__version__}", **options
    )
    try:
        location = _bounded(lambda: geocoder.geocode(text[:200], exactly_one=True), timeout)
    except exc.GeocoderTimedOut as error:
        raise GeocodingError(tr("geocode.timeout", seconds=f"{timeout:g}")) from error
    except exc.GeocoderParseError as error:
        raise GeocodingError(tr("geocode.bad_answer", error=_short(error))) from error
    except (exc.GeocoderUnavailable, exc.GeocoderServiceError) as error:
        raise GeocodingError(tr("geocode.unavailable", error=_short(error))) from error
    except (exc.GeopyError, ValueError, KeyError, IndexError, TypeError) as error:
        raise GeocodingError(tr("geocode.bad_answer", error=_short(error))) from error
    if location is None:
        return None
    try:
        properties = location.raw.get("properties", {}) if isinstance(location.raw, dict) else {}
        return GeocodedAddress(
            label=neutralise(str(properties.get("label") or location.address), newlines=False),
            lat=float(location.latitude),
            lon=float(location.longitude),
            postcode=_text(properties.get("postcode")),
            city=_text(properties.get("city")),
            insee=_text(properties.get("citycode")),
            score=float(properties.get("score") or 0.0),
        )
    except (TypeError, ValueError, AttributeError) as error:
        raise GeocodingError(tr("geocode.bad_answer", error=_short(error))) from error


def _bounded(call: Callable[[], T], seconds: float) -> T:
    """``call()``, given ``seconds`` in all: the geocoder's own timeout bounds each read, so a server
    sending a byte every few seconds could keep it going for ever. A late call is left to finish in a
    daemon thread; its answer is ignored."""
    from geopy import exc

    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    worker = threading.Thread(target=run, name="finder-geocode", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise exc.GeocoderTimedOut(f"no complete answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return cast("T", outcome["value"])


def _server(scheme: str | None) -> tuple[str, str]:
    """(scheme, domain) from FINDER_BAN_URL, else the public BAN."""
    url = os.environ.get(BAN_URL_VARIABLE, "").strip()
    if url:
        parts = urlsplit(url if "://" in url else f"https://{url}")
        return parts.scheme or "https", (parts.netloc + parts.path).rstrip("/")
    return scheme or "https", BAN_DOMAIN


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _short(error: Exception) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    return neutralise(message[:160], newlines=False)
