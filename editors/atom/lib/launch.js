'use strict';
/**
 * Client-side command flows: Launch Stack (with parameter prompting),
 * Validate Template, Convert. They talk to the editor through `ui`
 * ({input(opts) -> Promise<string|undefined>, busy(title, fn), info(msg),
 * error(msg)}) and to the server through `execute(command, arg)`, so they
 * run under plain node in tests.
 */

const ServerCommand = {
  stackParameters: 'cfn-lsp.stackParameters',
  launchStack: 'cfn-lsp.launchStack',
  validateTemplate: 'cfn-lsp.validateTemplate',
  convertToYAML: 'cfn-lsp.convertToYAML',
  convertToJSON: 'cfn-lsp.convertToJSON',
};

function validateStackName(name) {
  if (!name) return 'A stack name is required.';
  if (name.length > 128) return 'A stack name has at most 128 characters.';
  if (!/^[A-Za-z][-A-Za-z0-9]*$/.test(name)) {
    return 'A stack name starts with a letter and contains only letters, digits and hyphens.';
  }
  return undefined;
}

function isNumber(s) {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

function validateParameterValue(p, value) {
  if (Array.isArray(p.allowedValues) && p.allowedValues.length > 0 && !p.allowedValues.includes(value)) {
    return `Allowed values: ${p.allowedValues.join(', ')}`;
  }
  if (p.type === 'Number' && !isNumber(value)) return `${p.name} must be a number.`;
  if (p.type === 'List<Number>' && !value.split(',').every(isNumber)) {
    return `${p.name} must be a comma-separated list of numbers.`;
  }
  return undefined;
}

function message(err) {
  return err && err.message ? err.message : String(err);
}

function formatLaunchResult(r) {
  let msg = `Stack ${r.stackName}: ${r.status}`;
  if (r.message) msg += ` — ${r.message}`;
  const outputs = Object.entries(r.outputs || {});
  if (outputs.length > 0) msg += '. Outputs: ' + outputs.map(([k, v]) => `${k}=${v}`).join(', ');
  return msg;
}

/**
 * Prompts for the stack name and each parameter (defaults pre-filled,
 * NoEcho masked). Invalid input is asked again. Resolves the launchStack
 * argument, or undefined when the user cancels.
 */
async function promptLaunchArgs(uri, info, ui, given = {}) {
  const ask = async (opts, validate) => {
    let value = opts.value;
    for (;;) {
      const v = await ui.input({ ...opts, value });
      if (v === undefined) return undefined;
      const err = validate(v);
      if (!err) return v;
      ui.error(err);
      value = v;
    }
  };
  let stackName = given.stackName;
  if (!stackName) {
    stackName = await ask({ prompt: 'Stack name', value: info.stackName }, validateStackName);
    if (stackName === undefined) return undefined;
  }
  const parameters = { ...(given.parameters || {}) };
  for (const p of info.parameters || []) {
    if (Object.prototype.hasOwnProperty.call(parameters, p.name)) continue;
    let prompt = `${p.name} (${p.type})`;
    if (p.description) prompt += `: ${p.description}`;
    if (Array.isArray(p.allowedValues) && p.allowedValues.length > 0) prompt += ` [${p.allowedValues.join(' | ')}]`;
    // A NoEcho value the server already knows (parameters file) is kept on empty input.
    const keep = !!p.noEcho && p.hasValue === true;
    if (keep) prompt += ' (empty: keep the saved value)';
    const v = await ask({ prompt, value: p.default, password: !!p.noEcho }, (x) =>
      x === '' && keep ? undefined : validateParameterValue(p, x),
    );
    if (v === undefined) return undefined;
    if (v === '' && keep) continue;
    parameters[p.name] = v;
  }
  return { ...given, uri, stackName, parameters };
}

/** The Launch Stack flow; resolves the server's result or undefined. */
async function launchStack(uri, execute, ui, given = {}) {
  let info;
  try {
    info = await execute(ServerCommand.stackParameters, { uri });
  } catch (err) {
    ui.error(`Cannot read the template's parameters: ${message(err)}`);
    return undefined;
  }
  if (!info || !Array.isArray(info.parameters)) {
    ui.error("Cannot read the template's parameters: the server sent no parameter list.");
    return undefined;
  }
  const args = await promptLaunchArgs(uri, info, ui, given);
  if (!args) return undefined;
  try {
    const result = await ui.busy(`Launching stack ${args.stackName}`, () => execute(ServerCommand.launchStack, args));
    if (!result) {
      ui.error(`Launching stack ${args.stackName}: the server sent no result.`);
      return undefined;
    }
    ui.info(formatLaunchResult(result));
    return result;
  } catch (err) {
    ui.error(`Launching stack ${args.stackName} failed: ${message(err)}`);
    return undefined;
  }
}

/** Runs cfn-lsp.validateTemplate and reports the outcome. */
async function validateTemplate(uri, execute, ui) {
  try {
    const r = await ui.busy('Validating template', () => execute(ServerCommand.validateTemplate, { uri }));
    if (!r) {
      ui.error('Validate Template: the server sent no result.');
      return undefined;
    }
    if (r.valid) ui.info(r.message || 'The template is valid.');
    else ui.error(r.message || 'The template is not valid.');
    return r;
  } catch (err) {
    ui.error(`Validate Template failed: ${message(err)}`);
    return undefined;
  }
}

/** Asks the server to convert the template (it applies the edit itself). */
async function convertTemplate(uri, to, execute, ui) {
  const command = to === 'YAML' ? ServerCommand.convertToYAML : ServerCommand.convertToJSON;
  try {
    await execute(command, { uri });
    return true;
  } catch (err) {
    ui.error(`Convert to ${to} failed: ${message(err)}`);
    return false;
  }
}

/** Reports whether a launchStack argument (from a code action) still needs prompting. */
function needsPrompt(arg) {
  return (
    arg !== null &&
    typeof arg === 'object' &&
    typeof arg.uri === 'string' &&
    (typeof arg.stackName !== 'string' || arg.stackName === '' || arg.parameters === undefined)
  );
}

module.exports = {
  ServerCommand,
  needsPrompt,
  validateStackName,
  validateParameterValue,
  formatLaunchResult,
  promptLaunchArgs,
  launchStack,
  validateTemplate,
  convertTemplate,
};
