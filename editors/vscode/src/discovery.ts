/**
 * Finds the cfn-lsp server binary: the `cfn-lsp.path` setting, then the
 * binary bundled in the extension (bin/cfn-lsp) when it runs on this machine,
 * then PATH.
 * No runtime dependency on vscode.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** How users get the server: the module is not published, so from a checkout or a release. */
export const INSTALL_COMMAND = 'go install ./cmd/cfn-lsp';
export const INSTALL_HINT =
  `build it in a cfn-lsp checkout (${INSTALL_COMMAND}) or put a release binary on PATH`;

/** Where a server binary was found. */
export type ServerSource = 'setting' | 'bundled' | 'path';

/** Result of a successful discovery. */
export interface FoundServer {
  ok: true;
  command: string;
  source: ServerSource;
}

/** Result of a failed discovery: a message fit to show the user. */
export interface MissingServer {
  ok: false;
  message: string;
}

/** Inputs to discovery; defaults come from the running process. */
export interface DiscoveryInput {
  /** Value of the cfn-lsp.path setting, if any. */
  configuredPath?: string;
  /** Root directory of the installed extension. */
  extensionPath: string;
  /** The PATH environment variable. */
  envPath?: string;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Defaults to the user's home directory (for `~` expansion). */
  homeDir?: string;
  /** Reports whether a file exists and can be executed. */
  isExecutable?: (file: string) => boolean;
  /**
   * Reports whether the bundled binary runs here (a .vsix of another
   * platform, or a binary the system refuses, does not): it is skipped then.
   */
  canRun?: (file: string) => boolean;
}

/** Runs `file --version` (which loads nothing), briefly: whether the binary works on this machine. */
export function runsHere(file: string): boolean {
  const r = spawnSync(file, ['--version'], { timeout: 10000, stdio: 'ignore', windowsHide: true });
  return r.error === undefined && r.status === 0;
}

/** Reports whether file is a regular file the current user may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Restores the execute bit on the bundled binary (bin/cfn-lsp) when an
 * archive tool dropped it. Best effort; returns whether it is executable.
 */
export function ensureBundledExecutable(extensionPath: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') {
    return isExecutableFile(path.join(extensionPath, 'bin', 'cfn-lsp.exe'));
  }
  const bundled = path.join(extensionPath, 'bin', 'cfn-lsp');
  if (isExecutableFile(bundled)) {
    return true;
  }
  try {
    if (fs.statSync(bundled).isFile()) {
      fs.chmodSync(bundled, 0o755);
    }
  } catch {
    return false;
  }
  return isExecutableFile(bundled);
}

/** Finds the server binary, or explains why none was found. */
export function findServer(input: DiscoveryInput): FoundServer | MissingServer {
  const platform = input.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const exe = platform === 'win32' ? 'cfn-lsp.exe' : 'cfn-lsp';
  const isExec = input.isExecutable ?? isExecutableFile;

  if (input.configuredPath !== undefined && input.configuredPath.trim() !== '') {
    let configured = input.configuredPath.trim();
    if (configured === '~' || configured.startsWith('~/')) {
      configured = p.join(input.homeDir ?? os.homedir(), configured.slice(1));
    }
    if (isExec(configured)) {
      return { ok: true, command: configured, source: 'setting' };
    }
    return {
      ok: false,
      message:
        `The cfn-lsp.path setting points to "${configured}", which is not an executable file. ` +
        `Fix the setting, or clear it to use a bundled or installed server (${INSTALL_HINT}).`,
    };
  }

  const bundled = p.join(input.extensionPath, 'bin', exe);
  if (isExec(bundled) && (input.canRun ?? runsHere)(bundled)) {
    return { ok: true, command: bundled, source: 'bundled' };
  }

  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of (input.envPath ?? '').split(delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = p.join(dir, exe);
    if (isExec(candidate)) {
      return { ok: true, command: candidate, source: 'path' };
    }
  }

  return {
    ok: false,
    message:
      'The cfn-lsp language server was not found (not set in cfn-lsp.path, no bundled binary that runs here, not on PATH): ' +
      INSTALL_HINT + '.',
  };
}
