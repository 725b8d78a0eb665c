'use strict';
/**
 * Finds the cfn-lsp binary: the `cfn-lsp.path` setting, then bin/cfn-lsp in
 * the package, then PATH. No dependency on the atom module.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const INSTALL_COMMAND = 'go install ./cmd/cfn-lsp (in a cfn-lsp checkout), or put a release binary on PATH';

function isExecutableFile(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch (_) {
    return false;
  }
}

/**
 * Returns {ok: true, command, source} or {ok: false, message}.
 * input: {configuredPath, packagePath, envPath, platform, homeDir, isExecutable}
 */
function findServer(input) {
  const platform = input.platform || process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const exe = platform === 'win32' ? 'cfn-lsp.exe' : 'cfn-lsp';
  const isExec = input.isExecutable || isExecutableFile;
  const configured = typeof input.configuredPath === 'string' ? input.configuredPath.trim() : '';
  if (configured !== '') {
    let file = configured;
    if (file === '~' || file.startsWith('~/')) file = p.join(input.homeDir || os.homedir(), file.slice(1));
    if (isExec(file)) return { ok: true, command: file, source: 'setting' };
    return {
      ok: false,
      message:
        `The cfn-lsp "Server path" setting points to "${file}", which is not an executable file. ` +
        `Fix the setting, or clear it to use a bundled or installed server (${INSTALL_COMMAND}).`,
    };
  }
  const bundled = p.join(input.packagePath, 'bin', exe);
  if (isExec(bundled)) return { ok: true, command: bundled, source: 'bundled' };
  for (const dir of (input.envPath || '').split(platform === 'win32' ? ';' : ':')) {
    if (!dir) continue;
    const candidate = p.join(dir, exe);
    if (isExec(candidate)) return { ok: true, command: candidate, source: 'path' };
  }
  return {
    ok: false,
    message:
      'The cfn-lsp language server was not found (not in the Server path setting, not bundled, not on PATH). ' +
      `Install it with: ${INSTALL_COMMAND}`,
  };
}

module.exports = { INSTALL_COMMAND, findServer, isExecutableFile };
