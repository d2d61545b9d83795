"""``export --format html``: the kaart as one self-contained web page.

Built with jinja2 (autoescaping on) from ``templates/kaart.html.j2``; CSS and
JavaScript are inlined, so the page makes no request to any other address and
works offline, from a USB stick or attached to an e-mail. A Content Security
Policy allows only the page's own script (by its hash), so even an escaping
mistake could not run injected code. The search index is one JSON document
in a ``<script type="application/json">`` block, with ``<``, ``>``, ``&`` and
the JavaScript line separators escaped so no data can close the block.
Text from the data goes through :func:`wijkwijzer.text.visible` first.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
from pathlib import Path

from wijkwijzer import __version__
from wijkwijzer.i18n import Messages, _, language, ngettext
from wijkwijzer.text import GENERIC_WORDS, short_rol, visible

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: sentences the page's JavaScript shows (the template uses ``_()`` directly)
JS_TEXT = Messages({
    "none": ("Niets gevonden voor '{q}'. Probeer een organisatie, wijk, stadsdeel, postcode of thema, zoals "
             "'zeehelden bomen' of '2518 bomen'."),
    "shown": "{n} van {m} stadsdelen getoond.",
    "thema": "Thema: {naam}.",
    "first": "Eerste aanspreekpunt",
    "now": "Nu bereikbaar",
    "then": "Daarna (escalatie)",
    "also": "Ook gevonden: {names}.",
    "in_sd": "stadsdeel {naam}",
    "pick_thema": "Voeg een thema toe (bijv. 'bomen') voor het aanspreekpunt voor dat thema.",
    "pc_none": "Postcode {pc} staat niet op deze kaart. Probeer uw wijk of organisatie.",
    "pc_also": "Deze postcode ligt ook in {names}; woont u daar, typ dan uw wijk.",
})
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _inert(value):
    """*value* with every string made visible (control and bidi characters as
    escapes), recursively through lists and dicts."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [_inert(v) for v in value]
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    return value


def script_json(obj) -> str:
    """*obj* as JSON that is safe inside an HTML ``<script>`` block: no
    ``</script>``, ``<!--`` or line separator can appear in it."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return "".join(_SCRIPT_UNSAFE.get(ch, ch) for ch in text)


def write_html(doc: dict, index: dict, today: _dt.date | None = None) -> bytes:
    """Render the page for a kaart document (:func:`wijkwijzer.lookup.kaart.kaart`
    without PLAATS) and its search index (:func:`wijkwijzer.lookup.kaart.area_answers`).

    Returns the page as UTF-8 bytes. Personal data is never part of either
    input, so the page can be shared."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
                             trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)
    env.filters["kort"] = short_rol  # a rol without its explanation, so a stadsdeel stays one A4 page
    js = (TEMPLATES / "kaart.js").read_text(encoding="utf-8")
    css = (TEMPLATES / "kaart.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    payload = dict(_inert(index), teksten={k: JS_TEXT[k] for k in JS_TEXT},
                   generiek=sorted(GENERIC_WORDS),
                   stadsdelen={a["id"]: a["naam"] for a in _inert(doc["gebieden"])})
    names = {t["id"]: t["naam"] for t in payload["themas"]}

    def thema_namen(ids: list[str]) -> str:
        return "; ".join(_("alle themas") if t == "*" else names.get(t, t) for t in ids)

    page = env.get_template("kaart.html.j2").render(
        thema_namen=thema_namen, doc=_inert(doc), css=Markup(css), js=Markup(js), script_hash=digest,
        lang=language(), index=Markup(script_json(payload)), version=__version__,
        today=(today or _dt.date.today()).isoformat())
    return page.encode("utf-8")
