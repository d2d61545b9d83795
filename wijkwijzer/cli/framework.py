"""The framework's own words in the chosen language, ``--lang`` on every
command, and the Dutch command words.

typer 0.28 vendors click as ``typer._click`` with click's gettext calls
stripped: "Usage:", "Show this message and exit.", "Error:", "Missing
argument" are plain English literals there. typer's own module
``typer.core`` still marks its words with ``gettext`` ("Options",
"Arguments", "Commands", "required", "default: {default}", "No such command
{name!r}."), so those are translated by giving that module our gettext
function (:func:`_typer_gettext`). The rest goes through the classes here:

- :class:`Group` is the root group (``typer.Typer(cls=Group)``). When typer
  builds the command tree it walks every command once (:func:`prepare`):
  gives it :class:`Context` (whose :class:`Formatter` writes "Gebruik:" and
  translates the help option's line and the type names in metavars), adds
  ``--lang``, and passes every help text through gettext (so a literal
  ``help="..."`` in a command module is translated too).
- :meth:`Group.main` shows usage errors itself (:func:`usage_error`):
  click's English sentences are recognised by the patterns in
  :data:`PATTERNS` and rewritten in the chosen language.

``tests/test_framework_words.py`` fails when a typer upgrade changes one of
these English sentences or the ``typer.core`` gettext words, so an upgrade
cannot silently bring English back.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer import _click as click
from typer import core as typer_core

from wijkwijzer.cli.aliases import ALIASES
from wijkwijzer.cli.metavars import metavar
from wijkwijzer.i18n import LANGUAGES, Messages, _, set_language

#: typer.core's gettext words (English, as in typer/core.py) -> Dutch msgid
TYPER_WORDS = Messages({
    "Arguments": "Argumenten",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "(dynamic)": "(dynamisch)",
    "Missing command.": "Er ontbreekt een opdracht.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Aborted!": "Afgebroken.",
})

WORDS = Messages({
    "usage": "Gebruik: ",
    "options_metavar": "[OPTIES]",
    "command_metavar": "OPDRACHT [ARGUMENTEN]...",
    "help_option": "Toon deze hulp en stop.",
    "lang": "Taal van de uitvoer: nl (Nederlands, standaard) of en (Engels); ook via WIJKWIJZER_LANG.",
    "try": "Probeer '{command} {option}' voor hulp.",
    "error": "Fout: {message}",
    "invalid_for": "Ongeldige waarde voor {hint}: {message}",
    "invalid": "Ongeldige waarde: {message}",
    "missing_argument": "Ontbrekend argument{hint}.",
    "missing_option": "Ontbrekende optie{hint}.",
    "missing_parameter": "Ontbrekende parameter{hint}.",
    "possible": "(mogelijke opties: {names})",
    "at_least": "minimaal {low}",
    "at_most": "hoogstens {high}",
    "between": "{low} t/m {high}",
})

#: click's own English messages (as in typer/_click/*.py and typer/_types.py,
#: typer/models.py, typer/core.py) -> the key of their Dutch text in ERRORS
PATTERNS: list[tuple[re.Pattern, str]] = [(re.compile(p, re.S), key) for p, key in [
    (r"(?P<message>.*?)\.? Did you mean (?P<names>.*)\?", "did_you_mean"),
    (r"No such option: (?P<name>.*)", "no_such_option"),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", "extra_args"),
    (r"Option (?P<name>'.*') requires an argument\.", "requires_value"),
    (r"Option (?P<name>'.*') requires (?P<n>\d+) arguments\.", "requires_values"),
    (r"Option (?P<name>'.*') does not take a value\.", "no_value"),
    (r"(?P<value>.*) is not a valid boolean\. Recognized values: (?P<states>.*)", "not_boolean"),
    (r"(?P<value>.*) is not a valid (?P<type>[\w ]+)\.", "not_valid"),
    (r"(?P<value>.*) is not in the range (?P<range>.*)\.", "not_in_range"),
    (r"(?P<value>.*) is not one of (?P<choices>.*)\.", "not_one_of"),
    (r"\w+ (?P<path>'.*') does not exist\.", "not_exists"),
    (r"\w+ (?P<path>'.*') is a directory\.", "is_directory"),
    (r"\w+ (?P<path>'.*') is a file\.", "is_file"),
    (r"\w+ (?P<path>'.*') is not readable\.", "not_readable"),
    (r"\w+ (?P<path>'.*') is not writable\.", "not_writable"),
]]
ERRORS = Messages({
    "did_you_mean": "{message}. Bedoelde u {names}?",
    "no_such_option": "Onbekende optie: {name}",
    "extra_args": "Onverwachte extra argumenten ({args}).",
    "requires_value": "Optie {name} heeft een waarde nodig.",
    "requires_values": "Optie {name} heeft {n} waarden nodig.",
    "no_value": "Optie {name} heeft geen waarde.",
    "not_boolean": "{value} is geen ja/nee-waarde. Mogelijk: {states}",
    "not_valid": "{value} is geen geldig(e) {type}.",
    "not_in_range": "{value} ligt niet in het bereik {range}.",
    "not_one_of": "{value} is niet een van {choices}.",
    "not_exists": "{path} bestaat niet.",
    "is_directory": "{path} is een map.",
    "is_file": "{path} is een bestand.",
    "not_readable": "{path} is niet leesbaar.",
    "not_writable": "{path} is niet schrijfbaar.",
})
#: click's type names (in metavars such as ``<path>`` and in "is not a valid integer")
TYPE_NAMES = Messages({
    "str": "tekst", "text": "tekst", "path": "pad", "integer": "geheel getal", "int": "geheel getal",
    "float": "getal", "boolean": "ja/nee", "choice": "keuze", "filename": "bestandsnaam",
    "directory": "map", "file": "bestand", "int range": "geheel getal", "float range": "getal",
})
#: typer's shell-completion options (typer/completion.py): English help -> Dutch msgid
COMPLETION = Messages({
    "Install completion for the current shell.": "Installeer tab-aanvulling voor deze shell.",
    "Show completion for the current shell, to copy it or customize the installation.":
        "Toon het tab-aanvullingsscript voor deze shell, om te kopiëren of zelf te installeren.",
    "installed": "Tab-aanvulling voor {shell} geïnstalleerd in {path}",
    "restart": "De aanvulling werkt zodra u de terminal opnieuw start.",
})
_METAVAR = re.compile(r"<(\w+)>")
#: click's range descriptions (``x>=1``, ``0<=x<=100``) -> the key of their words in WORDS
_RANGES = [(re.compile(p), key) for p, key in [
    (r"(?P<low>-?[\d.]+)<=x<=(?P<high>-?[\d.]+)", "between"),
    (r"x>=(?P<low>-?[\d.]+)", "at_least"),
    (r"x<=(?P<high>-?[\d.]+)", "at_most"),
]]
#: the braces typer puts around a required argument in the usage line (``{PLAATS}``)
_REQUIRED = re.compile(r"\{([^{}\s]+)\}")


def describe_ranges(text: str) -> str:
    """*text* with click's range descriptions (``x>=1``) in words of the language in force."""
    for pattern, key in _RANGES:
        text = pattern.sub(lambda m, key=key: WORDS[key].format(**m.groupdict()), text)
    return text


