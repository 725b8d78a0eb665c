/**
 * Client-side flows for the server's workspace/executeCommand commands:
 * launching a stack (with parameter prompting), validating and converting
 * a template. Talks to the editor only through the Ui and CommandRunner
 * interfaces, so it runs under plain node in tests.
 */

/** Command ids implemented by the server. */
export const ServerCommand = {
  stackParameters: 'cfn-lsp.stackParameters',
  launchStack: 'cfn-lsp.launchStack',
  validateTemplate: 'cfn-lsp.validateTemplate',
  convertToYAML: 'cfn-lsp.convertToYAML',
  convertToJSON: 'cfn-lsp.convertToJSON',
  permissions: 'cfn-lsp.permissions',
} as const;

/** One template parameter as described by cfn-lsp.stackParameters. */
export interface StackParameter {
  name: string;
  type: string;
  default?: string;
  noEcho: boolean;
  /** A NoEcho value is already known (parameters file); empty input keeps it. */
  hasValue?: boolean;
  allowedValues?: string[];
  description?: string;
}

/** Reports whether empty input keeps a value the server already knows. */
export function keepsKnownValue(p: StackParameter): boolean {
  return p.noEcho && p.hasValue === true;
}

/** Result of cfn-lsp.stackParameters. */
export interface StackParametersResult {
  stackName: string;
  parameters: StackParameter[];
}

/** Argument of cfn-lsp.launchStack. */
export interface LaunchStackArgs {
  uri: string;
  stackName: string;
  parameters: Record<string, string>;
  region?: string;
  profile?: string;
  capabilities?: string[];
  tags?: Record<string, string>;
  yes?: boolean;
}

/** Result of cfn-lsp.launchStack. */
export interface LaunchStackResult {
  stackName: string;
  status: string;
  outputs?: Record<string, string>;
  message?: string;
}

/** Result of cfn-lsp.validateTemplate. */
export interface ValidateResult {
  valid: boolean;
  message: string;
}

/** Options of one input box (a subset of vscode.InputBoxOptions). */
export interface InputOptions {
  title: string;
  prompt: string;
  value?: string;
  placeHolder?: string;
  password?: boolean;
  validateInput?: (value: string) => string | undefined;
}

/** Cancellation signal shared with the editor (like vscode.CancellationToken). */
export interface CancelToken {
  isCancellationRequested: boolean;
}

/** What the flows need from the editor UI. */
export interface Ui {
  /** Shows an input box; resolves undefined when the user cancels. */
  input(options: InputOptions): Promise<string | undefined>;
  /** Runs task while showing a cancellable progress notification. */
  withProgress<T>(title: string, task: (token: CancelToken) => Promise<T>): Promise<T>;
  info(message: string): void;
  error(message: string): void;
}

/** Sends workspace/executeCommand to the server. */
export interface CommandRunner {
  execute<T>(command: string, arg: object, token?: CancelToken): Promise<T>;
}

const STACK_NAME = /^[A-Za-z][-A-Za-z0-9]*$/;

/** Validates a CloudFormation stack name; returns an error message or undefined. */
export function validateStackName(name: string): string | undefined {
  if (name.length === 0) {
    return 'A stack name is required.';
  }
  if (name.length > 128) {
    return 'A stack name has at most 128 characters.';
  }
  if (!STACK_NAME.test(name)) {
    return 'A stack name starts with a letter and contains only letters, digits and hyphens.';
  }
  return undefined;
}

