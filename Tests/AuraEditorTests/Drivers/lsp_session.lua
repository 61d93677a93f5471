-- A session with `aura lsp` through editors/neovim's require("aura").setup(), as a user has
-- it: the buffer's diagnostics, hover, go to definition (the jump itself), the quickfix code
-- action applied through vim.ui.select, and formatting. Reports what it saw for the Swift
-- test to check. Environment: AURA_BINARY (the aura under test), AURA_OTHER_FILE (a second
-- file of the same project), AURA_DRIVERS, AURA_NVIM_RESULT.
local report = dofile(os.getenv("AURA_DRIVERS") .. "/report.lua")

-- Only a guard against a server that never answers; no result depends on it.
local LIMIT = 60000

-- The plugin reports a server that dies with vim.notify: keep what it says, and stop
-- waiting for a server that is gone.
local notified = {}
vim.notify = function(message) table.insert(notified, message) end

local function wait(what, condition)
  local done = vim.wait(LIMIT, function() return #notified > 0 or condition() end, 20)
  if #notified > 0 then
    error("while waiting for " .. what .. ": " .. table.concat(notified, "\n"))
  end
  if not done then
    error("gave up waiting for " .. what)
  end
end

-- The clients attached to a buffer, on every Neovim from 0.7 on.
local function clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local function diagnostics(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(found, {
      line = d.lnum + 1,
      column = d.col + 1,
      message = d.message,
      code = d.code and tostring(d.code) or "",
      source = d.source or "",
      severity = d.severity,
    })
  end
  return found
end

-- Puts the cursor on the first character of the first match of `pattern` (a Vim regex).
local function cursor_at(pattern)
  vim.fn.cursor(1, 1)
  local position = vim.fn.searchpos(pattern, "cW")
  if position[1] == 0 then
    error("no `" .. pattern .. "` in the buffer")
  end
  return { line = position[1], column = position[2] }
end

report.run(function(result)
  require("aura").setup({ cmd = { os.getenv("AURA_BINARY"), "lsp" } })
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  wait("the client to attach", function() return #clients(bufnr) > 0 end)
  local client = clients(bufnr)[1]
  wait("the server to initialize", function() return client.initialized end)
  result.client_name = client.name
  result.root_dir = client.config.root_dir

  wait("diagnostics", function() return #vim.diagnostic.get(bufnr) > 0 end)
  result.diagnostics = diagnostics(bufnr)

  -- Hover on the call of greet, rendered as the hover window renders it.
  result.hover_at = cursor_at([[greet("Ana")]])
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, LIMIT) or {}
  local contents = {}
  for _, response in pairs(hover) do
    if response.error then
      error("hover failed: " .. vim.inspect(response.error))
    end
    if response.result and response.result.contents then
      vim.list_extend(contents, vim.lsp.util.convert_input_to_markdown_lines(response.result.contents))
    end
  end
  result.hover = table.concat(contents, "\n")

  -- Go to definition: the built-in handler jumps to the location.
  vim.lsp.buf.definition()
  wait("the jump to the definition", function() return vim.fn.line(".") ~= result.hover_at.line end)
  result.definition = { line = vim.fn.line("."), column = vim.fn.col("."), text = vim.fn.getline(".") }

  -- The quickfix of the diagnostic on the print line, chosen the way a user picks from the
  -- menu: vim.ui.select is the extension point vim.lsp.buf.code_action() asks.
  local fix_at = cursor_at([[print(]])
  local offered = {}
  local chosen = false
  vim.ui.select = function(items, _, on_choice)
    local pick
    for _, item in ipairs(items) do
      local action = item.action or item[2]
      table.insert(offered, { title = action.title, kind = action.kind or "" })
      if not pick and action.kind == "quickfix" then
        pick = item
      end
    end
    chosen = pick ~= nil
    on_choice(pick)
  end
  local before = table.concat(lines(bufnr), "\n")
  -- Without a context the client sends the diagnostics of the cursor's line.
  vim.lsp.buf.code_action()
  wait("the code action menu", function() return #offered > 0 end)
  result.code_actions = offered
  if chosen then
    wait("the quickfix edit", function() return table.concat(lines(bufnr), "\n") ~= before end)
  end
  result.after_fix = lines(bufnr)
  -- The edit reaches the server as a didChange; its diagnostics for the new text replace the
  -- old ones.
  wait("diagnostics for the fixed text", function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.lnum == fix_at.line - 1 then return false end
    end
    return true
  end)
  result.diagnostics_after_fix = diagnostics(bufnr)

  -- Formatting through the server.
  result.before_format = lines(bufnr)
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = bufnr, timeout_ms = LIMIT })
  else
    vim.lsp.buf.formatting_sync(nil, LIMIT)
  end
  result.after_format = lines(bufnr)

  -- A second file of the project shares the client.
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("AURA_OTHER_FILE")))
  local other = vim.api.nvim_get_current_buf()
  wait("the client to attach to the second file", function() return #clients(other) > 0 end)
  result.second_file_client_shared = clients(other)[1].id == client.id
  result.clients_running = #(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients())
end)
