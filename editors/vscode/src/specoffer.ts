/**
 * Offers, once, to download the registry schemas whose descriptions hover
 * shows (`cfn-lsp spec update`), when the server runs on the embedded
 * specification, which has none. No runtime dependency on vscode.
 */

/** The globalState key that remembers the offer was made. */
export const OFFERED_KEY = 'cfn-lsp.specUpdateOffered';

/** What the offer needs from VS Code and the server binary. */
export interface SpecOfferDeps {
  /** Whether the offer was made before (globalState). */
  offered(): boolean;
  markOffered(): PromiseLike<void>;
  /** The cfn-lsp.spec setting: a spec of the user's own is left alone. */
  specSetting(): string;
  /** The cfn-lsp.aws.region setting, '' for the AWS configuration's. */
  region(): string;
  /** Runs the server binary with args. */
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  ask(message: string, ...choices: string[]): PromiseLike<string | undefined>;
  progress<T>(title: string, task: () => Promise<T>): PromiseLike<T>;
  info(message: string): void;
  error(message: string): void;
  /** Restarts the language server, which then loads the downloaded spec. */
  restart(): Promise<void>;
}

export const DOWNLOAD = 'Download';
export const NOT_NOW = 'Not now';

/** The outcome, for tests and logs. */
export type SpecOfferOutcome = 'skipped' | 'declined' | 'updated' | 'failed';

/** Makes the offer when it applies; never twice. */
export async function offerSpecUpdate(d: SpecOfferDeps): Promise<SpecOfferOutcome> {
  if (d.offered() || d.specSetting().trim() !== '') {
    return 'skipped';
  }
  const version = await d.run(['version']);
  // `cfn-lsp version` names the loaded spec; only the embedded one lacks descriptions
  if (version.code !== 0 || !/^spec: embedded\b/m.test(version.stdout)) {
    return 'skipped';
  }
  await d.markOffered();
  const choice = await d.ask(
    'CloudFormation hover can show the descriptions of resource types and properties: download the registry schemas ' +
      'that carry them (cfn-lsp spec update)?',
    DOWNLOAD,
    NOT_NOW,
  );
  if (choice !== DOWNLOAD) {
    return 'declined';
  }
  const args = ['spec', 'update'];
  if (d.region().trim() !== '') {
    args.push('--region', d.region().trim());
  }
  const r = await d.progress('Downloading the CloudFormation registry schemas', () => d.run(args));
  if (r.code !== 0) {
    d.error(`cfn-lsp spec update failed: ${(r.stderr || r.stdout).trim()}`);
    return 'failed';
  }
  await d.restart();
  d.info(r.stdout.trim());
  return 'updated';
}