def _typer_gettext(message: str) -> str:
    """typer.core's ``_``: its English word in the language in force."""
    return TYPER_WORDS[message] if message in TYPER_WORDS else message


typer_core._ = _typer_gettext


def translate_message(message: str) -> str:
    """One of click's English error sentences in the language in force
    (unchanged when it is none of :data:`PATTERNS`)."""
    for pattern, key in PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            parts = match.groupdict()
            if "message" in parts:
                parts["message"] = translate_message(parts["message"])
            if "range" in parts:
                parts["range"] = describe_ranges(parts["range"])
            if "type" in parts and parts["type"] in TYPE_NAMES:
                parts["type"] = TYPE_NAMES[parts["type"]]
            return ERRORS[key].format(**parts)
    return message


def _hint(exc) -> str:
    hint = exc.param_hint if exc.param_hint is not None else (
        exc.param.get_error_hint(exc.ctx) if exc.param is not None else None)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(repr(h) for h in hint)
    return hint or ""


def error_message(exc) -> str:
    """The sentence of a click exception (after "Fout: "), translated."""
    exceptions = click.exceptions
    if isinstance(exc, exceptions.MissingParameter):
        hint = _hint(exc)
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
        key = {"argument": "missing_argument", "option": "missing_option"}.get(kind, "missing_parameter")
        return WORDS[key].format(hint=f" {hint}" if hint else "")
    if isinstance(exc, exceptions.BadParameter):
        hint = _hint(exc)
        message = translate_message(exc.message)
        return WORDS["invalid_for"].format(hint=hint, message=message) if hint else \
            WORDS["invalid"].format(message=message)
    if isinstance(exc, exceptions.NoSuchOption):
        message = translate_message(exc.message)
        if exc.possibilities:
            message += " " + WORDS["possible"].format(names=", ".join(sorted(exc.possibilities)))
        return message
    return translate_message(exc.format_message())


