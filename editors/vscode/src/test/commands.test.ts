import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ServerCommand,
  StackParametersResult,
  convertTemplate,
  copyPolicy,
  formatLaunchResult,
  launchStack,
  needsPrompt,
  validateParameterValue,
  validateStackName,
  validateTemplate,
} from '../commands';
import { createUi } from '../ui';
import { FakeServer, FakeWindow } from './fakes';

const URI = 'file:///work/app.yaml';
const NOTIFICATION = 15; // vscode.ProgressLocation.Notification

const template: StackParametersResult = {
  stackName: 'app',
  parameters: [
    { name: 'Env', type: 'String', default: 'dev', noEcho: false, allowedValues: ['dev', 'prod'], description: 'Stage' },
    { name: 'DbPassword', type: 'String', noEcho: true },
    { name: 'Size', type: 'Number', default: '2', noEcho: false },
  ],
};

function server(launchResult: unknown = { stackName: 'app-prod', status: 'CREATE_COMPLETE', outputs: { Url: 'https://x' } }) {
  return new FakeServer({
    [ServerCommand.stackParameters]: () => template,
    [ServerCommand.launchStack]: () => launchResult,
  });
}

test('launch prompts stack name and each parameter, then launches in a progress notification', async () => {
  const win = new FakeWindow(['app-prod', 'prod', 's3cret', (o) => o.value]); // last: accept the default
  const srv = server();
  const result = await launchStack(URI, srv, createUi(win, NOTIFICATION), { region: 'eu-west-1' });

  assert.deepEqual(
    win.inputs.map((i) => [i.value, i.password]),
    [
      ['app', false], // suggested stack name pre-filled
      ['dev', false], // default pre-filled
      [undefined, true], // NoEcho masked
      ['2', false],
    ],
  );
  assert.match(win.inputs[1].prompt ?? '', /Env \(String\): Stage \[dev \| prod\]/);
  assert.deepEqual(
    srv.sent.map((s) => s.command),
    [ServerCommand.stackParameters, ServerCommand.launchStack],
  );
  assert.deepEqual(srv.sent[0].arg, { uri: URI });
  assert.deepEqual(srv.sent[1].arg, {
    uri: URI,
    stackName: 'app-prod',
    region: 'eu-west-1',
    parameters: { Env: 'prod', DbPassword: 's3cret', Size: '2' },
  });
  assert.equal(srv.sent[1].token, win.token, 'launch is cancellable through the progress token');
  assert.deepEqual(win.progressTitles, ['Launching stack app-prod']);
  assert.equal(result?.status, 'CREATE_COMPLETE');
  assert.deepEqual(win.infos, ['Stack app-prod: CREATE_COMPLETE. Outputs: Url=https://x']);
  assert.deepEqual(win.errors, []);
});

test('values already given (code lens) are not asked again', async () => {
  const win = new FakeWindow(['s3cret']);
  const srv = server();
  await launchStack(URI, srv, createUi(win, NOTIFICATION), {
    uri: URI,
    stackName: 'given',
    parameters: { Env: 'dev', Size: '1' },
  });
  assert.equal(win.inputs.length, 1);
  assert.equal(win.inputs[0].password, true);
  assert.deepEqual((srv.sent[1].arg as { parameters: unknown }).parameters, { Env: 'dev', Size: '1', DbPassword: 's3cret' });
});

test('cancelling any prompt launches nothing', async () => {
  for (let cancelAt = 0; cancelAt < 4; cancelAt++) {
    const answers: Array<string | undefined> = ['app', 'dev', 'pw', '3'];
    answers[cancelAt] = undefined;
    const win = new FakeWindow(answers.slice(0, cancelAt + 1));
    const srv = server();
    const r = await launchStack(URI, srv, createUi(win, NOTIFICATION));
    assert.equal(r, undefined);
    assert.deepEqual(srv.sent.map((s) => s.command), [ServerCommand.stackParameters], `cancel at ${cancelAt}`);
    assert.deepEqual(win.errors, []);
  }
});

