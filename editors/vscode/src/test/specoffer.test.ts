import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOWNLOAD, NOT_NOW, SpecOfferDeps, offerSpecUpdate } from '../specoffer';

function deps(over: Partial<SpecOfferDeps> & { answer?: string; versionOut?: string; updateCode?: number }) {
  const log = { runs: [] as string[][], asked: 0, restarted: 0, infos: [] as string[], errors: [] as string[], marked: 0 };
  let offered = false;
  const d: SpecOfferDeps = {
    offered: () => offered,
    markOffered: async () => {
      offered = true;
      log.marked++;
    },
    specSetting: () => '',
    region: () => '',
    run: async (args) => {
      log.runs.push(args);
      if (args[0] === 'version') {
        return { code: 0, stdout: over.versionOut ?? 'cfn-lsp (devel)\nspec: embedded (1610 resource types)\n', stderr: '' };
      }
      return over.updateCode
        ? { code: over.updateCode, stdout: '', stderr: 'GET https://x: 403 Forbidden\n' }
        : { code: 0, stdout: 'saved the eu-west-1 registry schemas to /c/CloudformationSchema.zip\n', stderr: '' };
    },
    ask: async (_m, ...choices) => {
      log.asked++;
      assert.deepEqual(choices, [DOWNLOAD, NOT_NOW]);
      return over.answer;
    },
    progress: (_t, task) => task(),
    info: (m) => void log.infos.push(m),
    error: (m) => void log.errors.push(m),
    restart: async () => void log.restarted++,
    ...over,
  };
  return { d, log };
}

test('offers once, downloads for the configured region, restarts the server', async () => {
  const { d, log } = deps({ answer: DOWNLOAD, region: () => 'eu-west-1' });
  assert.equal(await offerSpecUpdate(d), 'updated');
  assert.deepEqual(log.runs, [['version'], ['spec', 'update', '--region', 'eu-west-1']]);
  assert.equal(log.restarted, 1);
  assert.match(log.infos[0], /eu-west-1 registry schemas/);
  assert.equal(await offerSpecUpdate(d), 'skipped', 'never twice');
  assert.equal(log.asked, 1);
});

test('a refusal is remembered too', async () => {
  const { d, log } = deps({ answer: NOT_NOW });
  assert.equal(await offerSpecUpdate(d), 'declined');
  assert.equal(log.marked, 1);
  assert.deepEqual(log.runs, [['version']]);
});

test("no offer with a spec of the user's or one that has descriptions", async () => {
  assert.equal(await offerSpecUpdate(deps({ specSetting: () => '/specs/x.zip' }).d), 'skipped');
  const cached = deps({ versionOut: 'cfn-lsp (devel)\nspec: /home/u/.cache/cfn-lsp/CloudformationSchema.zip (1400 resource types)\n' });
  assert.equal(await offerSpecUpdate(cached.d), 'skipped');
  assert.equal(cached.log.asked, 0);
});

test('a failed download says why and keeps the server', async () => {
  const { d, log } = deps({ answer: DOWNLOAD, updateCode: 1 });
  assert.equal(await offerSpecUpdate(d), 'failed');
  assert.match(log.errors[0], /403 Forbidden/);
  assert.equal(log.restarted, 0);
});
