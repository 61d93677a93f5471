-- Shared by the Neovim drivers: runs a check function on a result table it fills, writes the
-- table (and the error the check raised, if any) as JSON to $AURA_NVIM_RESULT, and quits.
local M = {}

function M.run(check)
  local result = {}
  local ok, err = pcall(check, result)
  local report = { ok = ok, result = result, error = (not ok) and tostring(err) or nil }
  vim.fn.writefile({ vim.fn.json_encode(report) }, os.getenv("AURA_NVIM_RESULT"))
  vim.cmd("qall!")
end

--- The lines of a file as a list.
function M.lines(path)
  return vim.fn.readfile(path)
end

return M