test('server errors are shown, not thrown', async () => {
  const failing = new FakeServer({
    [ServerCommand.stackParameters]: () => {
      throw new Error('not a template');
    },
  });
  const win = new FakeWindow();
  assert.equal(await launchStack(URI, failing, createUi(win, NOTIFICATION)), undefined);
  assert.match(win.errors[0], /not a template/);

  const launchFails = new FakeServer({
    [ServerCommand.stackParameters]: () => ({ stackName: 's', parameters: [] }),
    [ServerCommand.launchStack]: () => {
      throw new Error('AccessDenied');
    },
  });
  const win2 = new FakeWindow(['s']);
  assert.equal(await launchStack(URI, launchFails, createUi(win2, NOTIFICATION)), undefined);
  assert.match(win2.errors[0], /Launching stack s failed: AccessDenied/);

  const garbage = new FakeServer({ [ServerCommand.stackParameters]: () => null });
  const win3 = new FakeWindow();
  assert.equal(await launchStack(URI, garbage, createUi(win3, NOTIFICATION)), undefined);
  assert.equal(win3.errors.length, 1);
});

test('input validation', () => {
  const cases: Array<[string, string | undefined]> = [
    ['my-stack-1', undefined],
    ['', 'A stack name is required.'],
    ['1stack', 'A stack name starts with a letter and contains only letters, digits and hyphens.'],
    ['has_underscore', 'A stack name starts with a letter and contains only letters, digits and hyphens.'],
    ['a'.repeat(129), 'A stack name has at most 128 characters.'],
  ];
  for (const [name, want] of cases) {
    assert.equal(validateStackName(name), want, name);
  }
  const env = { name: 'Env', type: 'String', noEcho: false, allowedValues: ['dev', 'prod'] };
  assert.equal(validateParameterValue(env, 'prod'), undefined);
  assert.equal(validateParameterValue(env, 'test'), 'Allowed values: dev, prod');
  const num = { name: 'N', type: 'Number', noEcho: false };
  assert.equal(validateParameterValue(num, '3.5'), undefined);
  assert.equal(validateParameterValue(num, 'x'), 'N must be a number.');
  assert.equal(validateParameterValue(num, ''), 'N must be a number.');
  const list = { name: 'L', type: 'List<Number>', noEcho: false };
  assert.equal(validateParameterValue(list, '1,2,3'), undefined);
  assert.equal(validateParameterValue(list, '1,a'), 'L must be a comma-separated list of numbers.');
  assert.equal(validateParameterValue({ name: 'S', type: 'String', noEcho: false }, ''), undefined);
});

test('prompts are wired to the validators', async () => {
  const win = new FakeWindow(['ok-name', 'prod', 'pw', '1']);
  await launchStack(URI, server(), createUi(win, NOTIFICATION));
  assert.equal(win.inputs[0].validateInput?.('bad name'), validateStackName('bad name'));
  assert.equal(win.inputs[0].validateInput?.('ok-name'), undefined);
  assert.equal(win.inputs[1].validateInput?.('qa'), 'Allowed values: dev, prod');
  assert.equal(win.inputs[3].validateInput?.('many'), 'Size must be a number.');
});

test('validate template reports valid and invalid results', async () => {
  const cases = [
    { reply: { valid: true, message: 'Template is valid.' }, infos: ['Template is valid.'], errors: [] },
    { reply: { valid: false, message: 'Unresolved resource Foo' }, infos: [], errors: ['Unresolved resource Foo'] },
    { reply: { valid: true, message: '' }, infos: ['The template is valid.'], errors: [] },
  ];
  for (const c of cases) {
    const win = new FakeWindow();
    const srv = new FakeServer({ [ServerCommand.validateTemplate]: () => c.reply });
    const r = await validateTemplate(URI, srv, createUi(win, NOTIFICATION));
    assert.deepEqual(r, c.reply);
    assert.deepEqual(srv.sent[0].arg, { uri: URI });
    assert.deepEqual(win.infos, c.infos);
    assert.deepEqual(win.errors, c.errors);
  }
});

