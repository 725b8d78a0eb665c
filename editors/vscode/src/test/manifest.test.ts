/** Checks package.json against the server contract. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('contributes every contract setting with its type and default', () => {
  const props = pkg.contributes.configuration.properties;
  const want: Record<string, [string, unknown]> = {
    'cfn-lsp.path': ['string', ''],
    'cfn-lsp.spec': ['string', ''],
    'cfn-lsp.registrySchemas': ['array', []],
    'cfn-lsp.aws.region': ['string', ''],
    'cfn-lsp.aws.profile': ['string', ''],
    'cfn-lsp.aws.endpointUrl': ['string', ''],
    'cfn-lsp.aws.s3Bucket': ['string', ''],
    'cfn-lsp.aws.checkPermissions': ['boolean', false],
    'cfn-lsp.ignoreRules': ['array', []],
    'cfn-lsp.security.enabled': ['boolean', true],
    'cfn-lsp.security.failAsError': ['boolean', false],
    'cfn-lsp.rulesDir': ['string', ''],
    'cfn-lsp.validate.onChange': ['boolean', true],
    'cfn-lsp.deployment': ['string', ''],
  };
  for (const [key, [type, def]] of Object.entries(want)) {
    assert.ok(props[key], `missing setting ${key}`);
    assert.equal(props[key].type, type, key);
    assert.deepEqual(props[key].default, def, key);
  }
});

test('contributes the palette commands with their titles', () => {
  const titles = Object.fromEntries(
    pkg.contributes.commands.map((c: { command: string; category: string; title: string }) => [
      c.command,
      `${c.category}: ${c.title}`,
    ]),
  );
  assert.equal(titles['cloudformation.launchStack'], 'CloudFormation: Launch Stack');
  assert.equal(titles['cloudformation.validateTemplate'], 'CloudFormation: Validate Template');
  assert.equal(titles['cloudformation.convertToYAML'], 'CloudFormation: Convert to YAML');
  assert.equal(titles['cloudformation.convertToJSON'], 'CloudFormation: Convert to JSON');
  assert.equal(titles['cloudformation.showGraph'], 'CloudFormation: Show Graph');
  for (const c of pkg.contributes.commands) {
    assert.ok(!c.command.startsWith('cfn-lsp.'), `${c.command} would clash with the server's own command ids`);
  }
});

test('activates on yaml, json and the cloudformation language for *.template', () => {
  assert.deepEqual(pkg.activationEvents.sort(), ['onLanguage:cloudformation', 'onLanguage:json', 'onLanguage:yaml']);
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'cloudformation');
  assert.deepEqual(lang.extensions, ['.template']);
  for (const f of [pkg.main, lang.configuration, pkg.contributes.grammars[0].path]) {
    assert.ok(fs.existsSync(path.join(root, f)), `${f} exists`);
  }
});

test('packaging metadata is present', () => {
  assert.ok(pkg.license);
  assert.ok(pkg.repository?.url);
  assert.ok(pkg.publisher);
  assert.ok(fs.existsSync(path.join(root, 'LICENSE')));
});

test('yaml.customTags defaults cover every CloudFormation short-form tag, in every node kind', () => {
  const tags: string[] = pkg.contributes.configurationDefaults['yaml.customTags'];
  // cfn-lsp checks each function's argument shape itself: Red Hat's YAML
  // extension only needs to know the tags.
  const byTag = new Map<string, Set<string>>();
  for (const t of tags) {
    const [tag, kind] = t.split(' ');
    assert.match(tag, /^![A-Za-z0-9]+$/, t);
    assert.ok(['scalar', 'sequence', 'mapping'].includes(kind), t);
    byTag.set(tag, (byTag.get(tag) ?? new Set()).add(kind));
  }
  for (const [tag, kinds] of byTag) {
    assert.equal(kinds.size, 3, tag);
  }
  for (const tag of ['!Ref', '!GetAtt', '!Sub', '!If', '!Join', '!Select', '!Split', '!FindInMap', '!ImportValue', '!GetAZs', '!Base64', '!Cidr', '!Equals', '!And', '!Or', '!Not', '!Condition', '!Transform', '!ToJsonString', '!Length']) {
    assert.ok(byTag.has(tag), `${tag} missing`);
  }
});
