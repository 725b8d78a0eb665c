/**
 * VS Code entry point: starts the cfn-lsp server over stdio for YAML, JSON
 * and CloudFormation documents, keeps its settings in sync and registers
 * the palette commands. The logic lives in vscode-free modules
 * (settings, discovery, commands, ui).
 */
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import {
  CancellationToken,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import {
  CancelToken,
  CommandRunner,
  ConvertResult,
  LaunchStackArgs,
  ServerCommand,
  convertTemplate,
  copyPolicy,
  launchStack,
  needsPrompt,
  validateTemplate,
} from './commands';
import { INSTALL_COMMAND, ensureBundledExecutable, findServer } from './discovery';
import {
  SECTION,
  configuredServerPath,
  didChangeConfigurationParams,
  lookupSection,
  serverSettings,
} from './settings';
import { createUi } from './ui';
import { GraphView, Range as GraphRange } from './graph';
import { isJSONText } from './language';
import { OFFERED_KEY, offerSpecUpdate } from './specoffer';

let client: LanguageClient | undefined;

const documentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'untitled', language: 'json' },
  { scheme: 'file', language: 'cloudformation' },
  { scheme: 'untitled', language: 'cloudformation' },
];

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function runner(c: LanguageClient): CommandRunner {
  return {
    execute<T>(command: string, arg: object, token?: CancelToken): Promise<T> {
      return c.sendRequest(
        ExecuteCommandRequest.type,
        { command, arguments: [arg] },
        token as CancellationToken | undefined,
      ) as Promise<T>;
    },
  };
}

/** Region/profile from the settings, used as launch defaults. */
function launchDefaults(): Partial<LaunchStackArgs> {
  const s = serverSettings(config());
  const given: Partial<LaunchStackArgs> = {};
  if (s.aws.region) given.region = s.aws.region;
  if (s.aws.profile) given.profile = s.aws.profile;
  return given;
}

/** Runs the server binary once, for a CLI command (version, spec update). */
function runServer(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10 * 60 * 1000, windowsHide: true }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (err ? err.message : '')) });
    });
  });
}

/** Opens a conversion result as a new, unsaved document named beside the original. */
async function openConverted(r: ConvertResult): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.uri).with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), r.text));
  if (doc.languageId !== r.languageId) {
    await vscode.languages.setTextDocumentLanguage(doc, r.languageId);
  }
}

/** A *.template document holding JSON gets the JSON language (its grammar, brackets, formatter). */
function jsonTemplateLanguage(doc: vscode.TextDocument): void {
  if (doc.languageId === 'cloudformation' && isJSONText(doc.getText())) {
    void vscode.languages.setTextDocumentLanguage(doc, 'json');
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  ensureBundledExecutable(context.extensionPath);
  const found = findServer({
    configuredPath: configuredServerPath(config()),
    extensionPath: context.extensionPath,
    envPath: process.env.PATH,
  });
  if (!found.ok) {
    const copy = 'Copy Install Command';
    const settings = 'Open Settings';
    const choice = await vscode.window.showErrorMessage(found.message, copy, settings);
    if (choice === copy) {
      await vscode.env.clipboard.writeText(INSTALL_COMMAND);
    } else if (choice === settings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
    }
    return;
  }

  const serverOptions: ServerOptions = {
    command: found.command,
    args: ['serve'],
  };
  const ui = createUi(vscode.window, vscode.ProgressLocation.Notification);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: () => serverSettings(config()),
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const defaults = await next(params, token);
          if (!Array.isArray(defaults)) {
            return defaults;
          }
          const settings = serverSettings(config());
          return params.items.map((item, i) => {
            const r = lookupSection(settings, item.section);
            return r.handled ? r.value : defaults[i];
          });
        },
      },
      // Launch requests from code lenses/actions arrive without stack name or
      // parameter values: prompt for them before passing them on.
      executeCommand: async (command, args, next) => {
        if (command === ServerCommand.launchStack && client && needsPrompt(args[0])) {
          const given = { ...launchDefaults(), ...(args[0] as Partial<LaunchStackArgs>) };
          return launchStack(args[0].uri, runner(client), ui, given);
        }
        if (command === ServerCommand.permissions) {
          const r: unknown = await next(command, args);
          await copyPolicy(r, (text) => vscode.env.clipboard.writeText(text), ui);
          return r;
        }
        return next(command, args);
      },
    },
  };
  client = new LanguageClient(SECTION, 'CloudFormation (cfn-lsp)', serverOptions, clientOptions);
  await client.start();
  void offerSpecUpdate({
    offered: () => context.globalState.get<boolean>(OFFERED_KEY, false),
    markOffered: () => context.globalState.update(OFFERED_KEY, true),
    specSetting: () => config().get<string>('spec') ?? '',
    region: () => config().get<string>('aws.region') ?? '',
    run: (args) => runServer(found.command, args),
    ask: (message, ...choices) => vscode.window.showInformationMessage(message, ...choices),
    progress: (title, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task),
    info: (m) => void vscode.window.showInformationMessage(m),
    error: (m) => void vscode.window.showErrorMessage(m),
    restart: async () => {
      await stopClient();
      await startClient(context);
    },
  });
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    await c.stop();
  }
}

