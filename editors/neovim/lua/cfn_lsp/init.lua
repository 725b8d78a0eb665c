-- cfn_lsp: Neovim client for the cfn-lsp CloudFormation language server.
--
-- require('cfn_lsp').setup({ cmd = {...}, settings = {...} })
--
-- Starts one cfn-lsp client and attaches it to yaml/json buffers whose
-- content looks like a CloudFormation template. Works on Neovim 0.7.2+
-- (vim.lsp.start_client + vim.lsp.buf_attach_client) and, when installed,
-- through nvim-lspconfig. Defines :CfnLaunchStack, :CfnValidate and
-- :CfnConvert. On attach it sets the buffer's omnifunc (<C-x><C-o>), shows
-- the server's progress and keeps code lenses current.

local omni = require('cfn_lsp.omni')
local progress = require('cfn_lsp.progress')

local M = {}

--- Client name (also the nvim-lspconfig config name).
M.name = 'cfn_lsp'
--- Settings section shared with the server.
M.section = 'cfn-lsp'
--- How to install the server.
M.install_command = 'go install ./cmd/cfn-lsp (in a cfn-lsp checkout), or put a release binary on PATH'

local defaults = {
  -- Server command; nil = discover (cfn-lsp on PATH, then $GOBIN / $GOPATH/bin / ~/go/bin).
  cmd = nil,
  -- The `cfn-lsp` settings object (spec, registrySchemas, aws = {region, profile, endpointUrl,
  -- s3Bucket, checkPermissions}, ignoreRules, security = {enabled, failAsError}, rulesDir,
  -- validate = {onChange}).
  settings = {},
  filetypes = { 'yaml', 'json' },
  -- Give *.template files the yaml or json filetype (by content).
  detect_template_files = true,
  -- Markers searched upwards for the workspace root.
  root_markers = { '.git' },
  -- nil: use nvim-lspconfig when it is installed; true: require it; false: never.
  lspconfig = nil,
  on_attach = nil,
  -- nil: Neovim's client capabilities without snippet support (the
  -- omnifunc inserts plain text); pass your completion plugin's to use it.
  capabilities = nil,
  -- Set the buffer's omnifunc to cfn-lsp's (<C-x><C-o>).
  omnifunc = true,
  -- Refresh code lenses (Launch stack, Validate) on attach and on change.
  codelens = true,
  -- Show the server's progress (stack launches) with vim.notify.
  progress = true,
  -- :CfnGraph opens the SVG it writes with this function(path); nil: the
  -- system's opener (vim.ui.open, else xdg-open or open).
  open_graph = nil,
}

M.config = nil
local client_id = nil
local augroup = nil
local warned_missing = false

local function notify(msg, level)
  vim.notify('cfn-lsp: ' .. msg, level or vim.log.levels.INFO)
end

-- Compatibility: Neovim 0.11 turned client functions into methods and 0.10
-- replaced buf_get_clients/get_active_clients with get_clients.
local has_011 = vim.fn.has('nvim-0.11') == 1

local function client_request(c, ...)
  if has_011 then
    return c:request(...)
  end
  return c.request(...)
end

local function client_notify(c, ...)
  if has_011 then
    return c:notify(...)
  end
  return c.notify(...)
end

local function client_request_sync(c, ...)
  if has_011 then
    return c:request_sync(...)
  end
  return c.request_sync(...)
end

local function client_stopped(c)
  if has_011 then
    return c:is_stopped()
  end
  return c.is_stopped()
end

local function buf_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.lsp.buf_get_clients(bufnr)
end

local function all_clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients()
  end
  return vim.lsp.get_active_clients()
end

-- Keys whose values are lists; every other empty table is sent as {}.
local list_keys = { ignoreRules = true, capabilities = true }

--- Returns a copy of settings whose empty tables encode as JSON objects
--- (Neovim encodes {} as []), except for list-valued keys.
function M.normalize_settings(settings, key)
  if type(settings) ~= 'table' then
    return settings
  end
  if next(settings) == nil then
    if key and list_keys[key] then
      return {}
    end
    return vim.empty_dict()
  end
  local out = {}
  for k, v in pairs(settings) do
    out[k] = M.normalize_settings(v, k)
  end
  return out
end

