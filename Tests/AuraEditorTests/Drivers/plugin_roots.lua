-- require("aura"): the root it finds for each file listed in $AURA_PATHS (one a line), and
-- what setup() does for the current buffer when the server command is not executable.
local report = dofile(os.getenv("AURA_DRIVERS") .. "/report.lua")

report.run(function(result)
  local aura = require("aura")
  result.roots = {}
  for _, path in ipairs(report.lines(os.getenv("AURA_PATHS"))) do
    table.insert(result.roots, aura.root_dir(path))
  end
  result.notified = {}
  vim.notify = function(message, level)
    table.insert(result.notified, { message = message, level = level })
  end
  aura.setup({ cmd = { os.getenv("AURA_MISSING_COMMAND"), "lsp" } })
  result.clients = #(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients())
end)
