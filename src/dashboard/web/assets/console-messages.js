// The messages view (browse a topic's records from a start) and the produce form under it.

import { $, acting, api, cell, element, fillSelect, parsePairs, showError } from './console-common.js';
import { renderBytes } from './console-values.js';

/** The most rows the view keeps while a tail or a search adds to them. */
const MAX_ROWS = 1000;
let partitionCounts = new Map();
/** The records shown, kept so a change of format redraws them without a fetch. */
let shownMessages = [];

/** The topics the view and the form offer, with their partition counts. */
export function setTopics(topics) {
  partitionCounts = new Map(topics.map((t) => [t.name, t.partitions.length]));
  const names = [...partitionCounts.keys()];
  fillSelect($('msg-topic'), names);
  choosePartitions();
}

/** Shows a topic's newest records, from the topics list. */
export async function browseTopic(name) {
  $('msg-topic').value = name;
  choosePartitions();
  $('msg-from').value = 'end';
  showAtInput();
  await loadMessages();
}

function choosePartitions() {
  const count = partitionCounts.get($('msg-topic').value) ?? 0;
  const numbers = Array.from({ length: count }, (_, p) => p);
  fillSelect($('msg-partition'), ['all', ...numbers], ['all partitions', ...numbers.map((p) => `partition ${p}`)]);
  fillSelect($('produce-partition'), ['', ...numbers], ['chosen by key (partitioner)', ...numbers.map((p) => `partition ${p}`)]);
}

function headersNode(headers, format) {
  const list = document.createDocumentFragment();
  headers.forEach((h, i) => {
    if (i > 0) list.append(element('br'));
    list.append(element('b', `${h.key}: `), renderBytes(h.value, format));
  });
  return list;
}

function nodeCell(row, node, className) {
  const td = row.insertCell();
  td.append(node);
  td.className = className;
}

/** Replaces the rows (a browse, the start of a search). */
export function showMessages(messages, summary) {
  shownMessages = messages;
  $('msg-summary').textContent = summary;
  drawMessages();
}

/** Adds rows at the bottom (a tail, a search's matches), keeping the newest `MAX_ROWS`. */
export function appendMessages(messages) {
  shownMessages = [...shownMessages, ...messages].slice(-MAX_ROWS);
  drawMessages();
}

function drawMessages() {
  const format = $('msg-format').value;
  const body = $('messages').tBodies[0];
  body.replaceChildren();
  for (const m of shownMessages) {
    const row = body.insertRow();
    row.dataset.partition = String(m.partition);
    row.dataset.offset = String(m.offset);
    cell(row, m.partition, 'num');
    cell(row, m.offset, 'num offset');
    cell(row, new Date(m.timestamp).toISOString(), 'mono time');
    nodeCell(row, renderBytes(m.key, format), 'mono key');
    nodeCell(row, renderBytes(m.value, format), 'mono value');
    nodeCell(row, headersNode(m.headers, format), 'mono headers');
  }
  $('messages-empty').hidden = shownMessages.length > 0;
}

/** The offset or time field, shown only for a start that needs one. */
function showAtInput() {
  const from = $('msg-from').value;
  $('msg-at').hidden = from !== 'offset' && from !== 'time';
  $('msg-at').placeholder = from === 'offset' ? 'offset' : 'epoch ms or 2026-01-01T00:00:00Z';
}

function browseQuery() {
  const params = new URLSearchParams({ partition: $('msg-partition').value, from: $('msg-from').value, limit: $('msg-limit').value });
  const at = $('msg-at').value.trim();
  if ($('msg-from').value === 'offset') params.set('offset', at);
  if ($('msg-from').value === 'time') params.set('time', at);
  return params;
}

export async function loadMessages() {
  const topic = $('msg-topic').value;
  if (!topic) return;
  const { ranges, messages } = await api(`/topics/${encodeURIComponent(topic)}/messages?${browseQuery()}`);
  const span = ranges.map((r) => `p${r.partition} ${r.from}–${r.end}`).join(', ');
  showMessages(messages, `${messages.length} messages of "${topic}" (read from ${span})`);
  showError('');
}

async function produce() {
  const topic = $('msg-topic').value;
  if (!topic) throw new Error('create a topic first: there is none to produce to');
  const key = $('produce-key').value;
  const body = {
    key: key === '' ? null : key,
    value: $('produce-value').value,
    headers: parsePairs($('produce-headers').value, 'header'),
    partition: $('produce-partition').value,
  };
  const landed = await api(`/topics/${encodeURIComponent(topic)}/messages`, { method: 'POST', body: JSON.stringify(body) });
  const result = $('produce-result');
  result.textContent = `Produced to "${topic}" partition ${landed.partition} at offset ${landed.offset}`;
  result.dataset.partition = String(landed.partition);
  result.dataset.offset = String(landed.offset);
  // Show the record where it landed: the newest of its partition.
  $('msg-partition').value = String(landed.partition);
  $('msg-from').value = 'end';
  showAtInput();
  await loadMessages();
  showError('');
}

$('msg-topic').addEventListener('change', () => {
  choosePartitions();
  acting(loadMessages)();
});
$('msg-from').addEventListener('change', showAtInput);
$('msg-load').addEventListener('click', acting(loadMessages));
$('msg-format').addEventListener('change', drawMessages);
$('produce-send').addEventListener('click', acting(produce));
