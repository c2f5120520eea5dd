"""Diagnostics about mcplint's own work rather than the file's content: a file it could not
read, a file it does not check, a bug of its own. The engine and the runner report them (these
check functions find nothing themselves); they are rules so that every diagnostic has a code, a
doc and a documentation URL, and so that `mcplint rules` lists them."""

from __future__ import annotations

from collections.abc import Iterator

from mcplint.diagnostics import Severity
from mcplint.rules.base import Context, Finding, rule


@rule("MCP900", "io-error", Severity.ERROR, tags=("tool",))
def io_error(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a file mcplint could not read or write: it does not exist, it is a folder, a FIFO or
    a device, permission is denied, it is larger than `--max-file-size`, or it changed on disk
    while `--fix` was about to write it.

    ## Why is this bad?
    A file that was not read was not checked: it must never pass as "no problems found". If the
    client cannot read it either, it starts none of its servers.

    ## Example
    ```console
    $ mcplint missing.json
    missing.json:1:1: MCP900 [io-error] no such file
    ```

    ## Fix safety
    No automatic fix. `--select` and `--ignore` never hide it.
    """
    return iter(())


@rule("MCP901", "internal-error", Severity.ERROR, tags=("tool",))
def internal_error(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a bug in mcplint met while checking a file: a rule raised an exception. The other
    rules' findings and the other files are still reported, and the exit code is 2.

    ## Why is this bad?
    Part of the file went unchecked. Please report it with the file (secrets removed).

    ## Example
    ```console
    $ mcplint .mcp.json
    .mcp.json:1:1: MCP901 [internal-error] internal error in rule unknown-key: KeyError: 'x'
    ```

    ## Fix safety
    No automatic fix. `--select` and `--ignore` never hide it.
    """
    return iter(())


@rule("MCP902", "not-checked", Severity.INFO, tags=("tool",))
def not_checked(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Says that a file was named or found but is not checked: a YAML config (Continue), or a
    format mcplint does not read yet.

    ## Why is this bad?
    It is not: it only tells you that "no problems" does not cover this file.

    ## Example
    ```console
    $ mcplint config.yaml
    config.yaml:1:1: MCP902 [not-checked] not checked: mcplint reads JSON, JSONC, JSON5 and TOML
    ```

    ## Fix safety
    No automatic fix.
    """
    return iter(())


@rule("MCP903", "config-error", Severity.ERROR, tags=("tool",))
def config_error(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a mistake in mcplint's own configuration (`[tool.mcplint]` in `pyproject.toml`, or
    `.mcplint.toml`): invalid TOML, an unknown key, an unknown rule name or code, a value of the
    wrong type, a regular expression that does not compile. The diagnostic points at the line
    and column in the configuration file.

    ## Why is this bad?
    A misspelt key or rule name would otherwise be silently ignored, and the rule you meant to
    turn off (or on) would not be. The rest of the configuration still applies.

    ## Example
    ```toml
    [tool.mcplint]
    ignores = ["machine"]
    ```
    ```console
    pyproject.toml:2:1: MCP903 [config-error] unknown key `ignores` in [tool.mcplint] ...
    ```

    ## Fix safety
    No automatic fix. Configuration and suppressions never hide it.
    """
    return iter(())


@rule("MCP904", "unused-suppression", Severity.INFO, tags=("tool",))
def unused_suppression(ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports an inline suppression comment (`// mcplint: disable-next-line RULE`,
    `// mcplint: disable-file RULE`, `# mcplint: ...` in TOML) that hides no finding, or that
    names a rule mcplint does not know. A suppression of a rule that did not run (not selected)
    is not reported.

    ## Why is this bad?
    A stale suppression would silently hide the next real problem of that rule on that line;
    a misspelt rule name hides nothing at all.

    ## Example
    ```jsonc
    {
      // mcplint: disable-next-line hardcoded-secret
      "mcpServers": {}
    }
    ```

    ## Fix safety
    No automatic fix: delete the comment, or correct the rule name.

    Strict-JSON files (Claude Desktop, `.mcp.json`, ...) cannot hold comments: use
    `per-file-ignores` or `per-server-ignores` in the configuration instead.
    """
    return iter(())
