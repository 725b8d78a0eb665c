/** Which language a document takes. No runtime dependency on vscode. */

/**
 * Reports whether text is JSON: its first significant character opens an
 * object or an array. A *.template file opens in the CloudFormation language
 * (YAML's grammar); one holding JSON is switched to JSON.
 */
export function isJSONText(text: string): boolean {
  const m = /^[\s\ufeff]*(\S)/.exec(text);
  return m !== null && (m[1] === '{' || m[1] === '[');
}
