/**
 * Adapts the subset of the vscode.window API the flows use to the Ui
 * interface. Takes the window object as a parameter (no runtime import of
 * vscode), so tests pass a fake.
 */
import type { CancelToken, InputOptions, Ui } from './commands';

/** The parts of vscode.window used by the extension. */
export interface WindowLike {
  showInputBox(options: {
    title?: string;
    prompt?: string;
    value?: string;
    placeHolder?: string;
    password?: boolean;
    ignoreFocusOut?: boolean;
    validateInput?(value: string): string | undefined | null;
  }): PromiseLike<string | undefined>;
  withProgress<R>(
    options: { location: number; title?: string; cancellable?: boolean },
    task: (progress: unknown, token: CancelToken) => PromiseLike<R>,
  ): PromiseLike<R>;
  showInformationMessage(message: string, ...items: string[]): PromiseLike<string | undefined>;
  showErrorMessage(message: string, ...items: string[]): PromiseLike<string | undefined>;
}

/**
 * Creates a Ui over a vscode.window-like object. notificationLocation is
 * vscode.ProgressLocation.Notification (passed in to avoid importing vscode).
 */
export function createUi(window: WindowLike, notificationLocation: number): Ui {
  return {
    input(options: InputOptions): Promise<string | undefined> {
      return Promise.resolve(
        window.showInputBox({
          title: options.title,
          prompt: options.prompt,
          value: options.value,
          placeHolder: options.placeHolder,
          password: options.password ?? false,
          ignoreFocusOut: true,
          validateInput: options.validateInput,
        }),
      );
    },
    withProgress<T>(title: string, task: (token: CancelToken) => Promise<T>): Promise<T> {
      return Promise.resolve(
        window.withProgress({ location: notificationLocation, title, cancellable: true }, (_progress, token) =>
          task(token),
        ),
      );
    },
    info(message: string): void {
      void window.showInformationMessage(message);
    },
    error(message: string): void {
      void window.showErrorMessage(message);
    },
  };
}
