import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GRAPH_COMMAND, GraphResult, GraphView, PanelLike, Range, graphHtml } from '../graph';
import { FakeServer } from './fakes';

const URI = 'file:///work/app.yaml';
const SVG = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="10pt" height="10pt"><g id="node1" class="node"><title>res:Bucket</title></g></svg>`;
const bucket: Range = { start: { line: 12, character: 2 }, end: { line: 12, character: 8 } };

class FakePanel implements PanelLike {
  html: string[] = [];
  listener: ((m: unknown) => void) | undefined;
  setHtml(html: string): void {
    this.html.push(html);
  }
  onMessage(listener: (m: unknown) => void): void {
    this.listener = listener;
  }
}

function view(result: () => GraphResult | Promise<GraphResult>) {
  const panel = new FakePanel();
  const server = new FakeServer({ [GRAPH_COMMAND]: result });
  const revealed: Array<[string, Range]> = [];
  const v = new GraphView(URI, panel, server, (uri, range) => void revealed.push([uri, range]), () => 'n0nce', 5);
  return { v, panel, server, revealed };
}

const drawing: GraphResult = {
  format: 'svg',
  text: SVG,
  nodes: [{ id: 'res:Bucket', label: 'Bucket', uri: URI, range: bucket }],
};

test('draws the SVG of the template in the page, without the XML prologue, with a nonce-only script', async () => {
  const { v, panel, server } = view(() => drawing);
  await v.draw();
  assert.deepEqual(server.sent, [{ command: GRAPH_COMMAND, arg: { uri: URI, format: 'svg' }, token: undefined }]);
  const html = panel.html[0];
  assert.ok(html.includes('<svg width="10pt"'));
  assert.ok(!html.includes('<?xml'));
  assert.ok(html.includes("script-src 'nonce-n0nce'"));
  assert.ok(html.includes('<script nonce="n0nce">'));
});

test('a click on a node reveals its entry; an unknown id or message does nothing', async () => {
  const { v, panel, revealed } = view(() => drawing);
  await v.draw();
  panel.listener!({ type: 'reveal', id: 'res:Bucket' });
  panel.listener!({ type: 'reveal', id: 'res:Nothing' });
  panel.listener!({ type: 'other' });
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(revealed, [[URI, bucket]]);
});

test('edits of the template redraw it once they settle; other documents do not', async () => {
  const { v, server } = view(() => drawing);
  v.changed(URI);
  v.changed(URI);
  v.changed('file:///work/other.yaml');
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(server.sent.length, 1);
  v.changed(URI);
  v.dispose();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(server.sent.length, 1);
});

test('a server error is shown in the page', async () => {
  const { v, panel } = view(() => {
    throw new Error('cfn-lsp-graphviz is not installed');
  });
  await v.draw();
  assert.ok(panel.html[0].includes('could not draw the template: cfn-lsp-graphviz is not installed'));
});

test('graphHtml escapes a text that is not SVG', () => {
  assert.ok(graphHtml('<b>no</b>', 'x').includes('&lt;b&gt;no&lt;/b&gt;'));
});
