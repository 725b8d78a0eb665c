import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJSONText } from '../language';

test('JSON templates by their first significant character', () => {
  for (const [text, want] of [
    ['{"Resources": {}}', true],
    ['\n\n  [1]', true],
    ['\ufeff{', true],
    ['Resources:\n  A: {}', false],
    ['# {not json}\n', false],
    ['', false],
  ] as const) {
    assert.equal(isJSONText(text), want, JSON.stringify(text));
  }
});