function isNumber(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

/** Validates a value for one parameter; returns an error message or undefined. */
export function validateParameterValue(p: StackParameter, value: string): string | undefined {
  if (p.allowedValues && p.allowedValues.length > 0 && !p.allowedValues.includes(value)) {
    return `Allowed values: ${p.allowedValues.join(', ')}`;
  }
  if (p.type === 'Number' && !isNumber(value)) {
    return `${p.name} must be a number.`;
  }
  if (p.type === 'List<Number>' && !value.split(',').every(isNumber)) {
    return `${p.name} must be a comma-separated list of numbers.`;
  }
  return undefined;
}

function parameterPrompt(p: StackParameter): string {
  let prompt = `${p.name} (${p.type})`;
  if (p.description) {
    prompt += `: ${p.description}`;
  }
  if (p.allowedValues && p.allowedValues.length > 0) {
    prompt += ` [${p.allowedValues.join(' | ')}]`;
  }
  if (keepsKnownValue(p)) {
    prompt += ' (empty: keep the saved value)';
  }
  return prompt;
}

/**
 * Prompts for the stack name and every parameter, pre-filling suggestions
 * and defaults and masking NoEcho parameters. Values already present in
 * `given` are not asked for. Resolves undefined if the user cancels.
 */
export async function promptLaunchArgs(
  uri: string,
  info: StackParametersResult,
  ui: Ui,
  given: Partial<LaunchStackArgs> = {},
): Promise<LaunchStackArgs | undefined> {
  let stackName = given.stackName;
  if (!stackName) {
    stackName = await ui.input({
      title: 'Launch Stack',
      prompt: 'Stack name',
      value: info.stackName,
      validateInput: validateStackName,
    });
    if (stackName === undefined) {
      return undefined;
    }
  }
  const parameters: Record<string, string> = { ...(given.parameters ?? {}) };
  const params = info.parameters ?? [];
  for (const [i, p] of params.entries()) {
    if (Object.prototype.hasOwnProperty.call(parameters, p.name)) {
      continue;
    }
    const value = await ui.input({
      title: `Launch Stack: parameter ${i + 1}/${params.length}`,
      prompt: parameterPrompt(p),
      value: p.default,
      password: p.noEcho,
      validateInput: (v) => (v === '' && keepsKnownValue(p) ? undefined : validateParameterValue(p, v)),
    });
    if (value === undefined) {
      return undefined;
    }
    if (value === '' && keepsKnownValue(p)) {
      continue; // the server uses the value it knows
    }
    parameters[p.name] = value;
  }
  const args: LaunchStackArgs = { ...given, uri, stackName, parameters };
  return args;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    return err.message;
  }
  return String(err);
}

/** Formats a launch result for a notification. */
export function formatLaunchResult(r: LaunchStackResult): string {
  let msg = `Stack ${r.stackName}: ${r.status}`;
  if (r.message) {
    msg += ` — ${r.message}`;
  }
  const outputs = Object.entries(r.outputs ?? {});
  if (outputs.length > 0) {
    msg += '. Outputs: ' + outputs.map(([k, v]) => `${k}=${v}`).join(', ');
  }
  return msg;
}

/**
 * The Launch Stack flow: asks the server which parameters the template has,
 * prompts for the missing values, then launches inside a progress
 * notification. `given` carries arguments already known (from a code lens
 * or the region/profile settings). Resolves the server's result, or
 * undefined if cancelled or failed (the user has been told).
 */
export async function launchStack(
  uri: string,
  runner: CommandRunner,
  ui: Ui,
  given: Partial<LaunchStackArgs> = {},
): Promise<LaunchStackResult | undefined> {
  let info: StackParametersResult;
  try {
    info = await runner.execute<StackParametersResult>(ServerCommand.stackParameters, { uri });
  } catch (err) {
    ui.error(`Cannot read the template's parameters: ${describeError(err)}`);
    return undefined;
  }
  if (!info || !Array.isArray(info.parameters)) {
    ui.error('Cannot read the template\'s parameters: the server sent no parameter list.');
    return undefined;
  }
  const args = await promptLaunchArgs(uri, info, ui, given);
  if (!args) {
    return undefined;
  }
  try {
    const result = await ui.withProgress(`Launching stack ${args.stackName}`, (token) =>
      runner.execute<LaunchStackResult>(ServerCommand.launchStack, args, token),
    );
    if (!result) {
      ui.error(`Launching stack ${args.stackName}: the server sent no result.`);
      return undefined;
    }
    ui.info(formatLaunchResult(result));
    return result;
  } catch (err) {
    ui.error(`Launching stack ${args.stackName} failed: ${describeError(err)}`);
    return undefined;
  }
}

