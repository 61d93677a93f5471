--- AURA for Neovim: starts `aura lsp` for every buffer of filetype `aura`.
---
---   require("aura").setup({ cmd = { "aura", "lsp" } })
---
--- Neovim 0.8 and later use vim.lsp.start, which reuses a running client for the
--- same root; 0.7 has only vim.lsp.start_client, so this module keeps one client
--- per root itself and attaches buffers with vim.lsp.buf_attach_client.
local M = {}

--- The options setup() understands, with their defaults.
M.defaults = {
  --- The server command: a list, as vim.lsp takes it.
  cmd = { "aura", "lsp" },
  --- Files or directories whose nearest ancestor holding one is the project root;
  --- without one, the file's own directory.
  root_markers = { ".git" },
  --- Called as on_attach(client, bufnr) when a buffer is attached.
  on_attach = nil,
  --- Called as on_exit(code, signal, client_id) when the server exits (after a non-zero
  --- exit has been reported with vim.notify).
  on_exit = nil,
  --- Client capabilities; vim.lsp.protocol.make_client_capabilities() when nil.
  capabilities = nil,
  --- Sent as initializationOptions.
  init_options = nil,
  --- Sent in response to workspace/configuration.
  settings = nil,
}

M.options = vim.deepcopy(M.defaults)

--- Client ids by root directory, for Neovim 0.7 (no vim.lsp.start there).
local clients_by_root = {}

local uv = vim.loop

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ":h")
  if up == dir then
    return nil
  end
  return up
end

--- The project root for a file: the nearest directory holding one of the root
--- markers (a worktree's `.git` is a file, so any kind of entry counts), or the
--- file's directory.
function M.root_dir(path, markers)
  local start = vim.fn.fnamemodify(path, ":p:h")
  local dir = start
  while dir do
    for _, marker in ipairs(markers or M.options.root_markers) do
      if exists(dir .. "/" .. marker) then
        return dir
      end
    end
    dir = parent(dir)
  end
  return start
end

--- The client configuration for a root.
function M.client_config(root)
  local opts = M.options
  return {
    name = "aura",
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
    capabilities = opts.capabilities or vim.lsp.protocol.make_client_capabilities(),
    init_options = opts.init_options,
    settings = opts.settings,
    on_attach = opts.on_attach,
    -- Neovim only logs a server that dies; say so where the user looks.
    on_exit = function(code, signal, client_id)
      if code ~= 0 or (signal or 0) ~= 0 then
        vim.schedule(function()
          vim.notify(("aura: `%s` exited with code %d (signal %d)"):format(table.concat(opts.cmd, " "), code, signal or 0), vim.log.levels.ERROR)
        end)
      end
      if opts.on_exit then
        opts.on_exit(code, signal, client_id)
      end
    end,
  }
end

local function live_client(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not client.is_stopped() then
    return client
  end
  return nil
end

--- Starts (or reuses) the server for a buffer and attaches it. Returns the client
--- id, or nil when the buffer has no file or the server could not be started.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  if vim.fn.executable(M.options.cmd[1]) ~= 1 then
    vim.notify("aura: cannot start the language server: `" .. M.options.cmd[1] .. "` is not executable", vim.log.levels.ERROR)
    return nil
  end
  local root = M.root_dir(name)
  if vim.lsp.start then
    return vim.lsp.start(M.client_config(root), { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  if not live_client(id) then
    id = vim.lsp.start_client(M.client_config(root))
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Configures the plugin and attaches `aura lsp` to aura buffers, including
--- those already open.
function M.setup(opts)
  -- A shallow merge: a deep one would merge a given cmd list into the default by index.
  M.options = vim.tbl_extend("force", vim.deepcopy(M.defaults), opts or {})
  local group = vim.api.nvim_create_augroup("aura_lsp", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "aura",
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == "aura" then
      M.attach(bufnr)
    end
  end
end

return M
