/**
 * VS Code entry point: starts the cfn-lsp server over stdio for YAML, JSON
 * and CloudFormation documents, keeps its settings in sync and registers
 * the palette commands. The logic lives in vscode-free modules
 * (settings, discovery, commands, ui).
 */
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
  LaunchStackArgs,
  ServerCommand,
  convertTemplate,
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
        return next(command, args);
      },
    },
  };
  client = new LanguageClient(SECTION, 'CloudFormation (cfn-lsp)', serverOptions, clientOptions);
  await client.start();
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
      withClient((c, uri) => convertTemplate(uri, 'YAML', runner(c), ui)),
    ),
    vscode.commands.registerCommand(
      'cloudformation.convertToJSON',
      withClient((c, uri) => convertTemplate(uri, 'JSON', runner(c), ui)),
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
    { dispose: () => void stopClient() },
  );
  await startClient(context);
}

/** Called by VS Code on shutdown. */
export function deactivate(): Promise<void> {
  return stopClient();
}