--- Reports whether text looks like a CloudFormation (or SAM) template:
--- AWSTemplateFormatVersion, a SAM Transform, or Resources with a Type.
function M.looks_like_template(text)
  if type(text) ~= 'string' or text == '' then
    return false
  end
  if text:find('AWSTemplateFormatVersion', 1, true) then
    return true
  end
  if text:find('["\']?Transform["\']?%s*:') and text:find('AWS::Serverless', 1, true) then
    return true
  end
  local has_resources = text:find('^["\']?Resources["\']?%s*:') or text:find('[\n{,]%s*["\']?Resources["\']?%s*:')
  local has_type = text:find('["\']?Type["\']?%s*:%s*["\']?[%w]+::[%w]+')
  return has_resources ~= nil and has_type ~= nil
end

--- Reports whether the buffer's content looks like a template.
function M.is_template(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  return M.looks_like_template(table.concat(lines, '\n'))
end

--- Filetype for a *.template file from its first non-blank character.
function M.template_filetype(lines)
  for _, line in ipairs(lines) do
    local c = line:match('^%s*(%S)')
    if c then
      return (c == '{' or c == '[') and 'json' or 'yaml'
    end
  end
  return 'yaml'
end

local function executable(path)
  return path ~= nil and path ~= '' and vim.fn.executable(path) == 1
end

--- Finds the server command: cfn-lsp on PATH, then Go's install directories.
--- Returns nil when none is found.
function M.discover_cmd()
  if executable('cfn-lsp') then
    return { 'cfn-lsp', 'serve' }
  end
  local dirs = {}
  if vim.env.GOBIN and vim.env.GOBIN ~= '' then
    table.insert(dirs, vim.env.GOBIN)
  end
  if vim.env.GOPATH and vim.env.GOPATH ~= '' then
    for _, p in ipairs(vim.split(vim.env.GOPATH, ':', true)) do
      table.insert(dirs, p .. '/bin')
    end
  end
  table.insert(dirs, vim.fn.expand('~/go/bin'))
  for _, d in ipairs(dirs) do
    if executable(d .. '/cfn-lsp') then
      return { d .. '/cfn-lsp', 'serve' }
    end
  end
  return nil
end

--- Workspace root for fname: the nearest directory above it holding one of
--- config.root_markers, else the current directory.
local function root_dir(fname)
  local dir = vim.fn.fnamemodify(fname ~= '' and fname or vim.fn.getcwd(), ':p:h')
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found ~= '' then
      -- ':p' gives a directory a trailing slash: drop it, then the marker.
      return vim.fn.fnamemodify(found, ':p:h:h')
    end
    found = vim.fn.findfile(marker, dir .. ';')
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h')
    end
  end
  return vim.fn.getcwd()
end

M.root_dir = root_dir

--- The client capabilities: the user's, else Neovim's without snippets
--- (the omnifunc and Neovim's own completion insert snippets as plain text
--- with their markers).
function M.capabilities()
  if M.config.capabilities then
    return M.config.capabilities
  end
  local caps = vim.lsp.protocol.make_client_capabilities()
  local item = caps.textDocument and caps.textDocument.completion and caps.textDocument.completion.completionItem
  if item then
    item.snippetSupport = false
  end
  return caps
end

--- omnifunc for cfn-lsp buffers: starts where the server's edit starts,
--- keeps its order, inserts several lines (see cfn_lsp.omni).
function M.omnifunc(findstart, base)
  local buf = vim.api.nvim_get_current_buf()
  return omni.omnifunc(findstart, base, function(params)
    local c = M.get_client(buf)
    if not c then
      return nil
    end
    local resp = client_request_sync(c, 'textDocument/completion', params, 3000, buf)
    return resp and resp.result
  end)
end

--- A statusline item: the running server task ("Launching stack s: ..."),
--- '' when there is none.
function M.statusline()
  return progress.statusline()
end

local function refresh_codelens(bufnr)
  if vim.fn.has('nvim-0.10') == 1 then
    pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
  elseif bufnr == vim.api.nvim_get_current_buf() then
    pcall(vim.lsp.codelens.refresh)
  end
end

-- What every attached buffer gets, then the user's on_attach.
local function on_attach(client, bufnr)
  local group = vim.api.nvim_create_augroup('cfn_lsp_buf_' .. bufnr, { clear = true })
  if M.config.omnifunc then
    vim.bo[bufnr].omnifunc = "v:lua.require'cfn_lsp'.omnifunc"
    vim.api.nvim_create_autocmd('CompleteDone', {
      group = group,
      buffer = bufnr,
      callback = function()
        omni.complete_done(client.offset_encoding)
      end,
    })
  end
  if M.config.codelens then
    refresh_codelens(bufnr)
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'TextChanged' }, {
      group = group,
      buffer = bufnr,
      callback = function()
        refresh_codelens(bufnr)
      end,
    })
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

