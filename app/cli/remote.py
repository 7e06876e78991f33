"""What every command against a server shares: its options, the client, exit statuses, errors, output.

The server is --url (LANTAI_URL, default http://127.0.0.1:8000), the token --token
(LANTAI_TOKEN); these commands never read a database. Conventions, the same for each:
  --format text|json|csv  text for people (in --lang), JSON exactly as the API answers,
                          CSV where the API has it;
  --lang zh|en            the language of text and of the server's messages (default:
                          from LC_ALL, LC_MESSAGES or LANG: zh_* is zh, anything else en);
  --timeout SECONDS       each request gives up after this long; a 429 or 503 with
                          Retry-After is sent again (at most 3 times) only within it;
  -o FILE                 where a binary export goes (never XLSX bytes on a terminal).
Exit status: 0 done; 1 refused by the server (4xx) or --fail-on matched; 2 usage or
configuration (a bad option, a file that cannot be read or written); 3 the server
unreachable, silent past --timeout, or answering 5xx (or 429 after the retries).
Errors are one line on stderr, `lantai: <ErrorName>: <detail>`, never a traceback.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import BinaryIO, TypeAlias

from lantai_client import DEFAULT_TIMEOUT_SECONDS, DEFAULT_URL, ConnectionFailed, Lantai, LantaiError

from app.cli.progress import is_terminal

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3
EXIT_REFUSED = EXIT_FOUND  # the server said no: the same status as bad news found
LANGUAGE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set decides
Handler = Callable[[argparse.Namespace], int]
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """A command that cannot run as given (exit 2): said as `lantai: UsageError: <detail>`."""


def default_language() -> str:
    """zh when the environment's locale is Chinese (zh_CN.UTF-8, zh_TW...), else en."""
    for name in LANGUAGE_VARIABLES:
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _remote(subcommands: SubParsers, name: str, help_text: str) -> argparse.ArgumentParser:
    """A command against a server: --url, --token, --lang, --timeout."""
    parser: argparse.ArgumentParser = subcommands.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--url", default=os.environ.get("LANTAI_URL", DEFAULT_URL), help="the server (LANTAI_URL)")
    parser.add_argument("--token", default=os.environ.get("LANTAI_TOKEN"), help="an API token (LANTAI_TOKEN)")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=default_language(), help="text and messages in Chinese or English"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"give up on a request after this long (default {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    return parser


def _format(parser: argparse.ArgumentParser, *choices: str) -> None:
    """--format, the first choice the default (text for people)."""
    parser.add_argument("--format", choices=choices, default=choices[0], help="how to print the answer")


def output_option(parser: argparse.ArgumentParser, help_text: str = "write to this file") -> None:
    """-o FILE for a document (stdout when left out, unless it is binary and stdout a terminal)."""
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help=help_text)


def open_client(args: argparse.Namespace) -> Lantai:
    """The client for the server, token, language and timeout the command was given."""
    return Lantai(args.url, args.token or "", lang=args.lang, timeout=args.timeout)


def exit_status(failure: LantaiError) -> int:
    """3 when the server could not answer (unreachable, silent, 5xx, still 429), else 1: it refused."""
    if isinstance(failure, ConnectionFailed) or failure.status is None:
        return EXIT_UNREACHABLE
    return EXIT_UNREACHABLE if failure.status >= 500 or failure.status == 429 else EXIT_REFUSED


def fail(error: str, detail: str) -> None:
    """One line on stderr: `lantai: <ErrorName>: <detail>`."""
    print(f"lantai: {error}: {' '.join(detail.split())}", file=sys.stderr)


def reporting_failures(handler: Handler) -> Handler:
    """Turn a failure into one line on stderr and its exit status (1 refused, 2 usage, 3 unreachable)."""

    @wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except LantaiError as failure:
            fail(failure.error, failure.detail)
            return exit_status(failure)
        except UsageError as problem:
            fail("UsageError", str(problem))
        except OSError as failure:
            where = f": {failure.filename}" if failure.filename else ""
            fail(type(failure).__name__, f"{failure.strerror or failure}{where}")
        return EXIT_USAGE

    return run


def print_json(answer: object) -> None:
    """The API's answer on stdout as JSON (UTF-8 text, not escaped)."""
    sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")


def check_destination(output: Path | None, *, binary: bool) -> None:
    """Refuse (before anything is asked of the server) to write binary bytes on a terminal."""
    if output is None and binary and is_terminal(sys.stdout):
        raise UsageError("the document is binary (XLSX): write it to a file with -o FILE, or pipe it")


def write_document(content: bytes, output: Path | None, *, binary: bool) -> None:
    """A downloaded document to `output`, or to stdout; binary bytes never go to a terminal."""
    check_destination(output, binary=binary)
    if output is not None:
        output.write_bytes(content)
        if is_terminal(sys.stderr):
            print(f"wrote {output} ({len(content):,} bytes)", file=sys.stderr)
        return
    stream: BinaryIO = sys.stdout.buffer
    stream.write(content)
    stream.flush()


def pick(lang: str, en: str, zh: str) -> str:
    """The text in the command's language."""
    return zh if lang == "zh" else en
