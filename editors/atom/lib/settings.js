'use strict';
/**
 * Maps the package's Pulsar/Atom configuration (the `cfn-lsp` config
 * namespace, nested objects) to the server settings object. No dependency
 * on the atom module.
 */

/** The settings section shared by client and server. */
const SECTION = 'cfn-lsp';

function str(v) {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function bool(v, fallback) {
  return typeof v === 'boolean' ? v : fallback;
}

function obj(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

/**
 * Builds the server settings from the package configuration; empty
 * strings are left out and the client-only `path` is dropped.
 */
function serverSettings(config) {
  const c = obj(config);
  const a = obj(c.aws);
  const aws = {};
  for (const key of ['region', 'profile', 'endpointUrl', 's3Bucket']) {
    const v = str(a[key]);
    if (v) aws[key] = v;
  }
  const ignoreRules = [];
  for (const r of Array.isArray(c.ignoreRules) ? c.ignoreRules : []) {
    const v = str(r);
    if (v && !ignoreRules.includes(v)) ignoreRules.push(v);
  }
  const out = {
    aws,
    ignoreRules,
    security: {
      enabled: bool(obj(c.security).enabled, true),
      failAsError: bool(obj(c.security).failAsError, false),
    },
    validate: { onChange: bool(obj(c.validate).onChange, true) },
  };
  const spec = str(c.spec);
  if (spec) out.spec = spec;
  const registrySchemas = (Array.isArray(c.registrySchemas) ? c.registrySchemas : []).map(str).filter(Boolean);
  if (registrySchemas.length) out.registrySchemas = registrySchemas;
  const rulesDir = str(c.rulesDir);
  if (rulesDir) out.rulesDir = rulesDir;
  const deployment = str(c.deployment);
  if (deployment) out.deployment = deployment;
  return out;
}

/**
 * Answers workspace/configuration items: `cfn-lsp` and `cfn-lsp.x.y`
 * sections from settings, null for anything else.
 */
function configurationResponse(settings, items) {
  return (items || []).map((item) => {
    const section = item && item.section;
    if (section === SECTION) return settings;
    if (typeof section !== 'string' || !section.startsWith(SECTION + '.')) return null;
    let cur = settings;
    for (const part of section.slice(SECTION.length + 1).split('.')) {
      if (cur === null || typeof cur !== 'object' || !(part in cur)) return null;
      cur = cur[part];
    }
    return cur;
  });
}

module.exports = { SECTION, serverSettings, configurationResponse };
