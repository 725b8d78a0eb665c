-- Shared helpers for the Lua test scripts: bounded waits, result file,
-- watchdog. Every wait has a timeout; the script always writes its result
-- and quits, even on error.
local H = { result = { errors = {} } }

local out = assert(os.getenv('CFN_TEST_OUT'), 'CFN_TEST_OUT not set')

function H.fail(msg)
  table.insert(H.result.errors, msg)
end

-- Waits up to ms for cond(); records an error naming what timed out.
function H.wait(ms, what, cond)
  local ok = vim.wait(ms, function()
    local good, v = pcall(cond)
    return good and v
  end, 50)
  if not ok then
    H.fail('timed out waiting for ' .. what)
  end
  return ok
end

local done = false
function H.finish()
  if done then
    return
  end
  done = true
  local ok = pcall(function()
    local f = assert(io.open(out, 'w'))
    f:write(vim.fn.json_encode(H.result))
    f:close()
  end)
  -- Exit non-zero when the result could not be written.
  vim.cmd(ok and 'qa!' or 'cquit! 3')
end

-- Runs body, then writes the result and quits; a watchdog quits after
-- limit_ms whatever happens.
function H.run(limit_ms, body)
  vim.defer_fn(function()
    H.fail('watchdog: script did not finish in ' .. limit_ms .. ' ms')
    H.finish()
  end, limit_ms)
  local ok, err = xpcall(body, debug.traceback)
  if not ok then
    H.fail('script error: ' .. tostring(err))
  end
  H.finish()
end

-- LSP clients (of bufnr, or all), on any Neovim version.
function H.clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(bufnr and { bufnr = bufnr } or nil)
  end
  return bufnr and vim.lsp.buf_get_clients(bufnr) or vim.lsp.get_active_clients()
end

function H.read_file(path)
  local f = io.open(path, 'r')
  if not f then
    return ''
  end
  local s = f:read('*a')
  f:close()
  return s
end

return H
