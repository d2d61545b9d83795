#!/usr/bin/env python3
"""Keep the message catalogs in step with the code: extract, update, compile, check.

    python3 scripts/i18n.py            # update + compile, then list what still needs English
    python3 scripts/i18n.py extract    # write wijkwijzer/locale/wijkwijzer.pot
    python3 scripts/i18n.py update     # merge the sources into nl/en .po (nl msgstr = msgid)
    python3 scripts/i18n.py compile    # .po -> .mo (what the program and the wheel use)
    python3 scripts/i18n.py check      # exit 1 if a catalog is stale, untranslated or not compiled

The Dutch text in the code is the msgid. Extracted are: every string in a
``Messages({...})`` table (nested tables too), the first argument of ``_()``,
``N_()`` and ``gettext()``, both of ``ngettext()``, and literal ``help=``,
``short_help=`` and ``epilog=`` arguments (the CLI translates those when it
builds the command tree, see ``wijkwijzer/cli/framework.py``). From the jinja2
templates (``wijkwijzer/**/*.j2``, e.g. the kaart web page) babel's jinja2
extractor (``jinja2.ext.babel_extract``) takes ``_()``, ``gettext()`` and
``ngettext()``, the callables ``wijkwijzer.formats.html`` installs. After a merge
that added Dutch strings: run this script without arguments, fill in the new
``msgstr`` entries it lists in ``wijkwijzer/locale/en/LC_MESSAGES/wijkwijzer.po``
(remove a ``#, fuzzy`` line once its guess is right), and run it again.

Needs babel (the ``test`` extra); the program itself only needs stdlib gettext.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wijkwijzer"
LOCALE = PACKAGE / "locale"
DOMAIN = "wijkwijzer"
LANGUAGES = ("nl", "en")
SOURCE_LANGUAGE = "nl"
HELP_KEYWORDS = ("help", "short_help", "epilog")
CALLS = ("_", "N_", "gettext")
#: babel's keyword specs for the funcnames the extractor yields (ngettext: two msgids)
KEYWORDS = {name: None for name in ("Messages", *CALLS, *HELP_KEYWORDS)} | {"ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}|%\((\w+)\)s")
#: options of babel's jinja2 extractor: the environment of wijkwijzer.formats.html;
#: not silent, so a template that does not parse fails the extraction instead of losing its messages
JINJA_OPTIONS = {"trim_blocks": "true", "lstrip_blocks": "true", "newstyle_gettext": "true", "silent": "false"}
JINJA_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def po_path(lang: str) -> Path:
    """The .po source of *lang*."""
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    """The compiled .mo of *lang* (shipped in the wheel)."""
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _table_strings(node: ast.AST):
    """Every string value of a ``Messages({...})`` dict literal, nested dicts included."""
    if isinstance(node, ast.Dict):
        for value in node.values:
            yield from _table_strings(value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.lineno, node.value


def extract_wijkwijzer(fileobj, keywords, comment_tags, options):
    """babel extraction method (a callable ``babel.messages.extract.extract``
    accepts): yields ``(lineno, funcname, message, comments)`` for the message
    forms listed in the module docstring."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        args = node.args
        if func == "Messages" and args:
            for lineno, text in _table_strings(args[0]):
                yield lineno, func, text, []
        elif func in CALLS and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            yield node.lineno, func, args[0].value, []
        elif func == "ngettext" and len(args) >= 2 and all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:2]):
            yield node.lineno, func, (args[0].value, args[1].value), []
        for kw in node.keywords:
            if kw.arg in HELP_KEYWORDS and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                yield kw.value.lineno, kw.arg, kw.value.value, []


