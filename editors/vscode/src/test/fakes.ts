/**
 * Small fakes of the vscode API pieces the extension uses, for tests that
 * run under plain node.
 */
import type { CancelToken, CommandRunner } from '../commands';
import type { WindowLike } from '../ui';

/** A vscode.WorkspaceConfiguration-like object over flat dotted keys. */
export function fakeConfiguration(values: Record<string, unknown>): { get<T>(key: string): T | undefined } {
  return {
    get<T>(key: string): T | undefined {
      return values[key] as T | undefined;
    },
  };
}

/** Options recorded from one showInputBox call. */
export interface RecordedInput {
  title?: string;
  prompt?: string;
  value?: string;
  password?: boolean;
  validateInput?(value: string): string | undefined | null;
}

/**
 * A fake vscode.window: showInputBox answers from a script (a string, or
 * undefined to cancel; a function receives the options), and everything
 * shown is recorded.
 */
export class FakeWindow implements WindowLike {
  inputs: RecordedInput[] = [];
  infos: string[] = [];
  errors: string[] = [];
  progressTitles: string[] = [];
  token: CancelToken = { isCancellationRequested: false };

  constructor(private answers: Array<string | undefined | ((o: RecordedInput) => string | undefined)> = []) {}

  showInputBox(options: RecordedInput): Promise<string | undefined> {
    this.inputs.push(options);
    if (this.answers.length === 0) {
      throw new Error(`unexpected input box: ${options.prompt}`);
    }
    const a = this.answers.shift();
    return Promise.resolve(typeof a === 'function' ? a(options) : a);
  }

  withProgress<R>(
    options: { location: number; title?: string; cancellable?: boolean },
    task: (progress: unknown, token: CancelToken) => PromiseLike<R>,
  ): Promise<R> {
    this.progressTitles.push(options.title ?? '');
    return Promise.resolve(task({ report() {} }, this.token));
  }

  showInformationMessage(message: string): Promise<string | undefined> {
    this.infos.push(message);
    return Promise.resolve(undefined);
  }

  showErrorMessage(message: string): Promise<string | undefined> {
    this.errors.push(message);
    return Promise.resolve(undefined);
  }
}

/** One recorded workspace/executeCommand request. */
export interface SentCommand {
  command: string;
  arg: object;
  token?: CancelToken;
}

/** A fake server: answers commands from a table of handlers and records them. */
export class FakeServer implements CommandRunner {
  sent: SentCommand[] = [];
  constructor(private handlers: Record<string, (arg: any) => unknown>) {}

  async execute<T>(command: string, arg: object, token?: CancelToken): Promise<T> {
    this.sent.push({ command, arg, token });
    const h = this.handlers[command];
    if (!h) {
      throw new Error(`unhandled command ${command}`);
    }
    return (await h(arg)) as T;
  }
}
