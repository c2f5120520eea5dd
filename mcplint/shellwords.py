"""Shell-style words of a command line, for the rules that find a whole command line in one
string (`"command": "npx -y pkg"`).

POSIX rules (as `shlex.split`): whitespace separates words, `'...'` keeps everything, `"..."`
keeps everything but `\\"`, `\\\\`, `\\$` and `` \\` ``, a backslash outside quotes escapes the
next character. A Windows-looking line (`C:\\Program Files\\x.exe`, `\\\\server\\share`) keeps
its backslashes: only double quotes group there, as `CommandLineToArgvW` does for a path.
Pure functions, no machine access.
"""

from __future__ import annotations

import re

_WINDOWS_PATH = re.compile(r'(^|[\s"\'])([A-Za-z]:[\\/]|\\\\[^\\\s])|\\[^\\"\s$`]')
_DOUBLE_QUOTE_ESCAPES = '"\\$`\n'


def looks_windows(line: str) -> bool:
    """True when `line` holds a Windows path (`C:\\...`, `\\\\server\\...`) or backslashes that
    are no POSIX escape (`node.exe server\\index.js`)."""
    return _WINDOWS_PATH.search(line) is not None


def split(line: str, *, windows: bool | None = None) -> list[str] | None:
    """The words of `line`, quotes removed; None when a quote is not closed (or a POSIX line
    ends in a lone backslash). `windows` (default: `looks_windows(line)`) keeps backslashes."""
    if windows is None:
        windows = looks_windows(line)
    words: list[str] = []
    word: list[str] = []
    in_word = False
    quote: str | None = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote is not None:
            if ch == quote:
                quote = None
            elif (
                ch == "\\"
                and quote == '"'
                and not windows
                and i + 1 < len(line)
                and line[i + 1] in _DOUBLE_QUOTE_ESCAPES
            ):
                i += 1
                word.append(line[i])
            else:
                word.append(ch)
        elif ch.isspace():
            if in_word:
                words.append("".join(word))
                word, in_word = [], False
        elif ch == '"' or (ch == "'" and not windows):
            quote, in_word = ch, True
        elif ch == "\\" and not windows:
            if i + 1 >= len(line):
                return None
            i += 1
            word.append(line[i])
            in_word = True
        else:
            word.append(ch)
            in_word = True
        i += 1
    if quote is not None:
        return None
    if in_word:
        words.append("".join(word))
    return words


def has_quotes(line: str) -> bool:
    return '"' in line or "'" in line