def extract():
    """The template: a babel Catalog of every message in wijkwijzer/**/*.py and
    in the jinja2 templates wijkwijzer/**/*.j2."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract as run_extract
    from jinja2.ext import babel_extract

    catalog = Catalog(project="wijkwijzer", domain=DOMAIN, charset="utf-8", fuzzy=False)
    methods = [("*.py", extract_wijkwijzer, KEYWORDS, {}),
               ("*.j2", babel_extract, JINJA_KEYWORDS, JINJA_OPTIONS)]
    for pattern, method, keywords, options in methods:
        for path in sorted(PACKAGE.rglob(pattern)):
            rel = path.relative_to(ROOT).as_posix()
            with path.open("rb") as fh:
                for lineno, message, comments, _context in run_extract(method, fh, keywords,
                                                                       options=options):
                    catalog.add(message, None, [(rel, lineno)], auto_comments=comments)
    return catalog


def _read(path: Path, lang: str):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="wijkwijzer", charset="utf-8", fuzzy=False)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


def _po_bytes(catalog) -> bytes:
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    # no line numbers and no dates: a merge that moves code does not touch the catalogs
    write_po(buf, catalog, width=100, include_lineno=False, omit_header=False, sort_output=True,
             ignore_obsolete=True)
    text = re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", buf.getvalue())
    return text


def _mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    import datetime

    # fixed dates: compiling the same .po twice gives the same bytes (the check compares them)
    catalog.creation_date = catalog.revision_date = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def _fill_source(catalog) -> None:
    """Dutch is the source language: its msgstr is the msgid."""
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")


def updated(lang: str):
    """The catalog of *lang* merged with the sources (not written)."""
    template = extract()
    catalog = _read(po_path(lang), lang)
    catalog.update(template, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    if lang == SOURCE_LANGUAGE:
        _fill_source(catalog)
    return catalog


def cmd_extract() -> int:
    """Write the template wijkwijzer/locale/wijkwijzer.pot."""
    (LOCALE / f"{DOMAIN}.pot").write_bytes(_po_bytes(extract()))
    return 0


def cmd_update() -> int:
    """Merge the sources into every .po file."""
    for lang in LANGUAGES:  # a fresh template each: babel shares Message objects with it
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        po_path(lang).write_bytes(_po_bytes(updated(lang)))
    return 0


def cmd_compile() -> int:
    """Compile every .po file to its .mo."""
    for lang in LANGUAGES:
        mo_path(lang).write_bytes(_mo_bytes(_read(po_path(lang), lang)))
    return 0


def _placeholders(text: str) -> list[str]:
    """The ``{name}`` (str.format) and ``%(name)s`` (jinja2) placeholders of *text*, sorted."""
    return sorted(brace or percent for brace, percent in PLACEHOLDER.findall(text))


def problems() -> list[str]:
    """Everything wrong with the catalogs, one line each (empty: all is well):
    a source message missing from a .po or a .po message no longer in the
    sources (stale), an English message untranslated or fuzzy, a translation
    whose ``{placeholders}`` differ from the msgid's, a .mo that is not the
    compiled .po."""
    template = extract()
    wanted = {m.id if isinstance(m.id, str) else m.id[0]: m for m in template if m.id}
    found: list[str] = []
    for lang in LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            found.append(f"{path.relative_to(ROOT)}: ontbreekt")
            continue
        catalog = _read(path, lang)
        have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
        for key in sorted(wanted.keys() - have.keys()):
            where = ", ".join(f"{f}:{n}" for f, n in wanted[key].locations[:2])
            found.append(f"{lang}: niet in de catalogus (verouderd): {key!r} ({where})")
        for key in sorted(have.keys() - wanted.keys()):
            found.append(f"{lang}: niet meer in de code (verouderd): {key!r}")
        for key, message in sorted(have.items()):
            if key not in wanted:
                continue
            if wanted[key].pluralizable != message.pluralizable:
                found.append(f"{lang}: meervoud veranderd: {key!r}")
                continue
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
            if "fuzzy" in message.flags or not all(strings):
                found.append(f"{lang}: onvertaald: {key!r}")
                continue
            for text in strings:
                if _placeholders(text) != _placeholders(ids[0]):
                    found.append(f"{lang}: andere {{plaatshouders}} dan de msgid: {key!r} -> {text!r}")
            if lang == SOURCE_LANGUAGE and tuple(strings) != tuple(ids):
                found.append(f"{lang}: msgstr wijkt af van de msgid (de code is de bron): {key!r}")
        mo = mo_path(lang)
        if not mo.exists() or mo.read_bytes() != _mo_bytes(catalog):
            found.append(f"{mo.relative_to(ROOT)}: niet gecompileerd uit de .po (draai 'compile')")
    return found


def cmd_check() -> int:
    """Print the problems; exit 1 if there are any."""
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


def cmd_all() -> int:
    """update + compile, then report what is left to translate."""
    cmd_update()
    cmd_compile()
    found = problems()
    for line in found:
        print(line)
    if found:
        print(f"\n{len(found)} te doen: vul de msgstr in {po_path('en').relative_to(ROOT)} in "
              "en draai dit script opnieuw.")
    return 1 if found else 0


COMMANDS = {"extract": cmd_extract, "update": cmd_update, "compile": cmd_compile, "check": cmd_check,
            "all": cmd_all}


def main(argv: list[str]) -> int:
    """Run the command named in *argv* (default: all). Returns the exit code."""
    name = argv[0] if argv else "all"
    if name not in COMMANDS or len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    return COMMANDS[name]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
