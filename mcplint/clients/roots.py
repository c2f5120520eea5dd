"""Where a `Location`'s `Root` is on a machine: shared by discovery (which lists the files)
and detection (which tells a path's client), so that the dependency goes discovery -> clients."""

from __future__ import annotations

from mcplint.clients.base import Root
from mcplint.env import Environment

__all__ = ["root_dir"]


def root_dir(env: Environment, root: Root) -> str | None:
    """The folder a `Root` names on this machine (None for "project" and "absolute")."""
    home = env.home
    if root == "home":
        return home
    if root == "appdata":
        return env.getenv("APPDATA") or env.join(home, "AppData", "Roaming")
    if root == "localappdata":
        return env.getenv("LOCALAPPDATA") or env.join(home, "AppData", "Local")
    if root == "xdg_config":
        xdg = env.getenv("XDG_CONFIG_HOME")
        return xdg if xdg and env.is_absolute(xdg) else env.join(home, ".config")
    if root == "xdg_config_flatpak":
        return env.getenv("FLATPAK_XDG_CONFIG_HOME") or root_dir(env, "xdg_config")
    if root == "codex_home":
        codex_home = env.getenv("CODEX_HOME")
        return env.resolve(codex_home) if codex_home else env.join(home, ".codex")
    if root in ("claude_home", "claude_config"):
        config_dir = env.getenv("CLAUDE_CONFIG_DIR")
        if config_dir:
            return env.resolve(config_dir)
        return home if root == "claude_home" else env.join(home, ".claude")
    if root == "cline_data":
        data_dir = env.getenv("CLINE_DATA_DIR")
        if data_dir:
            return env.resolve(data_dir)
        cline_dir = env.getenv("CLINE_DIR")
        if cline_dir:
            return env.join(env.resolve(cline_dir), "data")
        return env.join(home, ".cline", "data")
    return None
