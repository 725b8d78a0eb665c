/**
 * The "Show graph" view: a webview holding the SVG the server draws for a
 * template (cfn-lsp.graph), drawn again when the template changes; a click
 * on a node reveals the entry it stands for. Talks to the editor only
 * through the PanelLike interface, so it runs under plain node in tests.
 */
import type { CommandRunner } from './commands';

/** The server's graph command. */
export const GRAPH_COMMAND = 'cfn-lsp.graph';

/** A position and range as LSP sends them. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** One node of a drawing and where its entry is declared. */
export interface GraphNode {
  id: string;
  label: string;
  uri: string;
  range: Range;
}

/** Result of cfn-lsp.graph. */
export interface GraphResult {
  format: string;
  text: string;
  nodes: GraphNode[];
}

/** The parts of a vscode.WebviewPanel the view uses. */
export interface PanelLike {
  setHtml(html: string): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** What a click on a node does: open the document and select the range. */
export type Reveal = (uri: string, range: Range) => void | Promise<void>;

/** How long edits settle before the graph is drawn again. */
export const REFRESH_DELAY_MS = 500;

/** Escapes text for an HTML text node. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The page of a drawing: the SVG inline (without its XML prologue), and a
 * script, allowed by a nonce and nothing else, that posts the id of a node
 * clicked (Graphviz writes it as the title of the node's group).
 */
export function graphHtml(svg: string, nonce: string): string {
  const start = svg.indexOf('<svg');
  const body = start >= 0 ? svg.slice(start) : `<p>${escapeHtml(svg)}</p>`;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-${nonce}';">
<style>body { background: #fff; } g.node { cursor: pointer; } svg { max-width: 100%; height: auto; }</style>
</head><body>
${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const g of document.querySelectorAll('g.node')) {
  g.addEventListener('click', () => {
    const title = g.querySelector('title');
    if (title) vscode.postMessage({ type: 'reveal', id: title.textContent });
  });
}
</script>
</body></html>`;
}

/** The page shown when the server cannot draw the template. */
export function errorHtml(message: string): string {
  return `<!DOCTYPE html><html><body><p>${escapeHtml(message)}</p></body></html>`;
}

/** A graph view of one template. */
export class GraphView {
  private nodes = new Map<string, GraphNode>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private drawing: Promise<void> = Promise.resolve();

  constructor(
    readonly uri: string,
    private readonly panel: PanelLike,
    private readonly server: CommandRunner,
    private readonly reveal: Reveal,
    private readonly nonce: () => string,
    private readonly delayMs = REFRESH_DELAY_MS,
  ) {
    panel.onMessage((m) => void this.onMessage(m));
  }

  /** Draws the template now. */
  draw(): Promise<void> {
    this.drawing = this.drawing.then(async () => {
      try {
        const r = await this.server.execute<GraphResult>(GRAPH_COMMAND, { uri: this.uri, format: 'svg' });
        this.nodes = new Map(r.nodes.map((n) => [n.id, n]));
        this.panel.setHtml(graphHtml(r.text, this.nonce()));
      } catch (e) {
        this.panel.setHtml(errorHtml(`cfn-lsp could not draw the template: ${(e as Error).message ?? e}`));
      }
    });
    return this.drawing;
  }

  /** Called on every edit of a document: the view's own is drawn again once edits settle. */
  changed(uri: string): void {
    if (uri !== this.uri) {
      return;
    }
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.draw();
    }, this.delayMs);
  }

  /** Stops pending redraws (the panel was closed). */
  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async onMessage(m: unknown): Promise<void> {
    const msg = m as { type?: string; id?: string };
    if (msg?.type !== 'reveal' || typeof msg.id !== 'string') {
      return;
    }
    const n = this.nodes.get(msg.id);
    if (n) {
      await this.reveal(n.uri, n.range);
    }
  }
}
