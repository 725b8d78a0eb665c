-- A stack launch from Neovim against moto_server (CFN_MOTO_URL): the
-- server's $/progress shown with vim.notify and the statusline function.
local H = dofile(os.getenv('CFN_PLUGIN_DIR') .. '/testdata/harness.lua')
local dir = os.getenv('CFN_TEST_DIR')

H.run(90000, function()
  local r = H.result
  r.notes, r.statusline = {}, {}
  vim.notify = function(msg)
    table.insert(r.notes, msg)
  end
  local cfn = require('cfn_lsp')
  cfn.setup({
    cmd = { os.getenv('CFN_LSP_BIN'), 'serve' },
    lspconfig = false,
    settings = { aws = { region = 'us-east-1', endpointUrl = os.getenv('CFN_MOTO_URL') } },
  })
  vim.cmd('edit ' .. dir .. '/queue.yaml')
  local buf = vim.api.nvim_get_current_buf()
  H.wait(20000, 'client on queue.yaml', function()
    local c = cfn.get_client(buf)
    return c ~= nil and c.initialized
  end)
  cfn.execute(buf, 'cfn-lsp.launchStack', {
    uri = vim.uri_from_bufnr(buf),
    stackName = 'nvim-e2e',
    parameters = vim.empty_dict(),
    yes = true,
  }, function(res)
    r.result = res
  end)
  H.wait(60000, 'the launch to finish', function()
    local s = cfn.statusline()
    if s ~= '' and r.statusline[#r.statusline] ~= s then
      table.insert(r.statusline, s)
    end
    return r.result ~= nil
  end)
  vim.lsp.stop_client(H.clients())
  H.wait(10000, 'client shutdown', function()
    return #H.clients() == 0
  end)
end)
