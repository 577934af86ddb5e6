// How a record's key, value or header shows: JSON (pretty, collapsible), text or hex.
// The bytes come as base64 so that nothing is lost on the way; every form is built with textContent.

import { element } from './console-common.js';

/** Hex shows at most this many bytes; a longer value says how many it left out. */
const HEX_MAX_BYTES = 4096;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Control characters other than tab, newline and carriage return mean the bytes are not text meant to be read. */
function hasControl(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}

function bytesOf(b64) {
  return Uint8Array.from(window.atob(b64), (c) => c.charCodeAt(0));
}

function textOf(bytes) {
  try {
    const text = utf8.decode(bytes);
    return hasControl(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Only an object or an array counts as JSON here: "42" or "true" read better as the text they are. */
function jsonOf(text) {
  if (text === undefined || !/^\s*[[{]/.test(text)) return undefined;
  try {
    return { parsed: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

function hexOf(bytes) {
  const shown = Array.from(bytes.subarray(0, HEX_MAX_BYTES), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > HEX_MAX_BYTES ? `${shown} … (${bytes.length - HEX_MAX_BYTES} more bytes)` : shown;
}

function jsonNode(parsed) {
  const details = element('details', undefined, 'json');
  details.open = true;
  const size = Array.isArray(parsed) ? `[…] ${parsed.length} items` : `{…} ${Object.keys(parsed).length} fields`;
  details.append(element('summary', size), element('pre', JSON.stringify(parsed, null, 2)));
  return details;
}

/**
 * The bytes (base64, or null for none) in `format`: 'auto' picks JSON for an object or array,
 * text for UTF-8, hex for the rest. A format the bytes do not fit falls back to the next
 * (JSON to text to hex) and says so in its title; data-format tells which form shows.
 */
export function renderBytes(b64, format) {
  if (b64 === null) return Object.assign(element('span', 'null', 'none'), { title: 'no bytes at all (for a value: a tombstone)' });
  const bytes = bytesOf(b64);
  const text = textOf(bytes);
  const json = format === 'auto' || format === 'json' ? jsonOf(text) : undefined;
  let node;
  if (json !== undefined) {
    node = jsonNode(json.parsed);
    node.dataset.format = 'json';
    return node;
  }
  if (format !== 'hex' && text !== undefined) {
    node = element('span', text, 'text');
    if (format === 'json') node.title = 'not a JSON object or array: shown as text';
  } else {
    node = element('span', hexOf(bytes), 'hex');
    if (format === 'json' || format === 'text') node.title = 'not UTF-8 text: shown as hex';
  }
  node.dataset.format = node.className;
  return node;
}
