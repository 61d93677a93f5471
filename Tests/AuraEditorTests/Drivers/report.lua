-- Shared by the Neovim drivers: runs a check function, writes what it returns (or the error
-- it raised) as JSON to $AURA_NVIM_RESULT, and quits Neovim.
local M = {}

function M.run(check)
  local ok, result = pcall(check)
  local report = ok and { ok = true, result = result } or { ok = false, error = tostring(result) }
  vim.fn.writefile({ vim.fn.json_encode(report) }, os.getenv("AURA_NVIM_RESULT"))
  vim.cmd("qall!")
end

--- The lines of a file as a list.
function M.lines(path)
  return vim.fn.readfile(path)
end

return M