function activeTemplateUri(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showErrorMessage('Open a CloudFormation template first.');
    return undefined;
  }
  return editor.document.uri.toString();
}

function withClient(task: (c: LanguageClient, uri: string) => Promise<unknown>): () => Promise<void> {
  return async () => {
    const uri = activeTemplateUri();
    if (!uri) {
      return;
    }
    if (!client) {
      void vscode.window.showErrorMessage('The cfn-lsp server is not running.');
      return;
    }
    await task(client, uri);
  };
}

/** Opens a document and selects a range (a graph node's entry). */
async function revealRange(uri: string, r: GraphRange): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: range });
}

/** Opens the graph view of a template beside it, drawn again as it is edited. */
async function showGraph(context: vscode.ExtensionContext, c: LanguageClient, uri: string): Promise<void> {
  const name = vscode.Uri.parse(uri).path.split('/').pop() ?? uri;
  const panel = vscode.window.createWebviewPanel('cfnGraph', `Graph: ${name}`, vscode.ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [],
  });
  const view = new GraphView(
    uri,
    { setHtml: (h) => (panel.webview.html = h), onMessage: (l) => void panel.webview.onDidReceiveMessage(l) },
    runner(c),
    revealRange,
    () => randomBytes(16).toString('hex'),
  );
  const edits = vscode.workspace.onDidChangeTextDocument((e) => view.changed(e.document.uri.toString()));
  panel.onDidDispose(() => {
    view.dispose();
    edits.dispose();
  });
  context.subscriptions.push(edits);
  await view.draw();
}

/** Called by VS Code when a YAML/JSON/CloudFormation document opens. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const ui = createUi(vscode.window, vscode.ProgressLocation.Notification);
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'cloudformation.launchStack',
      withClient((c, uri) => launchStack(uri, runner(c), ui, launchDefaults())),
    ),
    vscode.commands.registerCommand(
      'cloudformation.validateTemplate',
      withClient((c, uri) => validateTemplate(uri, runner(c), ui)),
    ),
    vscode.commands.registerCommand(
      'cloudformation.convertToYAML',
      withClient((c, uri) => convertTemplate(uri, 'YAML', runner(c), ui, openConverted)),
    ),
    vscode.commands.registerCommand(
      'cloudformation.convertToJSON',
      withClient((c, uri) => convertTemplate(uri, 'JSON', runner(c), ui, openConverted)),
    ),
    vscode.commands.registerCommand(
      'cloudformation.showGraph',
      withClient((c, uri) => showGraph(context, c, uri)),
    ),
    vscode.commands.registerCommand('cloudformation.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      if (e.affectsConfiguration(`${SECTION}.path`)) {
        await stopClient();
        await startClient(context);
        return;
      }
      if (client) {
        await client.sendNotification('workspace/didChangeConfiguration', didChangeConfigurationParams(serverSettings(config())));
      }
    }),
    vscode.workspace.onDidOpenTextDocument(jsonTemplateLanguage),
    { dispose: () => void stopClient() },
  );
  vscode.workspace.textDocuments.forEach(jsonTemplateLanguage);
  await startClient(context);
}

/** Called by VS Code on shutdown. */
export function deactivate(): Promise<void> {
  return stopClient();
}
