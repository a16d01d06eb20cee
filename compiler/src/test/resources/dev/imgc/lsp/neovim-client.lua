-- Drives Neovim's own LSP client (vim.lsp.start_client, Neovim 0.7+) against `imgc lsp`, headless:
-- opens the spec IMGC_SPEC, waits for the server's diagnostics and writes them to IMGC_OUT as
-- LINE:COL:SEVERITY:CODE lines (1-based, as `imgc lint` prints places), then replaces line
-- IMGC_FIX_LINE with IMGC_FIX_TEXT (an incremental change, as typing makes) and appends "cleared"
-- once the server's diagnostics for the buffer are gone.
local command = vim.split(os.getenv("IMGC_LSP_CMD"), "\n", { plain = true })
local spec = os.getenv("IMGC_SPEC")
local out = os.getenv("IMGC_OUT")
local fix_line = tonumber(os.getenv("IMGC_FIX_LINE"))
local fix_text = os.getenv("IMGC_FIX_TEXT")

vim.cmd("edit " .. vim.fn.fnameescape(spec))
local buffer = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "imgc",
  cmd = command,
  root_dir = vim.fn.fnamemodify(spec, ":p:h"),
  init_options = { imgc = { debounceMillis = 20 } },
})
vim.lsp.buf_attach_client(buffer, client)

local function lines()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buffer)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
    table.insert(found, string.format("%d:%d:%d:%s", d.lnum + 1, d.col + 1, d.severity, code))
  end
  table.sort(found, function(a, b)
    local al, ac = a:match("^(%d+):(%d+)")
    local bl, bc = b:match("^(%d+):(%d+)")
    if tonumber(al) ~= tonumber(bl) then return tonumber(al) < tonumber(bl) end
    return tonumber(ac) < tonumber(bc)
  end)
  return found
end

local result = {}
if vim.wait(90000, function() return #vim.diagnostic.get(buffer) > 0 end, 50) then
  result = lines()
  vim.api.nvim_buf_set_lines(buffer, fix_line - 1, fix_line, false, { fix_text })
  if vim.wait(60000, function() return #vim.diagnostic.get(buffer) == 0 end, 50) then
    table.insert(result, "cleared")
  end
else
  table.insert(result, "no diagnostics arrived")
end
vim.fn.writefile(result, out)
vim.lsp.stop_client(client)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client) == nil end, 50)
vim.cmd("qa!")