/** Runs cfn-lsp.validateTemplate and reports the outcome. */
export async function validateTemplate(uri: string, runner: CommandRunner, ui: Ui): Promise<ValidateResult | undefined> {
  try {
    const r = await ui.withProgress('Validating template', (token) =>
      runner.execute<ValidateResult>(ServerCommand.validateTemplate, { uri }, token),
    );
    if (!r) {
      ui.error('Validate Template: the server sent no result.');
      return undefined;
    }
    if (r.valid) {
      ui.info(r.message || 'The template is valid.');
    } else {
      ui.error(r.message || 'The template is not valid.');
    }
    return r;
  } catch (err) {
    ui.error(`Validate Template failed: ${describeError(err)}`);
    return undefined;
  }
}

/** The server's answer to a convert command with newDocument. */
export interface ConvertResult {
  /** Where the converted template would live: the original's name, the other extension. */
  uri: string;
  languageId: string;
  text: string;
  /** Which comments the conversion dropped, when it dropped some. */
  lost?: string;
}

/**
 * Asks the server to convert the template and opens the result as a new,
 * unsaved document beside the original (open), as the Neovim client does;
 * the original is left as it is.
 */
export async function convertTemplate(
  uri: string,
  to: 'YAML' | 'JSON',
  runner: CommandRunner,
  ui: Ui,
  open: (r: ConvertResult) => PromiseLike<void>,
): Promise<boolean> {
  const command = to === 'YAML' ? ServerCommand.convertToYAML : ServerCommand.convertToJSON;
  try {
    const r = await runner.execute<ConvertResult | null>(command, { uri, newDocument: true });
    if (!r || typeof r.text !== 'string') {
      ui.error(`Convert to ${to} failed: the server sent no converted text`);
      return false;
    }
    await open(r);
    if (r.lost) {
      ui.info(r.lost);
    }
    return true;
  } catch (err) {
    ui.error(`Convert to ${to} failed: ${describeError(err)}`);
    return false;
  }
}

/** The server's answer to cfn-lsp.permissions. */
export interface PermissionsResult {
  /** Where the policy would live beside the template (TEMPLATE.policy.json). */
  uri: string;
  languageId: string;
  /** The IAM policy document, JSON. */
  text: string;
  /** What the policy does not cover (custom resources, types without known permissions). */
  notes?: string[];
}

/**
 * Puts the IAM policy the server answered cfn-lsp.permissions with (the code
 * action "Copy the IAM policy to deploy it") on the clipboard (copy), and
 * says what it does not cover.
 */
export async function copyPolicy(r: unknown, copy: (text: string) => PromiseLike<void>, ui: Ui): Promise<boolean> {
  const p = r as Partial<PermissionsResult> | null;
  if (!p || typeof p.text !== 'string') {
    ui.error('Copy the IAM policy failed: the server sent no policy');
    return false;
  }
  await copy(p.text);
  const notes = p.notes ?? [];
  ui.info(notes.length === 0 ? 'IAM policy copied to the clipboard.' : `IAM policy copied to the clipboard. Not covered: ${notes.join('; ')}`);
  return true;
}

/**
 * Reports whether a launchStack argument from the server (code lens or code
 * action) lacks what the server needs, so the client must prompt first.
 */
export function needsPrompt(arg: unknown): arg is { uri: string } & Partial<LaunchStackArgs> {
  if (arg === null || typeof arg !== 'object') {
    return false;
  }
  const a = arg as Partial<LaunchStackArgs>;
  return typeof a.uri === 'string' && (typeof a.stackName !== 'string' || a.stackName === '' || a.parameters === undefined);
}
