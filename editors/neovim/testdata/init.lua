-- Test init file: puts the plugin (CFN_PLUGIN_DIR) on the runtimepath and
-- keeps the headless editor quiet. The test script runs after it.
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.opt.more = false
vim.opt.runtimepath:prepend(os.getenv('CFN_PLUGIN_DIR'))
vim.cmd('filetype on')
