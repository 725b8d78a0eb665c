/**
 * Maps the extension's `cfn-lsp.*` settings to the object the server expects
 * (as initializationOptions, workspace/configuration answer and
 * workspace/didChangeConfiguration payload). No runtime dependency on vscode.
 */

/** The settings section shared by the client and the server. */
export const SECTION = 'cfn-lsp';

/** Reads one setting, like vscode.WorkspaceConfiguration.get. */
export interface ConfigurationLike {
  get<T>(key: string): T | undefined;
}

/** AWS connection settings used by stack operations. */
export interface AwsSettings {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  s3Bucket?: string;
  /** Simulate the caller against the template's IAM policy before a launch. */
  checkPermissions?: boolean;
}

/** The settings object the server receives (the client-only `path` is left out). */
export interface ServerSettings {
  spec?: string;
  aws: AwsSettings;
  ignoreRules: string[];
  security: { enabled: boolean; failAsError: boolean };
  rulesDir?: string;
  validate: { onChange: boolean };
  workspace?: { unresolvedImports: string };
}

function str(cfg: ConfigurationLike, key: string): string | undefined {
  const v = cfg.get<unknown>(key);
  if (typeof v !== 'string') {
    return undefined;
  }
  const t = v.trim();
  return t === '' ? undefined : t;
}

function bool(cfg: ConfigurationLike, key: string, fallback: boolean): boolean {
  const v = cfg.get<unknown>(key);
  return typeof v === 'boolean' ? v : fallback;
}

function strings(cfg: ConfigurationLike, key: string): string[] {
  const v = cfg.get<unknown>(key);
  if (!Array.isArray(v)) {
    return [];
  }
  const out: string[] = [];
  for (const item of v) {
    if (typeof item === 'string' && item.trim() !== '' && !out.includes(item.trim())) {
      out.push(item.trim());
    }
  }
  return out;
}

/**
 * Builds the server settings from the `cfn-lsp` configuration section.
 * Empty strings are omitted so the server applies its own defaults;
 * booleans default as the contract says.
 */
export function serverSettings(cfg: ConfigurationLike): ServerSettings {
  const aws: AwsSettings = {};
  const region = str(cfg, 'aws.region');
  const profile = str(cfg, 'aws.profile');
  const endpointUrl = str(cfg, 'aws.endpointUrl');
  const s3Bucket = str(cfg, 'aws.s3Bucket');
  if (region) aws.region = region;
  if (profile) aws.profile = profile;
  if (endpointUrl) aws.endpointUrl = endpointUrl;
  if (s3Bucket) aws.s3Bucket = s3Bucket;
  if (bool(cfg, 'aws.checkPermissions', false)) aws.checkPermissions = true;

  const out: ServerSettings = {
    aws,
    ignoreRules: strings(cfg, 'ignoreRules'),
    security: {
      enabled: bool(cfg, 'security.enabled', true),
      failAsError: bool(cfg, 'security.failAsError', false),
    },
    validate: { onChange: bool(cfg, 'validate.onChange', true) },
  };
  const spec = str(cfg, 'spec');
  if (spec) out.spec = spec;
  const rulesDir = str(cfg, 'rulesDir');
  if (rulesDir) out.rulesDir = rulesDir;
  const unresolved = str(cfg, 'workspace.unresolvedImports');
  if (unresolved) out.workspace = { unresolvedImports: unresolved };
  return out;
}

/** The configured server binary path, or undefined when unset. */
export function configuredServerPath(cfg: ConfigurationLike): string | undefined {
  return str(cfg, 'path');
}

/**
 * Answers one workspace/configuration item for our section: `cfn-lsp` gives
 * the whole object, `cfn-lsp.aws` (etc.) the nested value. Returns
 * `{ handled: false }` for sections that belong to someone else.
 */
export function lookupSection(
  settings: ServerSettings,
  section: string | undefined,
): { handled: boolean; value?: unknown } {
  if (section === undefined) {
    return { handled: false };
  }
  if (section === SECTION) {
    return { handled: true, value: settings };
  }
  if (!section.startsWith(SECTION + '.')) {
    return { handled: false };
  }
  let cur: unknown = settings;
  for (const part of section.slice(SECTION.length + 1).split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in (cur as object))) {
      return { handled: true, value: null };
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  return { handled: true, value: cur };
}

/** The workspace/didChangeConfiguration payload for the given settings. */
export function didChangeConfigurationParams(settings: ServerSettings): { settings: Record<string, ServerSettings> } {
  return { settings: { [SECTION]: settings } };
}
