// What every part of the console page shares: element lookup, table cells, errors, the JSON API.
// Every value reaches the DOM through textContent, never as HTML.

export const $ = (id) => document.getElementById(id);

export function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = String(text);
  if (className) td.className = className;
  return td;
}

export function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = String(text);
  if (className) el.className = className;
  return el;
}

export function showError(text) {
  $('console-error').textContent = text ?? '';
}

/** Runs an action from a click, showing its failure instead of leaving it in the console. */
export function acting(action) {
  return () => void Promise.resolve().then(action).catch((error) => showError(error.message));
}

export async function api(path, init = {}) {
  // fastify refuses a JSON content type with no body, so a DELETE sends none.
  // The session cookie goes along by itself: a dashboard with a token let this page load only after a login.
  const headers = init.body !== undefined ? { 'content-type': 'application/json' } : {};
  const response = await fetch(`/api/console${path}`, { ...init, headers });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

/** "a=1, b=2" as { a: '1', b: '2' }; `what` names the field in the error. */
export function parsePairs(text, what) {
  const pairs = {};
  for (const pair of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = pair.indexOf('=');
    if (i < 1) throw new Error(`${what} "${pair}" is not name=value`);
    pairs[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return pairs;
}

/** Fills a <select> with options, keeping the chosen one when it is still there. */
export function fillSelect(select, values, labels = values) {
  const chosen = select.value;
  select.replaceChildren(...values.map((v, i) => Object.assign(element('option', labels[i]), { value: String(v) })));
  if (values.map(String).includes(chosen)) select.value = chosen;
}
