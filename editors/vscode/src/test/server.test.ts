/**
 * Runs the client flows against the real cfn-lsp server (CFN_LSP_BIN) over
 * stdio, with the editor faked: settings reach the server, the command
 * results have the shapes the prompts expect, and conversion comes back as
 * a new document. Skipped when CFN_LSP_BIN is not set.
 */
import assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { CommandRunner, ConvertResult, ServerCommand, StackParametersResult, convertTemplate, promptLaunchArgs, validateStackName } from '../commands';
import { lookupSection, serverSettings } from '../settings';
import { createUi } from '../ui';
import { FakeWindow, fakeConfiguration } from './fakes';

const bin = process.env.CFN_LSP_BIN;
const WAIT_MS = 20000;

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
  DbPassword:
    Type: String
    NoEcho: true
  Size:
    Type: Number
    Default: 2
Resources:
  Queue:
    Type: AWS::SQS::Queue
`;

/** Resolves when cond() holds, or rejects after WAIT_MS (never hangs). */
async function waitFor(what: string, cond: () => boolean): Promise<void> {
  for (let waited = 0; !cond(); waited += 20) {
    if (waited >= WAIT_MS) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('client flows against the real server', { skip: bin ? false : 'set CFN_LSP_BIN to a cfn-lsp binary' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lsp-vscode-'));
  const file = path.join(dir, 'queue-stack.yaml');
  fs.writeFileSync(file, TEMPLATE);
  const uri = pathToFileURL(file).toString();
  const settings = serverSettings(fakeConfiguration({ 'aws.region': 'eu-west-1', ignoreRules: ['W1'] }));

  const proc = cp.spawn(bin!, ['serve'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const configRequests: unknown[] = [];
  const edits: Array<{ edit: { changes?: Record<string, Array<{ newText: string }>> } }> = [];
  conn.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => {
    configRequests.push(params);
    return params.items.map((i) => {
      const r = lookupSection(settings, i.section);
      return r.handled ? r.value : null;
    });
  });
  conn.onRequest('workspace/applyEdit', (params: (typeof edits)[number]) => {
    edits.push(params);
    return { applied: true };
  });
  conn.onRequest(() => null); // progress tokens and anything else
  conn.onNotification(() => undefined);
  conn.listen();
  try {
    const init = (await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).toString(),
      capabilities: { workspace: { configuration: true, applyEdit: true } },
      initializationOptions: settings,
    })) as { capabilities: { executeCommandProvider?: { commands: string[] } } };
    const commands = init.capabilities.executeCommandProvider?.commands ?? [];
    for (const c of Object.values(ServerCommand)) {
      assert.ok(commands.includes(c), `server does not offer ${c}`);
    }
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'cloudformation', version: 1, text: TEMPLATE },
    });
    await waitFor('workspace/configuration request', () => configRequests.length > 0);

    const runner: CommandRunner = {
      execute: <T>(command: string, arg: object) =>
        conn.sendRequest('workspace/executeCommand', { command, arguments: [arg] }) as Promise<T>,
    };
    const info = await runner.execute<StackParametersResult>(ServerCommand.stackParameters, { uri });
    assert.equal(validateStackName(info.stackName), undefined, `suggested stack name ${info.stackName}`);
    const win = new FakeWindow(['my-queue', 'prod', 's3cret', '3']);
    const args = await promptLaunchArgs(uri, info, createUi(win, 15), { region: 'eu-west-1' });
    assert.deepEqual(
      win.inputs.map((i) => [i.value, i.password]),
      [
        [info.stackName, false],
        ['dev', false],
        [undefined, true],
        ['2', false],
      ],
    );
    assert.equal(win.inputs[1].validateInput?.('qa'), 'Allowed values: dev, prod');
    assert.deepEqual(args, {
      uri,
      region: 'eu-west-1',
      stackName: 'my-queue',
      parameters: { Env: 'prod', DbPassword: 's3cret', Size: '3' },
    });

    const ui = createUi(new FakeWindow(), 15);
    const opened: ConvertResult[] = [];
    assert.equal(await convertTemplate(uri, 'JSON', runner, ui, async (r) => void opened.push(r)), true);
    assert.equal(edits.length, 0, 'the original document is not edited');
    assert.equal(opened.length, 1);
    assert.equal(opened[0].uri, uri.replace(/\.yaml$/, '.json'));
    assert.equal(opened[0].languageId, 'json');
    assert.equal(JSON.parse(opened[0].text).Resources.Queue.Type, 'AWS::SQS::Queue');

    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    proc.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
