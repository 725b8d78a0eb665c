'use strict';
/**
 * Pulsar/Atom package entry: an atom-languageclient client for cfn-lsp on
 * YAML and JSON editors (the server itself ignores files that are not
 * CloudFormation templates), plus launch/validate/convert commands.
 */
const cp = require('child_process');
const path = require('path');
const { AutoLanguageClient, CommandExecutionAdapter, Convert } = require('atom-languageclient');
const { findServer } = require('./discovery');
const { SECTION, serverSettings, configurationResponse } = require('./settings');
const flows = require('./launch');

const PACKAGE_ROOT = path.resolve(__dirname, '..');

class CfnLanguageClient extends AutoLanguageClient {
  getGrammarScopes() {
    return ['source.yaml', 'source.json'];
  }

  getLanguageName() {
    return 'CloudFormation';
  }

  getServerName() {
    return 'cfn-lsp';
  }

  getRootConfigurationKey() {
    return SECTION;
  }

  /** Settings pushed with workspace/didChangeConfiguration. */
  mapConfigurationObject(config) {
    return { [SECTION]: serverSettings(config) };
  }

  getLanguageIdFromEditor(editor) {
    return editor.getGrammar().scopeName === 'source.json' ? 'json' : 'yaml';
  }

  getInitializeParams(projectPath, lsProcess) {
    const params = super.getInitializeParams(projectPath, lsProcess);
    params.initializationOptions = serverSettings(atom.config.get(SECTION));
    params.capabilities.workspace.configuration = true;
    return params;
  }

  preInitialization(connection) {
    connection.onCustomRequest('workspace/configuration', (params) =>
      configurationResponse(serverSettings(atom.config.get(SECTION)), params && params.items),
    );
  }

  startServerProcess(projectPath) {
    const found = findServer({
      configuredPath: atom.config.get(`${SECTION}.path`),
      packagePath: PACKAGE_ROOT,
      envPath: process.env.PATH,
    });
    if (!found.ok) {
      atom.notifications.addError('cfn-lsp: language server not found', {
        dismissable: true,
        description: found.message,
      });
      throw new Error(found.message);
    }
    this.logger.debug(`starting ${found.command} serve`);
    return cp.spawn(found.command, ['serve'], { cwd: projectPath });
  }

  activate() {
    super.activate();
    // Launch requests from code actions arrive without stack name or values.
    CommandExecutionAdapter.registerCustomCallbackForCommand(flows.ServerCommand.launchStack, (params) =>
      this.launchFromCodeAction(params),
    );
    const command = (displayName, flow) => ({ displayName, didDispatch: (e) => this.runCommand(e, flow) });
    this.commandSubscription = atom.commands.add('atom-text-editor', {
      'cfn-lsp:launch-stack': command('CloudFormation: Launch Stack', (exec, uri) =>
        flows.launchStack(uri, exec, this.ui(), this.launchDefaults()),
      ),
      'cfn-lsp:validate-template': command('CloudFormation: Validate Template', (exec, uri) =>
        flows.validateTemplate(uri, exec, this.ui()),
      ),
      'cfn-lsp:convert-to-yaml': command('CloudFormation: Convert to YAML', (exec, uri) =>
        flows.convertTemplate(uri, 'YAML', exec, this.ui()),
      ),
      'cfn-lsp:convert-to-json': command('CloudFormation: Convert to JSON', (exec, uri) =>
        flows.convertTemplate(uri, 'JSON', exec, this.ui()),
      ),
    });
  }

  deactivate() {
    if (this.commandSubscription) {
      this.commandSubscription.dispose();
      this.commandSubscription = undefined;
    }
    return super.deactivate();
  }

  /** Handles a cfn-lsp.launchStack command chosen from a code action. */
  async launchFromCodeAction(params) {
    const arg = (params && Array.isArray(params.arguments) && params.arguments[0]) || {};
    return this.runCommand(undefined, (exec, uri) =>
      flows.needsPrompt(arg)
        ? flows.launchStack(arg.uri || uri, exec, this.ui(), { ...this.launchDefaults(), ...arg })
        : exec(flows.ServerCommand.launchStack, arg),
    );
  }

  /** Region/profile settings, passed to launchStack. */
  launchDefaults() {
    const aws = serverSettings(atom.config.get(SECTION)).aws;
    const given = {};
    if (aws.region) given.region = aws.region;
    if (aws.profile) given.profile = aws.profile;
    return given;
  }

  /** The editor UI used by the flows. */
  ui() {
    return {
      input: (opts) => require('./prompt').input(opts),
      busy: (title, fn) => this.reportBusyWhile(title, fn),
      info: (msg) => atom.notifications.addSuccess(msg),
      error: (msg) => atom.notifications.addError(msg, { dismissable: true }),
    };
  }

  /** Runs a flow for the command's editor with an executeCommand function. */
  async runCommand(event, flow) {
    const editor = (event && event.currentTarget && event.currentTarget.getModel && event.currentTarget.getModel()) ||
      atom.workspace.getActiveTextEditor();
    if (!editor || !editor.getPath()) {
      atom.notifications.addError('cfn-lsp: open a saved CloudFormation template first.');
      return undefined;
    }
    const connection = await this.getConnectionForEditor(editor);
    if (!connection) {
      atom.notifications.addError('cfn-lsp: the language server is not running for this editor.');
      return undefined;
    }
    const uri = Convert.pathToUri(editor.getPath());
    const exec = (command, arg) => connection.executeCommand({ command, arguments: [arg] });
    return flow(exec, uri);
  }
}

module.exports = new CfnLanguageClient();
