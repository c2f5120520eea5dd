"""End to end in a real editor: headless Neovim (Debian's package) opens a broken `.mcp.json`,
starts `mcplint server` as its language server, shows the diagnostic on the right line, asks for
the code actions and applies the quick fix to the buffer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NVIM = shutil.which("nvim")
if NVIM is None:
    print("test_nvim: skipped: `nvim` is not installed (apt-get install -y neovim)")
pytestmark = pytest.mark.skipif(
    NVIM is None, reason="`nvim` is not installed (apt-get install -y neovim)"
)

BROKEN = (
    "{\n"
    '  "mcpServers": {\n'
    '    "fs": {\n'
    '      "command": "npx",\n'
    '      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],\n'
    "    }\n"
    "  }\n"
    "}\n"
)

# Neovim >= 0.8 has vim.lsp.start; Debian 12's 0.7 has start_client + buf_attach_client.
LUA = r"""
local out_path = os.getenv("MCPLINT_NVIM_OUT")
local report = { diagnostics = {}, actions = {} }
local function finish()
  local f = io.open(out_path, "w")
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd("qa!")
end
local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local config = {
    name = "mcplint",
    cmd = { os.getenv("MCPLINT_PYTHON"), "-m", "mcplint", "server" },
    root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":h"),
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
  end
  local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  if not got then error("no diagnostics within 20 s") end
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(report.diagnostics, {
      lnum = d.lnum, col = d.col, message = d.message, code = d.code or lsp.code,
    })
  end
  local d = vim.diagnostic.get(buf)[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = {
      start = { line = d.lnum, character = 0 },
      ["end"] = { line = d.lnum, character = 200 },
    },
    context = { diagnostics = {}, only = { "quickfix" } },
  }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 20000)
  local client = vim.lsp.get_client_by_id(client_id)
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(report.actions, action.title)
      if action.kind == "quickfix" and action.edit and not report.applied then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
        report.applied = action.title
      end
    end
  end
  report.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  -- The server lints the fixed buffer again: the diagnostic goes away.
  report.cleared = vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 50)
end)
if not ok then report.error = tostring(err) end
finish()
"""


def test_neovim_shows_the_diagnostic_and_applies_the_quick_fix(tmp_path: Path) -> None:
    assert NVIM is not None
    project = tmp_path / "proj"
    project.mkdir()
    config = project / ".mcp.json"
    config.write_text(BROKEN)
    script = tmp_path / "mcplint.lua"
    script.write_text(LUA)
    out = tmp_path / "report.json"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "MCPLINT_PYTHON": sys.executable,
        "MCPLINT_NVIM_OUT": str(out),
    }
    argv = [NVIM, "--headless", "-n", "-i", "NONE", "-u", "NONE"]
    argv += ["-c", f"luafile {script}", str(config)]
    proc = subprocess.run(argv, env=env, cwd=project, capture_output=True, timeout=90)
    assert out.exists(), (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    report = json.loads(out.read_text())
    assert "error" not in report, report
    comma = [d for d in report["diagnostics"] if d["code"] == "MCP002"]
    assert len(comma) == 1, report
    assert comma[0]["lnum"] == 4  # 0-based: the line `"args": [...],`
    assert comma[0]["col"] == BROKEN.split("\n")[4].index("],") + 1
    assert "trailing-comma" in report["applied"]
    assert report["lines"] == BROKEN.replace("],\n    }", "]\n    }").rstrip("\n").split("\n")
    assert report["cleared"] is True
    assert config.read_text() == BROKEN  # the buffer changed, not the file: nothing was saved
