-- cfn_lsp.omni: an omnifunc (<C-x><C-o>) for cfn-lsp that inserts what the
-- server means, on Neovim 0.7 to 0.11.
--
-- Neovim's own vim.lsp.omnifunc starts the completion at the keyword before
-- the cursor (`AWS::S3::` is not one) and inserts an item's text with
-- complete(), which cannot insert a line break (it becomes a NUL). This one
-- starts where the items' textEdit starts, shows them in the server's order
-- (sortText), inserts their first line with complete() and, when an item is
-- chosen, the rest of its lines, the text its edit replaces after the cursor
-- and its additionalTextEdits.

local M = {}

-- The byte column of UTF-16 offset `units` in line (the server's positions
-- count UTF-16 code units).
function M.byte_col(line, units)
  local i, u = 1, 0
  while i <= #line and u < units do
    local b = line:byte(i)
    local len = b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
    u = u + (len == 4 and 2 or 1)
    i = i + len
  end
  return i - 1
end

-- The UTF-16 offset of byte column col in line.
function M.utf16_col(line, col)
  local i, u = 1, 0
  while i <= col and i <= #line do
    local b = line:byte(i)
    local len = b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
    u = u + (len == 4 and 2 or 1)
    i = i + len
  end
  return u
end

local kinds = {
  'Text', 'Method', 'Function', 'Constructor', 'Field', 'Variable', 'Class', 'Interface', 'Module',
  'Property', 'Unit', 'Value', 'Enum', 'Keyword', 'Snippet', 'Color', 'File', 'Reference', 'Folder',
  'EnumMember', 'Constant', 'Struct', 'Event', 'Operator', 'TypeParameter',
}

-- Plain text of a snippet: tab stops become their default text.
function M.snippet_text(s)
  s = s:gsub('%${%d+|([^,|}]*)[^}]*|}', '%1')
  s = s:gsub('%${%d+:([^}]*)}', '%1')
  s = s:gsub('%${%d+}', ''):gsub('%$%d+', '')
  return (s:gsub('\\([%$}\\])', '%1'))
end

local function sorted(items)
  local list = {}
  for i, it in ipairs(items) do
    list[i] = it
  end
  table.sort(list, function(a, b)
    local sa, sb = a.sortText or a.label, b.sortText or b.label
    if sa ~= sb then
      return sa < sb
    end
    return a.label < b.label
  end)
  return list
end

-- matches reports whether an item's filter text goes with what is typed:
-- as a prefix, or anywhere (in any case).
local function matches(item, base)
  if base == '' then
    return true
  end
  local f = (item.filterText or item.label):lower()
  base = base:lower()
  return f:sub(1, #base) == base or f:find(base, 1, true) ~= nil
end

--- The complete-items of a completion answer, in the server's order.
--- state: { items, row, line, cursor (byte col) }; base: the text typed
--- from the start column.
function M.complete_items(state, base)
  local out = {}
  for _, it in ipairs(sorted(state.items or {})) do
    if matches(it, base) then
      local text = it.textEdit and it.textEdit.newText or it.insertText or it.label
      if it.insertTextFormat == 2 then
        text = M.snippet_text(text)
      end
      local first, rest = text:match('^([^\n]*)(\n.*)$')
      if not first then
        first = text
      end
      -- the part of the edit's range after the cursor, which complete() leaves
      local tail = 0
      local r = it.textEdit and (it.textEdit.range or it.textEdit.replace)
      if r and r['end'].line == state.row then
        tail = math.max(M.byte_col(state.line, r['end'].character) - state.cursor, 0)
      end
      local doc = it.documentation
      if type(doc) == 'table' then
        doc = doc.value
      end
      table.insert(out, {
        word = first,
        abbr = it.label,
        kind = kinds[it.kind] or '',
        menu = it.detail or '',
        info = doc or '',
        icase = 1,
        dup = 1,
        empty = 1,
        user_data = { cfn_lsp = { rest = rest, tail = tail, edits = it.additionalTextEdits } },
      })
    end
  end
  return out
end

M.state = nil

--- omnifunc(findstart, base) for a buffer the cfn-lsp client is attached to.
--- request(params) sends textDocument/completion synchronously and returns
--- the result.
function M.omnifunc(findstart, base, request)
  if findstart == 1 then
    local row, col = unpack(vim.api.nvim_win_get_cursor(0))
    local line = vim.api.nvim_get_current_line()
    local buf = vim.api.nvim_get_current_buf()
    local result = request({
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = row - 1, character = M.utf16_col(line, col) },
    })
    local items = type(result) == 'table' and (result.items or result) or {}
    local start = col
    for _, it in ipairs(items) do
      local r = it.textEdit and (it.textEdit.range or it.textEdit.insert)
      if r and r.start.line == row - 1 then
        start = math.min(start, M.byte_col(line, r.start.character))
      end
    end
    if #items == 0 then
      M.state = nil
      return -3 -- nothing to offer: leave completion mode quietly
    end
    M.state = { items = items, row = row - 1, line = line, cursor = col, buf = buf }
    return start
  end
  if not M.state then
    return {}
  end
  return M.complete_items(M.state, base)
end

--- Finishes the insertion of the item just chosen (CompleteDone): the
--- remaining lines, the rest of the replaced word, the additional edits.
--- The cursor ends after the inserted text.
function M.complete_done(offset_encoding)
  local item = vim.v.completed_item
  local data = type(item) == 'table' and type(item.user_data) == 'table' and item.user_data.cfn_lsp
  if type(data) ~= 'table' then
    return
  end
  local buf = vim.api.nvim_get_current_buf()
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  if (data.tail or 0) > 0 then
    vim.api.nvim_buf_set_text(buf, row - 1, col, row - 1, col + data.tail, { '' })
  end
  if type(data.rest) == 'string' and data.rest ~= '' then
    local lines = vim.split(data.rest, '\n', true)
    vim.api.nvim_buf_set_text(buf, row - 1, col, row - 1, col, lines)
    vim.api.nvim_win_set_cursor(0, { row + #lines - 1, #lines[#lines] })
  end
  if type(data.edits) == 'table' and #data.edits > 0 then
    vim.lsp.util.apply_text_edits(data.edits, buf, offset_encoding or 'utf-16')
  end
end

return M
