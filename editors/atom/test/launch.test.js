'use strict';
const assert = require('node:assert/strict');
const { test } = require('node:test');
const flows = require('../lib/launch');
const { findServer, INSTALL_COMMAND } = require('../lib/discovery');
const { serverSettings, configurationResponse } = require('../lib/settings');

function fakeUi(answers) {
  const ui = { inputs: [], infos: [], errors: [], busyTitles: [] };
  ui.input = async (o) => {
    ui.inputs.push(o);
    return answers.shift();
  };
  ui.busy = (title, fn) => (ui.busyTitles.push(title), fn());
  ui.info = (m) => ui.infos.push(m);
  ui.error = (m) => ui.errors.push(m);
  return ui;
}

function fakeServer(handlers) {
  const sent = [];
  const exec = async (command, arg) => {
    sent.push([command, arg]);
    if (!handlers[command]) throw new Error(`unhandled ${command}`);
    return handlers[command](arg);
  };
  return { sent, exec };
}

const params = {
  stackName: 'app',
  parameters: [
    { name: 'Env', type: 'String', default: 'dev', noEcho: false, allowedValues: ['dev', 'prod'] },
    { name: 'Secret', type: 'String', noEcho: true },
    { name: 'Size', type: 'Number', default: '1', noEcho: false },
  ],
};

test('launch prompts, re-asks invalid input, and launches', async () => {
  const ui = fakeUi(['bad name', 'good-name', 'qa', 'prod', 'pw', 'x', '3']);
  const srv = fakeServer({
    'cfn-lsp.stackParameters': () => params,
    'cfn-lsp.launchStack': (a) => ({ stackName: a.stackName, status: 'CREATE_COMPLETE', outputs: { O: 'v' } }),
  });
  const r = await flows.launchStack('file:///t.yaml', srv.exec, ui, { profile: 'dev' });
  assert.equal(r.status, 'CREATE_COMPLETE');
  assert.deepEqual(ui.inputs.map((i) => [i.value, !!i.password]), [
    ['app', false],
    ['bad name', false], // re-asked with the rejected text
    ['dev', false],
    ['qa', false],
    [undefined, true],
    ['1', false],
    ['x', false],
  ]);
  assert.deepEqual(ui.errors, [
    flows.validateStackName('bad name'),
    'Allowed values: dev, prod',
    'Size must be a number.',
  ]);
  assert.deepEqual(srv.sent[1], [
    'cfn-lsp.launchStack',
    { uri: 'file:///t.yaml', profile: 'dev', stackName: 'good-name', parameters: { Env: 'prod', Secret: 'pw', Size: '3' } },
  ]);
  assert.deepEqual(ui.busyTitles, ['Launching stack good-name']);
  assert.deepEqual(ui.infos, ['Stack good-name: CREATE_COMPLETE. Outputs: O=v']);
});

test('cancel launches nothing; server errors are reported', async () => {
  const ui = fakeUi(['app', undefined]);
  const srv = fakeServer({ 'cfn-lsp.stackParameters': () => params });
  assert.equal(await flows.launchStack('file:///t.yaml', srv.exec, ui), undefined);
  assert.equal(srv.sent.length, 1);
  assert.deepEqual(ui.errors, []);

  const ui2 = fakeUi([]);
  const broken = fakeServer({ 'cfn-lsp.stackParameters': () => { throw new Error('boom'); } });
  assert.equal(await flows.launchStack('file:///t.yaml', broken.exec, ui2), undefined);
  assert.match(ui2.errors[0], /boom/);
});

test('validate and convert', async () => {
  const ui = fakeUi([]);
  const srv = fakeServer({
    'cfn-lsp.validateTemplate': () => ({ valid: false, message: 'bad ref' }),
    'cfn-lsp.convertToYAML': () => null,
  });
  assert.deepEqual(await flows.validateTemplate('u', srv.exec, ui), { valid: false, message: 'bad ref' });
  assert.equal(await flows.convertTemplate('u', 'YAML', srv.exec, ui), true);
  assert.equal(await flows.convertTemplate('u', 'JSON', srv.exec, ui), false);
  assert.deepEqual(srv.sent.map((s) => s[0]), ['cfn-lsp.validateTemplate', 'cfn-lsp.convertToYAML', 'cfn-lsp.convertToJSON']);
  assert.deepEqual(ui.errors, ['bad ref', 'Convert to JSON failed: unhandled cfn-lsp.convertToJSON']);
});

test('needsPrompt', () => {
  assert.equal(flows.needsPrompt({ uri: 'u' }), true);
  assert.equal(flows.needsPrompt({ uri: 'u', stackName: 's', parameters: {} }), false);
  assert.equal(flows.needsPrompt(null), false);
});

test('settings mapping', () => {
  assert.deepEqual(serverSettings(undefined), {
    aws: {},
    ignoreRules: [],
    security: { enabled: true, failAsError: false },
    validate: { onChange: true },
  });
  const s = serverSettings({
    spec: 'spec.json',
    registrySchemas: ['schemas', ' ', 4],
    rulesDir: ' ',
    deployment: 'prod',
    aws: { endpointUrl: 'http://127.0.0.1:4566', s3Bucket: 'b' },
    security: { enabled: false, failAsError: true },
    validate: { onChange: false },
    ignoreRules: ['A', 'A', 3],
  });
  assert.deepEqual(s, {
    spec: 'spec.json',
    deployment: 'prod',
    registrySchemas: ['schemas'],
    aws: { endpointUrl: 'http://127.0.0.1:4566', s3Bucket: 'b' },
    ignoreRules: ['A'],
    security: { enabled: false, failAsError: true },
    validate: { onChange: false },
  });
  assert.deepEqual(configurationResponse(s, [{ section: 'cfn-lsp.security.enabled' }, { section: 'cfn-lsp.none' }, {}]), [
    false,
    null,
    null,
  ]);
});

test('discovery order and messages', () => {
  const only = (...f) => (x) => f.includes(x);
  const base = { packagePath: '/pkg', envPath: '/a:/b', platform: 'linux' };
  assert.deepEqual(findServer({ ...base, configuredPath: '/c/cfn-lsp', isExecutable: only('/c/cfn-lsp', '/pkg/bin/cfn-lsp') }), {
    ok: true,
    command: '/c/cfn-lsp',
    source: 'setting',
  });
  assert.deepEqual(findServer({ ...base, isExecutable: only('/pkg/bin/cfn-lsp', '/b/cfn-lsp') }).source, 'bundled');
  assert.deepEqual(findServer({ ...base, isExecutable: only('/b/cfn-lsp') }).command, '/b/cfn-lsp');
  const bad = findServer({ ...base, configuredPath: '/nope', isExecutable: only('/b/cfn-lsp') });
  assert.equal(bad.ok, false);
  assert.match(bad.message, /\/nope/);
  const none = findServer({ ...base, isExecutable: () => false });
  assert.ok(none.message.includes(INSTALL_COMMAND));
});

test('a NoEcho parameter with a saved value is kept when left empty', async () => {
  const ui = fakeUi(['s', '']);
  const srv = fakeServer({
    'cfn-lsp.stackParameters': () => ({ stackName: 's', parameters: [{ name: 'Pw', type: 'Number', noEcho: true, hasValue: true }] }),
    'cfn-lsp.launchStack': () => ({ stackName: 's', status: 'UPDATE_COMPLETE' }),
  });
  await flows.launchStack('u', srv.exec, ui);
  assert.match(ui.inputs[1].prompt, /keep the saved value/);
  assert.deepEqual(srv.sent[1][1].parameters, {});
  assert.deepEqual(ui.errors, []);
});