test('convert asks for a new document, opens it, and reports failures', async () => {
  const result = { uri: 'file:///t/app.json', languageId: 'json', text: '{}\n', lost: 'JSON cannot hold comments: 1 dropped' };
  const srv = new FakeServer({
    [ServerCommand.convertToJSON]: () => result,
    [ServerCommand.convertToYAML]: () => {
      throw new Error('already YAML');
    },
  });
  const win = new FakeWindow();
  const ui = createUi(win, NOTIFICATION);
  const opened: unknown[] = [];
  const open = async (r: unknown) => void opened.push(r);
  assert.equal(await convertTemplate(URI, 'JSON', srv, ui, open), true);
  assert.equal(await convertTemplate(URI, 'YAML', srv, ui, open), false);
  assert.deepEqual(srv.sent.map((s) => [s.command, s.arg]), [
    ['cfn-lsp.convertToJSON', { uri: URI, newDocument: true }],
    ['cfn-lsp.convertToYAML', { uri: URI, newDocument: true }],
  ]);
  assert.deepEqual(opened, [result]);
  assert.deepEqual(win.infos, [result.lost]);
  assert.deepEqual(win.errors, ['Convert to YAML failed: already YAML']);
});

test('copy policy puts the policy on the clipboard and says what it leaves out', async () => {
  const win = new FakeWindow();
  const ui = createUi(win, NOTIFICATION);
  const copied: string[] = [];
  const copy = async (t: string) => void copied.push(t);
  const policy = '{"Version": "2012-10-17"}\n';
  assert.equal(await copyPolicy({ uri: 'file:///t/app.policy.json', languageId: 'json', text: policy }, copy, ui), true);
  assert.equal(await copyPolicy({ text: policy, notes: ['L (Custom::Lookup): a custom resource'] }, copy, ui), true);
  assert.equal(await copyPolicy(null, copy, ui), false);
  assert.deepEqual(copied, [policy, policy]);
  assert.deepEqual(win.infos, [
    'IAM policy copied to the clipboard.',
    'IAM policy copied to the clipboard. Not covered: L (Custom::Lookup): a custom resource',
  ]);
  assert.deepEqual(win.errors, ['Copy the IAM policy failed: the server sent no policy']);
});

test('needsPrompt recognises incomplete launch arguments', () => {
  const cases: Array<[unknown, boolean]> = [
    [{ uri: URI }, true],
    [{ uri: URI, stackName: 's' }, true],
    [{ uri: URI, stackName: '', parameters: {} }, true],
    [{ uri: URI, stackName: 's', parameters: {} }, false],
    [undefined, false],
    ['file:///x', false],
    [{ stackName: 's' }, false],
  ];
  for (const [arg, want] of cases) {
    assert.equal(needsPrompt(arg), want, JSON.stringify(arg));
  }
});

test('formatLaunchResult includes message and outputs', () => {
  assert.equal(
    formatLaunchResult({ stackName: 's', status: 'ROLLBACK_COMPLETE', message: 'bucket exists', outputs: {} }),
    'Stack s: ROLLBACK_COMPLETE — bucket exists',
  );
});

test('a NoEcho parameter with a saved value is kept when left empty', async () => {
  const srv = new FakeServer({
    [ServerCommand.stackParameters]: () => ({
      stackName: 's',
      parameters: [
        { name: 'Saved', type: 'String', noEcho: true, hasValue: true },
        { name: 'Typed', type: 'String', noEcho: true, hasValue: true },
      ],
    }),
    [ServerCommand.launchStack]: () => ({ stackName: 's', status: 'UPDATE_COMPLETE' }),
  });
  const win = new FakeWindow(['s', '', 'new']);
  await launchStack(URI, srv, createUi(win, NOTIFICATION));
  assert.match(win.inputs[1].prompt ?? '', /empty: keep the saved value/);
  assert.equal(win.inputs[1].validateInput?.(''), undefined);
  assert.deepEqual((srv.sent[1].arg as { parameters: unknown }).parameters, { Typed: 'new' });
});