local function handlers()
  if not M.config.progress then
    return nil
  end
  return { ['$/progress'] = progress.handler(notify) }
end

local function client_config(fname)
  local settings = M.normalize_settings(M.config.settings)
  return {
    name = M.name,
    cmd = M.config.cmd,
    root_dir = root_dir(fname),
    init_options = settings,
    settings = { [M.section] = settings },
    capabilities = M.capabilities(),
    handlers = handlers(),
    on_init = function(client)
      client_notify(client, 'workspace/didChangeConfiguration', { settings = client.config.settings })
      return true
    end,
    on_attach = on_attach,
    on_exit = function(_, _, id)
      if id == client_id then
        client_id = nil
      end
    end,
  }
end

--- Returns the running cfn-lsp client attached to bufnr (or, with bufnr
--- nil, any running cfn-lsp client).
function M.get_client(bufnr)
  local clients = bufnr and buf_clients(bufnr) or all_clients()
  for _, c in pairs(clients) do
    if (c.name == M.name or c.name == 'cfn-lsp') and not client_stopped(c) then
      return c
    end
  end
  return nil
end

local function ensure_client(fname)
  if client_id then
    local c = vim.lsp.get_client_by_id(client_id)
    if c and not client_stopped(c) then
      return client_id
    end
    client_id = nil
  end
  if not M.config.cmd then
    if not warned_missing then
      warned_missing = true
      notify('server not found on PATH. Install it with: ' .. M.install_command, vim.log.levels.ERROR)
    end
    return nil
  end
  client_id = vim.lsp.start_client(client_config(fname))
  return client_id
end

--- Attaches the cfn-lsp client to bufnr, starting it if needed.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if has_011 and M.config.cmd then
    -- vim.lsp.start_client is deprecated from 0.11 on; vim.lsp.start reuses
    -- the running client and attaches the buffer.
    client_id = vim.lsp.start(client_config(vim.api.nvim_buf_get_name(bufnr)), {
      bufnr = bufnr,
      reuse_client = function(c, conf)
        return c.name == conf.name
      end,
    })
    return client_id
  end
  local id = ensure_client(vim.api.nvim_buf_get_name(bufnr))
  if id and not vim.lsp.buf_is_attached(bufnr, id) then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local function wanted(bufnr)
  return vim.api.nvim_buf_is_valid(bufnr)
    and vim.api.nvim_buf_is_loaded(bufnr)
    and vim.bo[bufnr].buftype == ''
    and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype)
    and M.is_template(bufnr)
end

--- Attaches to bufnr when it is a yaml/json buffer that looks like a template.
function M.maybe_attach(bufnr)
  if M.config and wanted(bufnr) and not M.get_client(bufnr) then
    M.attach(bufnr)
  end
end

-- Registers cfn_lsp with nvim-lspconfig; returns false when it is missing.
local function setup_lspconfig()
  local ok_configs, configs = pcall(require, 'lspconfig.configs')
  local ok, lspconfig = pcall(require, 'lspconfig')
  if not (ok and ok_configs) then
    return false
  end
  if not configs[M.name] then
    configs[M.name] = {
      default_config = {
        cmd = M.config.cmd,
        filetypes = M.config.filetypes,
        -- No root (so no attach) for buffers that are not templates.
        root_dir = function(fname, bufnr)
          if bufnr and not M.is_template(bufnr) then
            return nil
          end
          return root_dir(fname)
        end,
        single_file_support = false,
        settings = {},
      },
    }
  end
  local settings = M.normalize_settings(M.config.settings)
  lspconfig[M.name].setup({
    cmd = M.config.cmd,
    init_options = settings,
    settings = { [M.section] = settings },
    capabilities = M.capabilities(),
    handlers = handlers(),
    on_attach = on_attach,
    -- nvim-lspconfig itself sends the settings after initialize.
  })
  return true
end

-- Command helpers ---------------------------------------------------------

local function command_client(bufnr)
  local c = M.get_client(bufnr)
  if not c then
    notify('no cfn-lsp server is attached to this buffer', vim.log.levels.ERROR)
  end
  return c
end

