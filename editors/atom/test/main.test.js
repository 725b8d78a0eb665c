'use strict';
// Loads the package's main module in a stubbed Pulsar/Atom environment.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before, after } = require('node:test');
const { install } = require('./fake-atom');

const env = install();
const client = require('../lib/main.js');
const pkg = require('../package.json');

let tmp;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lsp-atom-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('every service method named in package.json exists', () => {
  const services = { ...pkg.providedServices, ...pkg.consumedServices };
  for (const [name, s] of Object.entries(services)) {
    for (const method of Object.values(s.versions)) {
      assert.equal(typeof client[method], 'function', `${name}: ${method}`);
    }
  }
  assert.equal(typeof client.activate, 'function');
  assert.equal(typeof client.deactivate, 'function');
});

test('serves YAML and JSON grammars with lsp language ids', () => {
  assert.deepEqual(client.getGrammarScopes(), ['source.yaml', 'source.json']);
  assert.deepEqual(pkg.activationHooks, ['source.yaml:root-scope-used', 'source.json:root-scope-used']);
  const editor = (scopeName) => ({ getGrammar: () => ({ scopeName, name: scopeName.toUpperCase() }) });
  assert.equal(client.getLanguageIdFromEditor(editor('source.yaml')), 'yaml');
  assert.equal(client.getLanguageIdFromEditor(editor('source.json')), 'json');
});

test('activate registers the palette commands', async () => {
  client.activate();
  try {
    const names = Object.fromEntries(
      Object.entries(env.commands.registered).map(([k, v]) => [k, [v.target, v.displayName]]),
    );
    assert.deepEqual(names, {
      'cfn-lsp:launch-stack': ['atom-text-editor', 'CloudFormation: Launch Stack'],
      'cfn-lsp:validate-template': ['atom-text-editor', 'CloudFormation: Validate Template'],
      'cfn-lsp:convert-to-yaml': ['atom-text-editor', 'CloudFormation: Convert to YAML'],
      'cfn-lsp:convert-to-json': ['atom-text-editor', 'CloudFormation: Convert to JSON'],
    });
  } finally {
    await client.deactivate();
  }
  assert.deepEqual(env.commands.registered, {}, 'deactivate removes the commands');
});

test('settings go out as initializationOptions, didChangeConfiguration and workspace/configuration', () => {
  env.config.values = { path: '/x/cfn-lsp', aws: { region: 'ap-south-1', profile: '' }, ignoreRules: ['W1', ''] };
  const want = {
    aws: { region: 'ap-south-1' },
    ignoreRules: ['W1'],
    security: { enabled: true, failAsError: false },
    validate: { onChange: true },
  };
  assert.equal(client.getRootConfigurationKey(), 'cfn-lsp');
  assert.deepEqual(client.mapConfigurationObject(env.config.values), { 'cfn-lsp': want });
  const params = client.getInitializeParams(tmp, { pid: 1 });
  assert.deepEqual(params.initializationOptions, want);
  assert.equal(params.capabilities.workspace.configuration, true);

  const handlers = {};
  client.preInitialization({ onCustomRequest: (m, h) => (handlers[m] = h) });
  assert.deepEqual(
    handlers['workspace/configuration']({ items: [{ section: 'cfn-lsp' }, { section: 'cfn-lsp.aws.region' }, { section: 'x' }] }),
    [want, 'ap-south-1', null],
  );
  env.config.values = {};
});

test('a missing server is reported with the install command', () => {
  env.config.values = {};
  const saved = process.env.PATH;
  process.env.PATH = path.join(tmp, 'nothing');
  env.notifications.shown = [];
  try {
    assert.throws(() => client.startServerProcess(tmp), /go install \.\/cmd\/cfn-lsp/);
  } finally {
    process.env.PATH = saved;
  }
  assert.equal(env.notifications.shown.length, 1);
  assert.match(env.notifications.shown[0].description, /go install/);
});

test('the configured server is spawned with `serve` in the project directory', async () => {
  const script = path.join(tmp, 'fake-cfn-lsp');
  const record = path.join(tmp, 'args.txt');
  fs.writeFileSync(script, `#!/bin/sh\necho "$PWD $*" > "${record}"\n`, { mode: 0o755 });
  env.config.values = { path: script };
  client.logger = { debug() {} };
  const proc = client.startServerProcess(tmp);
  await new Promise((resolve) => proc.on('exit', resolve));
  assert.equal(fs.readFileSync(record, 'utf8').trim(), `${fs.realpathSync(tmp)} serve`);
  env.config.values = {};
});

function fakeConnection(replies) {
  const sent = [];
  return {
    sent,
    executeCommand: async (params) => {
      sent.push(params);
      return replies[params.command](params.arguments[0]);
    },
  };
}

test('commands run against the editor\'s server connection', async () => {
  const conn = fakeConnection({ 'cfn-lsp.validateTemplate': () => ({ valid: true, message: 'ok' }) });
  const editor = { getPath: () => path.join(tmp, 'stack.yaml') };
  env.workspace.getActiveTextEditor = () => editor;
  client.getConnectionForEditor = async (e) => (e === editor ? conn : null);
  env.notifications.shown = [];
  client.reportBusyWhile = (_title, fn) => fn();
  client.activate();
  try {
    await env.commands.registered['cfn-lsp:validate-template'].didDispatch({});
  } finally {
    await client.deactivate();
  }
  assert.deepEqual(conn.sent, [
    { command: 'cfn-lsp.validateTemplate', arguments: [{ uri: 'file://' + path.join(tmp, 'stack.yaml') }] },
  ]);
  assert.deepEqual(env.notifications.shown, [{ type: 'success', message: 'ok' }]);
});

test('a code-action launch without values prompts before launching', async () => {
  const uri = 'file://' + path.join(tmp, 'stack.yaml');
  const conn = fakeConnection({
    'cfn-lsp.stackParameters': () => ({ stackName: 'suggested', parameters: [{ name: 'P', type: 'String', noEcho: true }] }),
    'cfn-lsp.launchStack': (a) => ({ stackName: a.stackName, status: 'CREATE_COMPLETE' }),
  });
  const editor = { getPath: () => path.join(tmp, 'stack.yaml') };
  env.workspace.getActiveTextEditor = () => editor;
  client.getConnectionForEditor = async () => conn;
  env.config.values = { aws: { region: 'us-west-2' } };
  const prompts = [];
  const answers = ['picked', 'pw'];
  client.ui = () => ({
    input: async (o) => (prompts.push(o), answers.shift()),
    busy: (_t, fn) => fn(),
    info: (m) => env.notifications.addSuccess(m),
    error: (m) => env.notifications.addError(m),
  });
  await client.launchFromCodeAction({ command: 'cfn-lsp.launchStack', arguments: [{ uri }] });
  assert.deepEqual(prompts.map((p) => [p.value, !!p.password]), [['suggested', false], [undefined, true]]);
  assert.deepEqual(conn.sent[1], {
    command: 'cfn-lsp.launchStack',
    arguments: [{ uri, stackName: 'picked', region: 'us-west-2', parameters: { P: 'pw' } }],
  });
  // A complete argument goes straight to the server.
  const full = { uri, stackName: 's', parameters: {} };
  await client.launchFromCodeAction({ command: 'cfn-lsp.launchStack', arguments: [full] });
  assert.deepEqual(conn.sent[2], { command: 'cfn-lsp.launchStack', arguments: [full] });
  delete client.ui;
  env.config.values = {};
});
