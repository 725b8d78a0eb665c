import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { INSTALL_COMMAND, INSTALL_HINT, ensureBundledExecutable, findServer, isExecutableFile, runsHere } from '../discovery';

const only = (...files: string[]) => (f: string) => files.includes(f);

test('discovery order: setting, bundled, PATH', () => {
  const cases = [
    {
      name: 'setting wins over bundled and PATH',
      input: { configuredPath: '/opt/x/cfn-lsp', exec: ['/opt/x/cfn-lsp', '/ext/bin/cfn-lsp', '/usr/bin/cfn-lsp'] },
      want: { ok: true, command: '/opt/x/cfn-lsp', source: 'setting' },
    },
    {
      name: 'bundled wins over PATH',
      input: { exec: ['/ext/bin/cfn-lsp', '/usr/bin/cfn-lsp'] },
      want: { ok: true, command: '/ext/bin/cfn-lsp', source: 'bundled' },
    },
    {
      name: 'first PATH entry that has it',
      input: { exec: ['/usr/bin/cfn-lsp', '/home/u/go/bin/cfn-lsp'] },
      want: { ok: true, command: '/home/u/go/bin/cfn-lsp', source: 'path' },
    },
    {
      name: 'blank setting is ignored',
      input: { configuredPath: '  ', exec: ['/usr/bin/cfn-lsp'] },
      want: { ok: true, command: '/usr/bin/cfn-lsp', source: 'path' },
    },
    {
      name: 'tilde expands to home',
      input: { configuredPath: '~/bin/cfn-lsp', exec: ['/home/u/bin/cfn-lsp'] },
      want: { ok: true, command: '/home/u/bin/cfn-lsp', source: 'setting' },
    },
  ];
  for (const c of cases) {
    const got = findServer({
      configuredPath: c.input.configuredPath,
      extensionPath: '/ext',
      envPath: ':/nowhere:/home/u/go/bin:/usr/bin',
      platform: 'linux',
      homeDir: '/home/u',
      isExecutable: only(...c.input.exec),
      canRun: () => true,
    });
    assert.deepEqual(got, c.want, c.name);
  }
});

test('a bundled binary that cannot run here gives way to PATH', () => {
  const got = findServer({
    extensionPath: '/ext',
    envPath: '/usr/bin',
    platform: 'linux',
    isExecutable: only('/ext/bin/cfn-lsp', '/usr/bin/cfn-lsp'),
    canRun: (f) => f !== '/ext/bin/cfn-lsp',
  });
  assert.deepEqual(got, { ok: true, command: '/usr/bin/cfn-lsp', source: 'path' });
});

test('runsHere runs the binary', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-runs-'));
  const good = path.join(dir, 'good');
  fs.writeFileSync(good, '#!/bin/sh\n[ "$1" = --version ] && exit 0\nexit 3\n', { mode: 0o755 });
  const bad = path.join(dir, 'bad');
  fs.writeFileSync(bad, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0xff, 0, 0, 0, 0]), { mode: 0o755 }); // a broken ELF
  assert.equal(runsHere(good), true);
  assert.equal(runsHere(bad), false);
  assert.equal(runsHere(path.join(dir, 'missing')), false);
});

test('a bad setting is reported, not silently replaced', () => {
  const got = findServer({
    configuredPath: '/missing/cfn-lsp',
    extensionPath: '/ext',
    envPath: '/usr/bin',
    platform: 'linux',
    isExecutable: only('/usr/bin/cfn-lsp'),
  });
  assert.equal(got.ok, false);
  assert.match(!got.ok ? got.message : '', /cfn-lsp\.path.*\/missing\/cfn-lsp/);
});

test('nothing found gives the install command', () => {
  const got = findServer({ extensionPath: '/ext', envPath: '/usr/bin', platform: 'linux', isExecutable: () => false });
  assert.equal(got.ok, false);
  assert.ok(!got.ok && got.message.includes(INSTALL_HINT));
  assert.equal(INSTALL_COMMAND, 'go install ./cmd/cfn-lsp');
});

test('windows uses .exe and ; separators', () => {
  const got = findServer({
    extensionPath: 'C:\\ext',
    envPath: 'C:\\Go\\bin;C:\\Users\\u\\go\\bin',
    platform: 'win32',
    isExecutable: only('C:\\Users\\u\\go\\bin\\cfn-lsp.exe'),
    canRun: () => true,
  });
  assert.deepEqual(got, { ok: true, command: 'C:\\Users\\u\\go\\bin\\cfn-lsp.exe', source: 'path' });
});

test('real files: executable bit and directories', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lsp-disc-'));
  try {
    const ext = path.join(dir, 'ext');
    const pathDir = path.join(dir, 'path');
    fs.mkdirSync(path.join(ext, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(pathDir, 'cfn-lsp'), { recursive: true }); // a directory, not a binary
    const bundled = path.join(ext, 'bin', 'cfn-lsp');
    fs.writeFileSync(bundled, '#!/bin/sh\n', { mode: 0o644 });
    assert.equal(isExecutableFile(bundled), false);
    assert.equal(isExecutableFile(path.join(pathDir, 'cfn-lsp')), false);
    assert.equal(findServer({ extensionPath: ext, envPath: pathDir, platform: 'linux' }).ok, false);
    fs.chmodSync(bundled, 0o755);
    assert.deepEqual(findServer({ extensionPath: ext, envPath: pathDir, platform: 'linux' }), {
      ok: true,
      command: bundled,
      source: 'bundled',
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ensureBundledExecutable restores a lost execute bit', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lsp-exec-'));
  try {
    assert.equal(ensureBundledExecutable(dir), false, 'nothing bundled');
    fs.mkdirSync(path.join(dir, 'bin'));
    const bin = path.join(dir, 'bin', 'cfn-lsp');
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o644 });
    assert.equal(isExecutableFile(bin), false);
    assert.equal(ensureBundledExecutable(dir), true);
    assert.equal(isExecutableFile(bin), true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