--- Sends workspace/executeCommand with one argument object; calls
--- on_result(result) on success and reports errors.
function M.execute(bufnr, command, arg, on_result)
  local c = command_client(bufnr)
  if not c then
    return false
  end
  client_request(c, 'workspace/executeCommand', { command = command, arguments = { arg } }, function(err, result)
    if err then
      notify(command .. ' failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    if on_result then
      on_result(result)
    end
  end, bufnr)
  return true
end

--- Validates a stack name; returns an error message or nil.
function M.validate_stack_name(name)
  if name == nil or name == '' then
    return 'a stack name is required'
  end
  if #name > 128 then
    return 'a stack name has at most 128 characters'
  end
  if not name:match('^%a[%w%-]*$') then
    return 'a stack name starts with a letter and contains only letters, digits and hyphens'
  end
  return nil
end

local function is_number(s)
  return s:match('^%s*$') == nil and tonumber(s) ~= nil
end

--- Validates a value for one parameter description; returns an error or nil.
function M.validate_parameter(p, value)
  if type(p.allowedValues) == 'table' and #p.allowedValues > 0 and not vim.tbl_contains(p.allowedValues, value) then
    return p.name .. ': allowed values are ' .. table.concat(p.allowedValues, ', ')
  end
  if p.type == 'Number' and not is_number(value) then
    return p.name .. ' must be a number'
  end
  if p.type == 'List<Number>' then
    for _, part in ipairs(vim.split(value, ',', true)) do
      if not is_number(part) then
        return p.name .. ' must be a comma-separated list of numbers'
      end
    end
  end
  return nil
end

--- Formats a cfn-lsp.launchStack result for a message.
function M.format_launch_result(r)
  local msg = string.format('stack %s: %s', tostring(r.stackName), tostring(r.status))
  if r.message and r.message ~= '' then
    msg = msg .. ' - ' .. r.message
  end
  if type(r.outputs) == 'table' then
    local keys = vim.tbl_keys(r.outputs)
    table.sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do
      table.insert(parts, k .. '=' .. tostring(r.outputs[k]))
    end
    if #parts > 0 then
      msg = msg .. '. Outputs: ' .. table.concat(parts, ', ')
    end
  end
  return msg
end

-- Prompts for one value; NoEcho values are read with inputsecret.
local function ask(prompt, default, secret, cb)
  if secret then
    local ok, v = pcall(vim.fn.inputsecret, prompt, default or '')
    cb(ok and v or nil)
    return
  end
  vim.ui.input({ prompt = prompt, default = default }, cb)
end

--- Prompts for the stack name and every parameter (defaults pre-filled,
--- NoEcho masked), calling done(args) with the launchStack argument, or
--- done(nil) if cancelled or a value is invalid.
function M.prompt_launch_args(uri, info, given, done)
  given = given or {}
  local params = type(info.parameters) == 'table' and info.parameters or {}
  local values = vim.deepcopy(given.parameters or {})
  local function finish(stack_name)
    local args = vim.tbl_extend('force', {}, given, { uri = uri, stackName = stack_name, parameters = values })
    if next(values) == nil then
      args.parameters = vim.empty_dict()
    end
    done(args)
  end
  local function step(i, stack_name)
    if i > #params then
      return finish(stack_name)
    end
    local p = params[i]
    if values[p.name] ~= nil then
      return step(i + 1, stack_name)
    end
    local prompt = string.format('%s (%s)', p.name, p.type or 'String')
    if type(p.allowedValues) == 'table' and #p.allowedValues > 0 then
      prompt = prompt .. ' [' .. table.concat(p.allowedValues, '|') .. ']'
    end
    -- A NoEcho value the server already knows (parameters file) is kept on empty input.
    local keep = p.noEcho == true and p.hasValue == true
    if keep then
      prompt = prompt .. ' (empty: keep the saved value)'
    end
    ask(prompt .. ': ', p.default, p.noEcho == true, function(v)
      if v == nil then
        notify('launch cancelled')
        return done(nil)
      end
      if v == '' and keep then
        return step(i + 1, stack_name)
      end
      local err = M.validate_parameter(p, v)
      if err then
        notify(err, vim.log.levels.ERROR)
        return done(nil)
      end
      values[p.name] = v
      step(i + 1, stack_name)
    end)
  end
  if given.stackName and given.stackName ~= '' then
    return step(1, given.stackName)
  end
  ask('Stack name: ', info.stackName, false, function(name)
    if name == nil then
      notify('launch cancelled')
      return done(nil)
    end
    local err = M.validate_stack_name(name)
    if err then
      notify(err, vim.log.levels.ERROR)
      return done(nil)
    end
    step(1, name)
  end)
end

local function uri_of(bufnr)
  return vim.uri_from_bufnr(bufnr)
end

--- :CfnLaunchStack — asks the server for the parameters, prompts, launches.
function M.launch_stack(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local uri = uri_of(bufnr)
  return M.execute(bufnr, 'cfn-lsp.stackParameters', { uri = uri }, function(info)
    if type(info) ~= 'table' then
      notify('the server sent no parameter list', vim.log.levels.ERROR)
      return
    end
    local aws = (M.config and M.config.settings and M.config.settings.aws) or {}
    local given = { region = aws.region, profile = aws.profile }
    M.prompt_launch_args(uri, info, given, function(args)
      if not args then
        return
      end
      notify('launching stack ' .. args.stackName .. ' ...')
      M.execute(bufnr, 'cfn-lsp.launchStack', args, function(result)
        if type(result) == 'table' then
          notify(M.format_launch_result(result))
        end
      end)
    end)
  end)
end

--- :CfnValidate — reports whether the template is valid.
function M.validate(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return M.execute(bufnr, 'cfn-lsp.validateTemplate', { uri = uri_of(bufnr) }, function(r)
    if type(r) ~= 'table' then
      notify('the server sent no result', vim.log.levels.ERROR)
    elseif r.valid then
      notify(r.message ~= nil and r.message ~= '' and r.message or 'template is valid')
    else
      notify(r.message ~= nil and r.message ~= '' and r.message or 'template is not valid', vim.log.levels.ERROR)
    end
  end)
end

--- :CfnConvert [yaml|json] — converts the template into a new buffer named
--- like it with the other extension, of the target filetype (written only
--- when you :write it); without an argument, JSON to YAML and YAML to JSON.
function M.convert(bufnr, to)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  to = to and to:lower() or nil
  if to == nil or to == '' then
    to = vim.bo[bufnr].filetype == 'json' and 'yaml' or 'json'
  end
  local command = ({ yaml = 'cfn-lsp.convertToYAML', json = 'cfn-lsp.convertToJSON' })[to]
  if not command then
    notify('convert to yaml or json, not ' .. to, vim.log.levels.ERROR)
    return false
  end
  return M.execute(bufnr, command, { uri = uri_of(bufnr), newDocument = true }, function(r)
    if type(r) ~= 'table' or type(r.text) ~= 'string' then
      notify('the server sent no converted text', vim.log.levels.ERROR)
      return
    end
    M.open_converted(r)
  end)
end

--- Opens a conversion result ({uri, languageId, text, lost}) in a buffer
--- named after r.uri, reusing the buffer of an earlier conversion of that
--- name; returns the buffer. When that name is a buffer of another kind (the
--- original, when a converted buffer is converted back, or a file being
--- edited), the result goes to a new unnamed buffer instead, so that no text
--- of that buffer is replaced.
function M.open_converted(r)
  local name = vim.uri_to_fname(r.uri)
  local nb, taken = -1, false
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b) == name then
      if vim.b[b].cfn_lsp_converted then
        nb = b
      else
        taken = true
      end
    end
  end
  if nb == -1 then
    nb = vim.api.nvim_create_buf(true, false)
    if not taken then
      vim.api.nvim_buf_set_name(nb, name)
    end
    vim.b[nb].cfn_lsp_converted = true
  end
  local text = r.text:gsub('\n$', '')
  vim.api.nvim_buf_set_lines(nb, 0, -1, false, vim.split(text, '\n', true))
  vim.api.nvim_win_set_buf(0, nb)
  vim.bo[nb].filetype = r.languageId or 'yaml'
  if taken then
    notify(vim.fn.fnamemodify(name, ':~:.') .. ' is open in another buffer: the converted text is in a new, unnamed one (:saveas NAME keeps it)')
  end
  if r.lost and r.lost ~= '' then
    notify(r.lost, vim.log.levels.WARN)
  end
  return nb
end

--- Opens a file with the system's viewer.
local function system_open(path)
  if vim.ui and vim.ui.open then
    return vim.ui.open(path)
  end
  local opener = vim.fn.has('mac') == 1 and 'open' or 'xdg-open'
  if vim.fn.executable(opener) ~= 1 then
    notify('wrote ' .. path .. ' (no ' .. opener .. ' to open it)')
    return
  end
  vim.fn.jobstart({ opener, path }, { detach = true })
end

--- :CfnGraph [svg|mermaid] — draws the template: svg (the default) writes
--- the server's SVG to Neovim's cache directory and opens it; mermaid opens
--- the Mermaid text in a scratch buffer (filetype mermaid).
function M.graph(bufnr, format)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  format = (format == nil or format == '') and 'svg' or format:lower()
  if format ~= 'svg' and format ~= 'mermaid' then
    notify('draw the graph as svg or mermaid, not ' .. format, vim.log.levels.ERROR)
    return false
  end
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':t:r')
  return M.execute(bufnr, 'cfn-lsp.graph', { uri = uri_of(bufnr), format = format }, function(r)
    if type(r) ~= 'table' or type(r.text) ~= 'string' then
      notify('the server sent no graph', vim.log.levels.ERROR)
      return
    end
    if format == 'mermaid' then
      vim.cmd('new')
      local nb = vim.api.nvim_get_current_buf()
      vim.bo[nb].buftype = 'nofile'
      vim.api.nvim_buf_set_lines(nb, 0, -1, false, vim.split(r.text:gsub('\n$', ''), '\n', true))
      vim.bo[nb].filetype = 'mermaid'
      return
    end
    local dir = vim.fn.stdpath('cache') .. '/cfn-lsp'
    vim.fn.mkdir(dir, 'p')
    local path = dir .. '/' .. (name ~= '' and name or 'template') .. '.svg'
    local f, err = io.open(path, 'wb')
    if not f then
      notify('cannot write ' .. path .. ': ' .. tostring(err), vim.log.levels.ERROR)
      return
    end
    f:write(r.text)
    f:close()
    local open = M.config.open_graph or system_open
    open(path)
  end)
end

--- Sends new settings to the running server (merged into the current ones).
function M.update_settings(settings)
  M.config.settings = vim.tbl_deep_extend('force', M.config.settings or {}, settings or {})
  local normalized = M.normalize_settings(M.config.settings)
  for _, c in pairs(all_clients()) do
    if c.name == M.name then
      c.config.settings = { [M.section] = normalized }
      client_notify(c, 'workspace/didChangeConfiguration', { settings = c.config.settings })
    end
  end
end

local function create_commands()
  local create = vim.api.nvim_create_user_command
  create('CfnLaunchStack', function()
    M.launch_stack(0)
  end, { desc = 'CloudFormation: launch stack' })
  create('CfnValidate', function()
    M.validate(0)
  end, { desc = 'CloudFormation: validate template' })
  create('CfnConvert', function(o)
    M.convert(0, o.args)
  end, {
    nargs = '?',
    complete = function()
      return { 'yaml', 'json' }
    end,
    desc = 'CloudFormation: convert template to YAML or JSON',
  })
  create('CfnGraph', function(o)
    M.graph(0, o.args)
  end, {
    nargs = '?',
    complete = function()
      return { 'svg', 'mermaid' }
    end,
    desc = 'CloudFormation: draw the template (SVG opened, or Mermaid in a buffer)',
  })
end

--- Configures the plugin. opts: cmd, settings, filetypes,
--- detect_template_files, root_markers, lspconfig, on_attach, capabilities.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', {}, defaults, opts or {})
  if opts and opts.cmd then
    M.config.cmd = opts.cmd
  end
  if opts and opts.filetypes then
    M.config.filetypes = opts.filetypes
  end
  if not M.config.cmd then
    M.config.cmd = M.discover_cmd()
  end
  if type(M.config.cmd) == 'string' then
    M.config.cmd = { M.config.cmd }
  end

  augroup = vim.api.nvim_create_augroup('cfn_lsp', { clear = true })
  if M.config.detect_template_files then
    vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
      group = augroup,
      pattern = '*.template',
      callback = function(ev)
        vim.bo[ev.buf].filetype = M.template_filetype(vim.api.nvim_buf_get_lines(ev.buf, 0, 50, false))
      end,
    })
  end
  create_commands()

  local use_lspconfig = M.config.lspconfig
  if use_lspconfig ~= false and M.config.cmd then
    local ok = setup_lspconfig()
    if ok then
      return
    elseif use_lspconfig == true then
      notify('nvim-lspconfig is not installed; starting the client directly', vim.log.levels.WARN)
    end
  end

  vim.api.nvim_create_autocmd('FileType', {
    group = augroup,
    pattern = M.config.filetypes,
    callback = function(ev)
      M.maybe_attach(ev.buf)
    end,
  })
  -- A new or pasted template is picked up once it looks like one.
  vim.api.nvim_create_autocmd({ 'BufWritePost', 'InsertLeave' }, {
    group = augroup,
    callback = function(ev)
      M.maybe_attach(ev.buf)
    end,
  })
  if not M.config.cmd then
    return
  end
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    M.maybe_attach(b)
  end
end

return M
