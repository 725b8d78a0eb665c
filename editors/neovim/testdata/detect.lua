-- Evaluates the plugin's pure helpers on the cases in CFN_TEST_CASES.
local H = dofile(os.getenv('CFN_PLUGIN_DIR') .. '/testdata/harness.lua')
H.run(20000, function()
  local cfn = require('cfn_lsp')
  local cases = vim.fn.json_decode(H.read_file(os.getenv('CFN_TEST_CASES')))
  H.result.template = {}
  for _, text in ipairs(cases.template) do
    table.insert(H.result.template, cfn.looks_like_template(text))
  end
  H.result.filetype = {}
  for _, text in ipairs(cases.filetype) do
    table.insert(H.result.filetype, cfn.template_filetype(vim.split(text, '\n', true)))
  end
  H.result.stack_name = {}
  for _, name in ipairs(cases.stack_name) do
    table.insert(H.result.stack_name, cfn.validate_stack_name(name) or '')
  end
  H.result.parameter = {}
  for _, c in ipairs(cases.parameter) do
    table.insert(H.result.parameter, cfn.validate_parameter(c.param, c.value) or '')
  end
  H.result.settings_json = vim.json.encode(cfn.normalize_settings(cases.settings))
  H.result.empty_settings_json = vim.json.encode(cfn.normalize_settings({}))
  H.result.launch_result = cfn.format_launch_result(cases.launch_result)
  cfn.config = { root_markers = cases.root_markers }
  H.result.root = {}
  for _, f in ipairs(cases.root_files) do
    table.insert(H.result.root, cfn.root_dir(f))
  end
end)
