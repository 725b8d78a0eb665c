/**
 * Loads the real extension entry point with `vscode` and
 * `vscode-languageclient/node` replaced by small fakes, and drives it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { fakeConfiguration, FakeWindow } from './fakes';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Module = require('node:module');

type Handler = (...args: any[]) => any;

interface FakeClient {
  id: string;
  serverOptions: any;
  clientOptions: any;
  started: boolean;
  stopped: boolean;
  requests: Array<{ method: string; params: any }>;
  notifications: Array<{ method: string; params: any }>;
}

let settings: Record<string, unknown>;
let replies: Record<string, Handler>;
let clients: FakeClient[];
let registered: Map<string, Handler>;
let configListeners: Handler[];
let win: FakeWindow & { activeTextEditor?: unknown; errorChoice?: string };
let clipboard: string[];
let tmp: string;
let docs: any[];
let openListeners: Handler[];
let languageChanges: Array<[string, string]>;
let panels: any[];
let changeListeners: Handler[];
let shown: Array<{ uri: string; selection: any }>;

const fakeVscode = {
  ProgressLocation: { Notification: 15 },
  ViewColumn: { One: 1, Beside: -2 },
  Uri: { parse: (s: string) => ({ path: s.replace(/^file:\/\//, ''), toString: () => s }) },
  Range: class {
    constructor(public startLine: number, public startChar: number, public endLine: number, public endChar: number) {}
  },
  get window() {
    return win;
  },
  workspace: {
    getConfiguration: (section: string) => {
      assert.equal(section, 'cfn-lsp');
      return fakeConfiguration(settings);
    },
    onDidChangeConfiguration: (l: Handler) => {
      configListeners.push(l);
      return { dispose() {} };
    },
    get textDocuments() {
      return docs;
    },
    onDidOpenTextDocument: (l: Handler) => {
      openListeners.push(l);
      return { dispose() {} };
    },
    onDidChangeTextDocument: (l: Handler) => {
      changeListeners.push(l);
      return { dispose: () => void changeListeners.splice(changeListeners.indexOf(l), 1) };
    },
    openTextDocument: async (uri: any) => ({ uri }),
  },
  languages: {
    setTextDocumentLanguage: async (doc: any, lang: string) => {
      languageChanges.push([doc.uri, lang]);
      return doc;
    },
  },
  commands: {
    registerCommand: (id: string, h: Handler) => {
      assert.ok(!registered.has(id), `command ${id} registered twice`);
      registered.set(id, h);
      return { dispose() {} };
    },
    executeCommand: async () => undefined,
  },
  env: { clipboard: { writeText: async (t: string) => void clipboard.push(t) } },
};

class LanguageClient implements FakeClient {
  started = false;
  stopped = false;
  requests: Array<{ method: string; params: any }> = [];
  notifications: Array<{ method: string; params: any }> = [];
  constructor(public id: string, _name: string, public serverOptions: any, public clientOptions: any) {
    clients.push(this);
  }
  async start() {
    this.started = true;
  }
  async stop() {
    this.stopped = true;
  }
  async sendRequest(type: { method: string }, params: any) {
    this.requests.push({ method: type.method, params });
    const h = replies[params.command];
    if (!h) throw new Error(`no reply for ${params.command}`);
    return h(params.arguments[0]);
  }
  async sendNotification(method: string, params: any) {
    this.notifications.push({ method, params });
  }
}

const fakeClientLib = {
  LanguageClient,
  ExecuteCommandRequest: { type: { method: 'workspace/executeCommand' } },
};

const realLoad = Module._load;
Module._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return fakeVscode;
  if (request === 'vscode-languageclient/node') return fakeClientLib;
  return realLoad.call(this, request, ...rest);
};
// eslint-disable-next-line @typescript-eslint/no-var-requires
const ext = require('../extension') as typeof import('../extension');

function makeWindow(answers: Array<string | undefined> = []) {
  const w = new FakeWindow(answers) as FakeWindow & { activeTextEditor?: unknown; errorChoice?: string };
  w.activeTextEditor = { document: { uri: { toString: () => 'file:///t/app.yaml' } } };
  (w as any).createWebviewPanel = (_type: string, title: string, column: number, options: any) => {
    const p: any = { title, column, options, html: [], listeners: [], disposers: [] };
    p.webview = {
      set html(h: string) {
        p.html.push(h);
      },
      onDidReceiveMessage: (l: Handler) => void p.listeners.push(l),
    };
    p.onDidDispose = (l: Handler) => void p.disposers.push(l);
    panels.push(p);
    return p;
  };
  (w as any).showTextDocument = async (doc: any, opts: any) => void shown.push({ uri: doc.uri.toString(), selection: opts.selection });
  const showError = w.showErrorMessage.bind(w);
  w.showErrorMessage = async (m: string) => {
    await showError(m);
    return w.errorChoice;
  };
  return w;
}

let globalState: Map<string, unknown>;
const context = () => ({
  extensionPath: path.join(tmp, 'ext'),
  subscriptions: [] as unknown[],
  globalState: {
    get: (k: string, d?: unknown) => (globalState.has(k) ? globalState.get(k) : d),
    update: async (k: string, v: unknown) => void globalState.set(k, v),
  },
});

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lsp-ext-'));
  const bin = path.join(tmp, 'cfn-lsp');
  fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
  settings = { path: bin, 'aws.region': 'eu-central-1' };
  replies = {};
  clients = [];
  registered = new Map();
  configListeners = [];
  clipboard = [];
  docs = [];
  openListeners = [];
  languageChanges = [];
  panels = [];
  changeListeners = [];
  shown = [];
  globalState = new Map();
  win = makeWindow();
});

afterEach(async () => {
  await ext.deactivate();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('activate starts the server over stdio for yaml, json and cloudformation', async () => {
  await ext.activate(context() as any);
  assert.equal(clients.length, 1);
  const c = clients[0];
  assert.ok(c.started);
  assert.deepEqual(c.serverOptions, { command: settings.path, args: ['serve'] });
  const langs = new Set(c.clientOptions.documentSelector.map((s: { language: string }) => s.language));
  assert.deepEqual([...langs].sort(), ['cloudformation', 'json', 'yaml']);
  assert.deepEqual(c.clientOptions.initializationOptions(), {
    aws: { region: 'eu-central-1' },
    ignoreRules: [],
    security: { enabled: true, failAsError: false },
    validate: { onChange: true },
  });
  assert.deepEqual([...registered.keys()].sort(), [
    'cloudformation.convertToJSON',
    'cloudformation.convertToYAML',
    'cloudformation.launchStack',
    'cloudformation.restartServer',
    'cloudformation.showGraph',
    'cloudformation.validateTemplate',
  ]);
});

test('workspace/configuration answers cfn-lsp sections and defers others', async () => {
  await ext.activate(context() as any);
  const mw = clients[0].clientOptions.middleware.workspace.configuration;
  const got = await mw(
    { items: [{ section: 'cfn-lsp' }, { section: 'editor' }, { section: 'cfn-lsp.aws.region' }] },
    undefined,
    async () => ['d0', 'd1', 'd2'],
  );
  assert.equal(got[1], 'd1');
  assert.equal(got[2], 'eu-central-1');
  assert.deepEqual(got[0].aws, { region: 'eu-central-1' });
});

test('palette Launch Stack prompts and sends cfn-lsp.launchStack with the region setting', async () => {
  replies = {
    'cfn-lsp.stackParameters': () => ({ stackName: 'app', parameters: [{ name: 'P', type: 'String', noEcho: true }] }),
    'cfn-lsp.launchStack': (a: any) => ({ stackName: a.stackName, status: 'CREATE_COMPLETE', outputs: {} }),
  };
  win = makeWindow(['my-app', 'secret']);
  await ext.activate(context() as any);
  await registered.get('cloudformation.launchStack')!();
  assert.deepEqual(clients[0].requests.map((r) => r.params), [
    { command: 'cfn-lsp.stackParameters', arguments: [{ uri: 'file:///t/app.yaml' }] },
    {
      command: 'cfn-lsp.launchStack',
      arguments: [
        { uri: 'file:///t/app.yaml', stackName: 'my-app', region: 'eu-central-1', parameters: { P: 'secret' } },
      ],
    },
  ]);
  assert.equal(win.inputs[1].password, true);
  assert.deepEqual(win.infos, ['Stack my-app: CREATE_COMPLETE']);
});

test('a code-lens launch without values is prompted for; a complete one passes through', async () => {
  replies = {
    'cfn-lsp.stackParameters': () => ({ stackName: 'lens', parameters: [] }),
    'cfn-lsp.launchStack': () => ({ stackName: 'lens', status: 'CREATE_COMPLETE' }),
  };
  win = makeWindow([undefined]); // the user cancels the stack-name prompt
  await ext.activate(context() as any);
  const mw = clients[0].clientOptions.middleware.executeCommand;
  const passed: unknown[] = [];
  const next = async (cmd: string, args: unknown[]) => void passed.push([cmd, args]);

  await mw('cfn-lsp.launchStack', [{ uri: 'file:///t/app.yaml' }], next);
  assert.equal(win.inputs.length, 1, 'prompted for the stack name');
  assert.equal(win.inputs[0].value, 'lens');
  assert.deepEqual(passed, []);

  const full = { uri: 'file:///t/app.yaml', stackName: 's', parameters: {} };
  await mw('cfn-lsp.launchStack', [full], next);
  await mw('cfn-lsp.convertToJSON', [{ uri: 'file:///t/app.yaml' }], next);
  assert.deepEqual(passed, [
    ['cfn-lsp.launchStack', [full]],
    ['cfn-lsp.convertToJSON', [{ uri: 'file:///t/app.yaml' }]],
  ]);
});

test('settings changes are pushed; a path change restarts the server', async () => {
  await ext.activate(context() as any);
  settings['security.failAsError'] = true;
  await configListeners[0]({ affectsConfiguration: (s: string) => s === 'cfn-lsp' });
  assert.deepEqual(clients[0].notifications, [
    {
      method: 'workspace/didChangeConfiguration',
      params: {
        settings: {
          'cfn-lsp': {
            aws: { region: 'eu-central-1' },
            ignoreRules: [],
            security: { enabled: true, failAsError: true },
            validate: { onChange: true },
          },
        },
      },
    },
  ]);
  await configListeners[0]({ affectsConfiguration: (s: string) => s.startsWith('cfn-lsp') });
  assert.equal(clients.length, 2);
  assert.ok(clients[0].stopped);
  assert.ok(clients[1].started);
  await configListeners[0]({ affectsConfiguration: () => false });
  assert.equal(clients[1].notifications.length, 0);
});

test('a missing server shows the install command and copies it on request', async () => {
  settings = {};
  const saved = process.env.PATH;
  process.env.PATH = path.join(tmp, 'empty');
  try {
    win.errorChoice = 'Copy Install Command';
    await ext.activate(context() as any);
  } finally {
    process.env.PATH = saved;
  }
  assert.equal(clients.length, 0);
  assert.match(win.errors[0], /go install \.\/cmd\/cfn-lsp/);
  assert.deepEqual(clipboard, ['go install ./cmd/cfn-lsp']);
  await registered.get('cloudformation.validateTemplate')!();
  assert.match(win.errors[1], /not running/);
});

test('a *.template file holding JSON gets the JSON language; a YAML one keeps CloudFormation', async () => {
  const doc = (uri: string, languageId: string, text: string) => ({ uri, languageId, getText: () => text });
  docs = [doc('file:///t/a.template', 'cloudformation', '{\n  "Resources": {}\n}\n')];
  await ext.activate(context() as any);
  openListeners[0](doc('file:///t/b.template', 'cloudformation', 'Resources: {}\n'));
  openListeners[0](doc('file:///t/c.template', 'cloudformation', '  [1]'));
  openListeners[0](doc('file:///t/d.json', 'json', '{}'));
  assert.deepEqual(languageChanges, [
    ['file:///t/a.template', 'json'],
    ['file:///t/c.template', 'json'],
  ]);
});

test('Show Graph opens the SVG beside the template, redraws it on edit, and a click reveals the node', async () => {
  let draws = 0;
  replies = {
    'cfn-lsp.graph': (a: any) => {
      draws++;
      assert.deepEqual(a, { uri: 'file:///t/app.yaml', format: 'svg' });
      return {
        format: 'svg',
        text: '<svg><g class="node"><title>res:Bucket</title></g></svg>',
        nodes: [{ id: 'res:Bucket', label: 'Bucket', uri: 'file:///t/app.yaml', range: { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } } }],
      };
    },
  };
  await ext.activate(context() as any);
  await registered.get('cloudformation.showGraph')!();
  assert.equal(panels.length, 1);
  const p = panels[0];
  assert.equal(p.title, 'Graph: app.yaml');
  assert.equal(p.options.enableScripts, true);
  assert.ok(p.html[0].includes('<title>res:Bucket</title>'));
  p.listeners[0]({ type: 'reveal', id: 'res:Bucket' });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(shown.map((s) => [s.uri, s.selection.startLine, s.selection.startChar]), [['file:///t/app.yaml', 4, 2]]);
  changeListeners.forEach((l) => l({ document: { uri: { toString: () => 'file:///t/app.yaml' } } }));
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(draws, 2);
  p.disposers.forEach((d: Handler) => d());
  assert.equal(changeListeners.length, 0, 'the edit listener is dropped with the panel');
});
