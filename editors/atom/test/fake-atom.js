'use strict';
/**
 * A small stand-in for the Pulsar/Atom environment: the `atom` module (any
 * export is a do-nothing class), `electron`, and a global `atom` object
 * that records commands and notifications. Install before requiring
 * lib/main.js.
 */
const Module = require('module');

class Stub {
  add() {}
  dispose() {}
}

function install() {
  const env = {
    config: {
      values: {},
      get(key) {
        if (key === 'cfn-lsp') return this.values;
        if (key.startsWith('cfn-lsp.')) {
          return key
            .slice('cfn-lsp.'.length)
            .split('.')
            .reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), this.values);
        }
        return undefined;
      },
      observe() {
        return new Stub();
      },
    },
    commands: {
      registered: {},
      add(target, commands) {
        for (const [name, c] of Object.entries(commands)) this.registered[name] = { target, ...c };
        return { dispose: () => { for (const name of Object.keys(commands)) delete this.registered[name]; } };
      },
    },
    notifications: {
      shown: [],
      addError(message, options) {
        this.shown.push({ type: 'error', message, description: options && options.description });
      },
      addSuccess(message) {
        this.shown.push({ type: 'success', message });
      },
      addInfo(message) {
        this.shown.push({ type: 'info', message });
      },
      addWarning(message) {
        this.shown.push({ type: 'warning', message });
      },
    },
    textEditors: { observe: () => new Stub() },
    project: { onDidChangePaths: () => new Stub(), onDidChangeFiles: () => new Stub(), getPaths: () => [] },
    workspace: { getActiveTextEditor: () => undefined },
  };
  global.atom = env;
  const realLoad = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'atom') {
      return new Proxy({}, { get: (_t, key) => (key === '__esModule' ? false : Stub) });
    }
    if (request === 'electron') return { shell: { openExternal() {} } };
    return realLoad.call(this, request, ...rest);
  };
  return env;
}

module.exports = { install };