def usage_error(exc) -> None:
    """Show a click exception as click does (usage line, the hint, "Error:
    ..."), in the language in force, on stderr."""
    echo = click.echo
    if isinstance(exc, click.exceptions.UsageError) and exc.ctx is not None:
        hint = ""
        if exc.ctx.command.get_help_option(exc.ctx) is not None:
            hint = WORDS["try"].format(command=exc.ctx.command_path, option=exc.ctx.help_option_names[0]) + "\n"
        echo(f"{exc.ctx.get_usage()}\n{hint}", err=True, color=exc.ctx.color)
    echo(WORDS["error"].format(message=error_message(exc)), err=True)


class Formatter(click.HelpFormatter):
    """click's help formatter with the usage prefix, the help option's line
    and the type names of metavars in the language in force."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _REQUIRED.sub(r"\1", args), WORDS["usage"] if prefix is None else prefix)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        def row(first: str, second: str) -> tuple[str, str]:
            first = _METAVAR.sub(lambda m: f"<{TYPE_NAMES[m[1]] if m[1] in TYPE_NAMES else m[1]}>", first)
            return first, WORDS["help_option"] if second == "Show this message and exit." else describe_ranges(second)

        super().write_dl([row(*r) for r in rows], col_max, col_spacing)


class Context(typer.Context):
    """click's context with :class:`Formatter`."""

    formatter_class = Formatter


def _choose_language(ctx, param, value: str | None) -> None:
    # The console script chose the language from argv before importing the
    # commands (their help texts are read at import); this keeps an in-process
    # call (tests, CliRunner) consistent for everything read from now on.
    if value:
        set_language(value)


def _install_completion(ctx, param, value) -> None:
    """typer's install callback, with its two sentences in the chosen language."""
    if not value or ctx.resilient_parsing:
        return
    from typer.completion import install

    shell, path = install(shell=value) if isinstance(value, str) else install()
    click.echo(COMPLETION["installed"].format(shell=shell, path=path))
    click.echo(COMPLETION["restart"])
    sys.exit(0)


def lang_option():
    """The ``--lang nl|en`` option every command gets."""
    from typer._types import TyperChoice

    return typer_core.TyperOption(param_decls=["--lang"], type=TyperChoice(LANGUAGES), metavar="nl|en",
                                  expose_value=False, is_eager=True, callback=_choose_language,
                                  help=WORDS["lang"])


def prepare(command) -> None:
    """Make *command* (and everything under it) speak the chosen language:
    :class:`Context`, ``--lang``, translated help texts and metavars."""
    command.context_class = Context
    for attr in ("help", "short_help", "epilog"):
        if getattr(command, attr, None):
            setattr(command, attr, _(getattr(command, attr)))
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = WORDS["options_metavar"]
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
        param.metavar = metavar(param)
    if not any("--lang" in p.opts for p in command.params):
        command.params.append(lang_option())
    for sub in getattr(command, "commands", {}).values():
        if getattr(sub, "subcommand_metavar", None) == "COMMAND [ARGS]...":
            sub.subcommand_metavar = WORDS["command_metavar"]
        prepare(sub)


class Group(typer.core.TyperGroup):
    """The root group: Dutch command words (:data:`wijkwijzer.cli.aliases.ALIASES`),
    the framework's words in the chosen language, ``--lang`` everywhere."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = WORDS["command_metavar"]
        prepare(self)

    def get_command(self, ctx, cmd_name: str):
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))

    def format_commands(self, ctx, formatter) -> None:
        """The commands, each once, with its Dutch word beside the verb."""
        words: dict[str, list[str]] = {}
        for alias, name in ALIASES.items():
            words.setdefault(name, []).append(alias)
        commands = [(", ".join([name, *words.get(name, [])]), cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _cmd in commands)
            with formatter.section(TYPER_WORDS["Commands"]):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])

    def shell_complete(self, ctx, incomplete: str):
        """Commands, their Dutch words and options that start with *incomplete*."""
        from typer._click.shell_completion import CompletionItem

        results = super().shell_complete(ctx, incomplete)
        return results + [CompletionItem(alias, help=self.commands[name].get_short_help_str())
                          for alias, name in ALIASES.items()
                          if alias.startswith(incomplete) and name in self.commands]

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode: bool = True, **extra):
        """typer's main, with usage errors and "Aborted!" shown in the chosen language."""
        for param in self.params:  # typer adds its completion options after __init__
            if param.help in COMPLETION:
                param.help = COMPLETION[param.help]
            if "--install-completion" in param.opts:
                param.callback = _install_completion
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        exceptions = click.exceptions
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except exceptions.ClickException as exc:
            usage_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            click.echo(TYPER_WORDS["Aborted!"], err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)
