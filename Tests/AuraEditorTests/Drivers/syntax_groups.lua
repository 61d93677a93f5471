-- Reports, for the current buffer, the syntax group at each "line column" position listed
-- in $AURA_PROBES, and the buffer options the ftplugin sets.
local drivers = os.getenv("AURA_DRIVERS")
local report = dofile(drivers .. "/report.lua")

report.run(function(result)
  local groups = {}
  for _, entry in ipairs(report.lines(os.getenv("AURA_PROBES"))) do
    local line, column = entry:match("^(%d+) (%d+)$")
    local id = vim.fn.synID(tonumber(line), tonumber(column), 1)
    table.insert(groups, vim.fn.synIDattr(id, "name"))
  end
  result.groups = groups
  result.filetype = vim.bo.filetype
  result.syntax = vim.b.current_syntax or ""
  result.commentstring = vim.bo.commentstring
  result.shiftwidth = vim.bo.shiftwidth
  result.expandtab = vim.bo.expandtab
  result.indentexpr = vim.bo.indentexpr
end)
