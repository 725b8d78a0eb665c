'use strict';
/**
 * A one-line input in a modal panel (Pulsar/Atom have no input-box API).
 * Enter accepts, Escape or losing focus cancels. Password inputs are masked.
 */

/** Shows the prompt; resolves the entered text, or undefined if cancelled. */
function input({ prompt, value, password }) {
  return new Promise((resolve) => {
    const element = document.createElement('div');
    element.classList.add('cfn-lsp-prompt');
    const label = document.createElement('label');
    label.classList.add('icon', 'icon-cloud-upload');
    label.textContent = prompt;
    const field = document.createElement('input');
    field.classList.add('input-text', 'native-key-bindings');
    field.type = password ? 'password' : 'text';
    field.value = value || '';
    field.style.width = '100%';
    element.append(label, field);
    const panel = atom.workspace.addModalPanel({ item: element, visible: true, autoFocus: true });
    const previouslyFocused = document.activeElement;
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      panel.destroy();
      if (previouslyFocused && typeof previouslyFocused.focus === 'function') previouslyFocused.focus();
      resolve(result);
    };
    field.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(field.value);
      else if (e.key === 'Escape') finish(undefined);
    });
    field.addEventListener('blur', () => finish(undefined));
    field.focus();
    field.select();
  });
}

module.exports = { input };
