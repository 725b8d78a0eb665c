-- Drives the plugin against the fake server (CFN_FAKE_SERVER) in CFN_TEST_DIR:
-- attach decisions, *.template filetypes, the three commands, settings.
local H = dofile(os.getenv('CFN_PLUGIN_DIR') .. '/testdata/harness.lua')
local dir = os.getenv('CFN_TEST_DIR')
local server_log = os.getenv('CFN_FAKE_LSP_LOG')

H.run(60000, function()
  local r = H.result
  r.notes = {}
  r.inputs = {}
  r.secrets = {}
  vim.notify = function(msg)
    table.insert(r.notes, msg)
  end
  local answers = { 'my-stack', 'prod', '' } -- stack name, Env, Count ('' keeps nothing: see below)
  vim.ui.input = function(opts, cb)
    table.insert(r.inputs, { prompt = opts.prompt, default = opts.default or '' })
    local a = table.remove(answers, 1)
    if a == '' then
      a = opts.default -- accept the pre-filled default
    end
    cb(a)
  end
  vim.fn.inputsecret = function(prompt, default)
    table.insert(r.secrets, { prompt = prompt, default = default or '' })
    if prompt:find('Token', 1, true) then
      return '' -- keep the value the server already knows
    end
    return 'hunter2'
  end

  -- With CFN_TEST_LSPCONFIG (an nvim-lspconfig checkout) the plugin goes through lspconfig.
  local lspconfig_dir = os.getenv('CFN_TEST_LSPCONFIG') or ''
  if lspconfig_dir ~= '' then
    vim.opt.runtimepath:prepend(lspconfig_dir)
  end
  local cfn = require('cfn_lsp')
  cfn.setup({
    cmd = { os.getenv('CFN_FAKE_SERVER') },
    settings = { aws = { region = 'eu-west-1' }, ignoreRules = { 'E3012' }, security = { failAsError = true } },
    lspconfig = lspconfig_dir ~= '',
  })
  r.via_lspconfig = package.loaded['lspconfig'] ~= nil
  r.commands = {
    launch = vim.fn.exists(':CfnLaunchStack') == 2,
    validate = vim.fn.exists(':CfnValidate') == 2,
    convert = vim.fn.exists(':CfnConvert') == 2,
  }

  vim.cmd('edit ' .. dir .. '/template.yaml')
  local tpl = vim.api.nvim_get_current_buf()
  H.wait(10000, 'client on template.yaml', function()
    local c = cfn.get_client(tpl)
    return c ~= nil and c.initialized
  end)
  r.template_attached = cfn.get_client(tpl) ~= nil

  vim.cmd('edit ' .. dir .. '/plain.yaml')
  local plain = vim.api.nvim_get_current_buf()
  r.plain_filetype = vim.bo[plain].filetype
  r.plain_attached = next(H.clients(plain)) ~= nil

  vim.cmd('edit ' .. dir .. '/stack.template')
  local stack = vim.api.nvim_get_current_buf()
  r.template_file_filetype = vim.bo[stack].filetype
  r.template_file_attached = cfn.get_client(stack) ~= nil

  vim.cmd('edit ' .. dir .. '/other.template')
  r.other_template_filetype = vim.bo.filetype

  -- Same client for every template buffer.
  r.client_count = #vim.tbl_keys(H.clients())

  vim.cmd('buffer ' .. tpl)
  vim.cmd('CfnLaunchStack')
  H.wait(10000, 'launch result', function()
    for _, n in ipairs(r.notes) do
      if n:find('CREATE_COMPLETE', 1, true) then
        return true
      end
    end
  end)

  vim.cmd('CfnValidate')
  H.wait(10000, 'validate result', function()
    for _, n in ipairs(r.notes) do
      if n:find('fake: invalid', 1, true) then
        return true
      end
    end
  end)

  vim.cmd('CfnConvert')
  H.wait(10000, 'convert request', function()
    return H.read_file(server_log):find('cfn-lsp.convertToJSON', 1, true) ~= nil
  end)

  cfn.update_settings({ validate = { onChange = false } })
  H.wait(10000, 'settings update', function()
    return H.read_file(server_log):find('"onChange":false', 1, true) ~= nil
  end)

  -- Commands on a buffer without the server say so instead of failing.
  vim.cmd('buffer ' .. plain)
  vim.cmd('CfnValidate')

  vim.lsp.stop_client(H.clients())
  H.wait(10000, 'client shutdown', function()
    return #H.clients() == 0
  end)
end)
