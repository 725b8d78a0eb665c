-- End-to-end script against the real server (CFN_LSP_BIN): diagnostics on
-- open, resource-type completion after `Type: `, hover, signature help, code
-- actions.
local H = dofile(os.getenv('CFN_PLUGIN_DIR') .. '/testdata/harness.lua')
local dir = os.getenv('CFN_TEST_DIR')

local function labels(result)
  local items = {}
  for _, res in pairs(result or {}) do
    local r = res.result
    if type(r) == 'table' then
      local list = r.items or r
      for _, it in ipairs(list) do
        table.insert(items, it.label)
      end
    end
  end
  return items
end

-- Position at the end of the first line equal to `text`.
local function end_of_line(buf, text)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line == text then
      return { line = i - 1, character = #line }
    end
  end
  error('no line equals ' .. text)
end

-- The buffer's diagnostics as LSP diagnostics (for codeAction context).
local function lsp_diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, {
      range = {
        start = { line = d.lnum, character = d.col },
        ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
      },
      severity = d.severity,
      message = d.message,
      source = d.source,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or nil,
    })
  end
  return out
end

local function diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, { line = d.lnum, message = d.message, severity = d.severity })
  end
  return out
end

H.run(90000, function()
  local r = H.result
  local cfn = require('cfn_lsp')
  cfn.setup({ cmd = { os.getenv('CFN_LSP_BIN'), 'serve' }, lspconfig = false })

  -- Unknown property, an unfinished resource type, an invalid type.
  vim.cmd('edit ' .. dir .. '/broken.yaml')
  local buf = vim.api.nvim_get_current_buf()
  H.wait(20000, 'client on broken.yaml', function()
    local c = cfn.get_client(buf)
    return c ~= nil and c.initialized
  end)
  r.attached = cfn.get_client(buf) ~= nil
  H.wait(20000, 'diagnostics on broken.yaml', function()
    return #vim.diagnostic.get(buf) > 0
  end)
  r.diagnostics = diagnostics(buf)

  -- Completion right after `Type: ` (empty value) and after a type prefix.
  local uri = vim.uri_from_bufnr(buf)
  local empty = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
    textDocument = { uri = uri },
    position = end_of_line(buf, '    Type: '),
  }, 20000)
  r.completion_empty = labels(empty)
  local prefixed = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
    textDocument = { uri = uri },
    position = end_of_line(buf, '    Type: AWS::S3::Bu'),
  }, 20000)
  r.completion_prefix = labels(prefixed)

  -- Hover on a resource type, signature help inside !Join's list.
  local join = '      TopicName: !Join ["-", [a, b]]'
  local at = end_of_line(buf, '    Type: AWS::SNS::Topic')
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = at.line, character = at.character - 3 },
  }, 20000)
  for _, res in pairs(hover or {}) do
    if type(res.result) == 'table' and res.result.contents then
      r.hover = res.result.contents.value
    end
  end
  local jl = end_of_line(buf, join)
  local sig = vim.lsp.buf_request_sync(buf, 'textDocument/signatureHelp', {
    textDocument = { uri = uri },
    position = { line = jl.line, character = #'      TopicName: !Join ["-", ' },
  }, 20000)
  for _, res in pairs(sig or {}) do
    local s = type(res.result) == 'table' and res.result.signatures and res.result.signatures[1]
    if s then
      local p = s.parameters[(res.result.activeParameter or 0) + 1]
      r.signature = s.label
      r.signature_active = p and s.label:sub(p.label[1] + 1, p.label[2]) or ''
    end
  end

  -- Code actions over the whole document, with its diagnostics as context.
  local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } },
    context = { diagnostics = lsp_diagnostics(buf) },
  }, 20000)
  r.code_actions = {}
  for _, res in pairs(actions or {}) do
    for _, a in ipairs(type(res.result) == 'table' and res.result or {}) do
      table.insert(r.code_actions, a.title)
    end
  end

  -- <C-x><C-o> with the plugin's omnifunc: the menu in the server's order,
  -- then a resource type inserted with its required properties. (Headless
  -- Neovim 0.7 crashes inserting the first match itself: noinsert.)
  vim.o.completeopt = 'menuone,noinsert'
  local keys = function(k)
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'x', false)
  end
  local menu = {}
  vim.api.nvim_create_autocmd('CompleteChanged', {
    callback = function()
      menu = {}
      for _, it in ipairs(vim.fn.complete_info({ 'items' }).items or {}) do
        table.insert(menu, it.abbr)
      end
    end,
  })
  vim.cmd('edit ' .. dir .. '/complete.yaml')
  local cbuf = vim.api.nvim_get_current_buf()
  H.wait(20000, 'client on complete.yaml', function()
    local c = cfn.get_client(cbuf)
    return c ~= nil and c.initialized
  end)
  r.omnifunc = vim.bo[cbuf].omnifunc
  local s3 = end_of_line(cbuf, '    Type: AWS::S3::')
  vim.api.nvim_win_set_cursor(0, { s3.line + 1, 0 })
  keys('A<C-x><C-o><C-e><Esc>')
  r.omni_s3 = menu
  local fn = end_of_line(cbuf, '    Type: AWS::Lambda::Func')
  vim.api.nvim_win_set_cursor(0, { fn.line + 1, 0 })
  keys('A<C-x><C-o><C-y><Cmd>lua _G.cfn_test_cursor = vim.api.nvim_win_get_cursor(0)<CR><Esc>')
  r.cursor = _G.cfn_test_cursor
  r.inserted_lines = vim.api.nvim_buf_get_lines(cbuf, fn.line, fn.line + 6, false)

  -- Code lenses: shown on attach, refreshed on change.
  vim.cmd('edit ' .. dir .. '/lens.yaml')
  local lbuf = vim.api.nvim_get_current_buf()
  local function lens_titles()
    local out = {}
    for _, l in ipairs(vim.lsp.codelens.get(lbuf) or {}) do
      table.insert(out, l.command and l.command.title or '')
    end
    table.sort(out)
    return out
  end
  H.wait(20000, 'code lenses on lens.yaml', function()
    return #lens_titles() == 2
  end)
  r.lenses = lens_titles()
  keys('ggdGiname: not-a-template<Esc>')
  H.wait(20000, 'code lenses to go', function()
    return #lens_titles() == 0
  end)
  r.lenses_after_change = lens_titles()

  -- :CfnConvert opens the result beside the original.
  vim.cmd('edit ' .. dir .. '/convert.yaml')
  local vbuf = vim.api.nvim_get_current_buf()
  H.wait(20000, 'client on convert.yaml', function()
    local c = cfn.get_client(vbuf)
    return c ~= nil and c.initialized
  end)
  vim.cmd('CfnConvert')
  H.wait(20000, 'the converted buffer', function()
    return vim.api.nvim_get_current_buf() ~= vbuf
  end)
  local nb = vim.api.nvim_get_current_buf()
  r.converted = {
    name = vim.api.nvim_buf_get_name(nb),
    filetype = vim.bo[nb].filetype,
    lines = vim.api.nvim_buf_get_lines(nb, 0, -1, false),
    original = vim.api.nvim_buf_get_lines(vbuf, 0, 1, false),
  }
  -- Converting that result back names convert.yaml, the original's buffer:
  -- the original keeps its text, the result goes to a buffer of its own.
  local before = vim.api.nvim_buf_get_lines(vbuf, 0, -1, false)
  H.wait(20000, 'client on the converted buffer', function()
    local c = cfn.get_client(nb)
    return c ~= nil and c.initialized
  end)
  vim.cmd('CfnConvert')
  H.wait(20000, 'the buffer converted back', function()
    return vim.api.nvim_get_current_buf() ~= nb
  end)
  local back = vim.api.nvim_get_current_buf()
  r.converted_back = {
    same_as_original = back == vbuf,
    filetype = vim.bo[back].filetype,
    lines = vim.api.nvim_buf_get_lines(back, 0, -1, false),
    original_kept = vim.deep_equal(before, vim.api.nvim_buf_get_lines(vbuf, 0, -1, false)),
    original_modified = vim.bo[vbuf].modified,
  }

  -- :CfnGraph mermaid opens the drawing in a scratch buffer; :CfnGraph
  -- writes the SVG and opens it with the configured opener.
  vim.cmd('edit ' .. dir .. '/convert.yaml')
  local gbuf = vim.api.nvim_get_current_buf()
  vim.cmd('CfnGraph mermaid')
  H.wait(20000, 'the mermaid buffer', function()
    return vim.bo[vim.api.nvim_get_current_buf()].filetype == 'mermaid'
  end)
  r.mermaid = vim.api.nvim_buf_get_lines(vim.api.nvim_get_current_buf(), 0, -1, false)
  vim.cmd('close')
  vim.api.nvim_set_current_buf(gbuf)
  cfn.config.open_graph = function(path)
    r.graph_opened = path
  end
  vim.cmd('CfnGraph')
  H.wait(30000, 'the SVG opened', function()
    return r.graph_opened ~= nil
  end)
  local f = io.open(r.graph_opened, 'rb')
  r.svg = f and f:read('*a') or ''
  if f then
    f:close()
  end

  -- A YAML syntax error is reported too.
  vim.cmd('edit ' .. dir .. '/syntax.yaml')
  local sbuf = vim.api.nvim_get_current_buf()
  H.wait(20000, 'diagnostics on syntax.yaml', function()
    return #vim.diagnostic.get(sbuf) > 0
  end)
  r.syntax_diagnostics = diagnostics(sbuf)

  vim.lsp.stop_client(H.clients())
  H.wait(10000, 'client shutdown', function()
    return #H.clients() == 0
  end)
end)
