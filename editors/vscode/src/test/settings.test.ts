import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  configuredServerPath,
  didChangeConfigurationParams,
  lookupSection,
  serverSettings,
} from '../settings';
import { fakeConfiguration } from './fakes';

test('defaults when nothing is configured', () => {
  assert.deepEqual(serverSettings(fakeConfiguration({})), {
    aws: {},
    ignoreRules: [],
    security: { enabled: true, failAsError: false },
    validate: { onChange: true },
  });
});

test('maps every setting and leaves out the client-only path', () => {
  const cfg = fakeConfiguration({
    path: '/opt/cfn-lsp',
    spec: ' /specs/us-east-1.json ',
    'aws.region': 'eu-west-1',
    'aws.profile': 'dev',
    'aws.endpointUrl': 'http://127.0.0.1:4566',
    'aws.s3Bucket': 'my-bucket',
    'aws.checkPermissions': true,
    ignoreRules: ['E3012', '', 'W2001', 'E3012', 7],
    'security.enabled': false,
    'security.failAsError': true,
    rulesDir: '/rules',
    'validate.onChange': false,
    'workspace.unresolvedImports': 'warning',
  });
  assert.deepEqual(serverSettings(cfg), {
    spec: '/specs/us-east-1.json',
    aws: { region: 'eu-west-1', profile: 'dev', endpointUrl: 'http://127.0.0.1:4566', s3Bucket: 'my-bucket', checkPermissions: true },
    ignoreRules: ['E3012', 'W2001'],
    security: { enabled: false, failAsError: true },
    rulesDir: '/rules',
    validate: { onChange: false },
    workspace: { unresolvedImports: 'warning' },
  });
  assert.equal(configuredServerPath(cfg), '/opt/cfn-lsp');
});

test('ignores values of the wrong type', () => {
  const s = serverSettings(
    fakeConfiguration({ spec: 3, 'security.enabled': 'no', ignoreRules: 'E1', 'aws.region': '   ' }),
  );
  assert.equal(s.spec, undefined);
  assert.equal(s.security.enabled, true);
  assert.deepEqual(s.ignoreRules, []);
  assert.deepEqual(s.aws, {});
});

test('configuredServerPath is undefined for an empty setting', () => {
  assert.equal(configuredServerPath(fakeConfiguration({ path: '' })), undefined);
  assert.equal(configuredServerPath(fakeConfiguration({})), undefined);
});

test('lookupSection answers our sections only', () => {
  const s = serverSettings(fakeConfiguration({ 'aws.region': 'us-east-2' }));
  const cases: Array<[string | undefined, { handled: boolean; value?: unknown }]> = [
    ['cfn-lsp', { handled: true, value: s }],
    ['cfn-lsp.aws', { handled: true, value: { region: 'us-east-2' } }],
    ['cfn-lsp.aws.region', { handled: true, value: 'us-east-2' }],
    ['cfn-lsp.security.enabled', { handled: true, value: true }],
    ['cfn-lsp.nope', { handled: true, value: null }],
    ['cfn-lspx', { handled: false }],
    ['yaml', { handled: false }],
    [undefined, { handled: false }],
  ];
  for (const [section, want] of cases) {
    assert.deepEqual(lookupSection(s, section), want, String(section));
  }
});

test('didChangeConfiguration nests settings under the section', () => {
  const s = serverSettings(fakeConfiguration({}));
  assert.deepEqual(didChangeConfigurationParams(s), { settings: { 'cfn-lsp': s } });
});
