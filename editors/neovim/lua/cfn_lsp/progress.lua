-- cfn_lsp.progress: the server's work-done progress ($/progress: a stack
-- launch's stages and events), shown as one vim.notify per stage and kept for
-- a statusline (require('cfn_lsp').statusline()).

local M = {}

-- Running tasks by token: { title, message, percentage }.
M.tasks = {}
-- The last message shown, for the statusline after a task ends.
M.last = ''

local function text(task)
  local s = task.title or ''
  if task.message and task.message ~= '' then
    s = s ~= '' and (s .. ': ' .. task.message) or task.message
  end
  if task.percentage then
    s = s .. string.format(' (%d%%)', task.percentage)
  end
  return s
end

--- Handles one $/progress value; notify(msg) shows it.
function M.update(token, value, notify)
  if type(value) ~= 'table' then
    return
  end
  local task = M.tasks[token] or {}
  if value.kind == 'begin' then
    task = { title = value.title }
  end
  task.message = value.message or task.message
  task.percentage = value.percentage or task.percentage
  M.last = text(task)
  if value.kind == 'end' then
    M.tasks[token] = nil
  else
    M.tasks[token] = task
  end
  notify(M.last)
end

--- A statusline item: the running task's state, '' when there is none.
function M.statusline()
  for _, task in pairs(M.tasks) do
    return text(task)
  end
  return ''
end

--- Wraps Neovim's $/progress handler (which keeps client.messages or
--- client.progress current for other plugins) so that cfn-lsp's progress is
--- shown as well.
function M.handler(notify)
  local default = vim.lsp.handlers['$/progress']
  return function(err, result, ctx, config)
    if default then
      default(err, result, ctx, config)
    end
    if not err and type(result) == 'table' then
      M.update(result.token, result.value, notify)
    end
  end
end

return M
