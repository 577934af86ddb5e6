// The console's chart builder: pick a topic, and from its recent JSON values the time, the
// series, the chart and the window; the preview is the server reading the topic for that
// candidate page config (as `--page` would) and this page drawing it with the /p/ pages' own
// code. Save downloads the config, checked by the same code `--page` checks its files with.
// Every value reaches the DOM through textContent, never as HTML.

import { io } from '/socket.io/socket.io.esm.min.js';
import { $, api, element, fillSelect } from './console-common.js';
import { topicChart } from './topic-chart.js';

/** How many of a topic's newest values the builder looks at for their fields. */
const SAMPLE = 50;
/** Epoch ms between 1973 and 5138: a number field in that range is offered as a time. */
const EPOCH_MS = [1e11, 1e14];
const ISO_DATE = /^\d{4}-\d\d-\d\d/;
/** Nested objects are offered by dotted path ("window.start"), as page configs name them, this deep. */
const MAX_DEPTH = 3;

const socket = io('/console', { reconnectionDelay: 500, reconnectionDelayMax: 3000 });
const view = $('chart-view');
let fields = { numbers: [], texts: [], times: [] };
let bootstrap = '';
let drawing;
/** The open preview's id: answers to an older one, still on the wire, are not drawn. */
let opened = 0;
let reopen;

const isRow = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumeric = (v) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

function decode(b64) {
  return new TextDecoder().decode(Uint8Array.from(window.atob(b64), (c) => c.charCodeAt(0)));
}

/** The fields of JSON values, by what they can be in a page config: a series' number, a split's name, a time. */
function fieldsOf(values) {
  const numbers = new Set();
  const texts = new Set();
  const times = new Set();
  const walk = (row, prefix, depth) => {
    for (const [key, value] of Object.entries(row)) {
      const name = prefix + key;
      if (isRow(value) && depth < MAX_DEPTH) walk(value, `${name}.`, depth + 1);
      else if (typeof value === 'number' && value > EPOCH_MS[0] && value < EPOCH_MS[1]) times.add(name);
      else if (isNumeric(value)) numbers.add(name);
      else if (typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) times.add(name);
      else if (typeof value === 'string') texts.add(name);
    }
  };
  let json = 0;
  for (const value of values) {
    let parsed;
    try {
      parsed = JSON.parse(value);
    } catch {
      continue;
    }
    // A list of objects is read as one value (rows to split, or the seeds' [{"0":3},{"1":6}]), as the page does.
    const rows = Array.isArray(parsed) ? parsed : [parsed];
    if (rows.length === 0 || !rows.every(isRow)) continue;
    json++;
    for (const row of rows) walk(row, '', 1);
  }
  return { json, numbers: [...numbers], texts: [...texts], times: [...times] };
}

/** The page name a topic gives: what /p/<name> allows of it. */
const nameFor = (topic) => topic.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64) || 'chart';

function showFields() {
  fillSelect($('chart-time'), ['', ...fields.times], ["the record's timestamp", ...fields.times.map((f) => `field ${f}`)]);
  fillSelect($('chart-split'), ['', ...fields.texts], ['one per number field', ...fields.texts.map((f) => `one per value of ${f}`)]);
  fillSelect($('chart-value'), fields.numbers);
  $('chart-fields').replaceChildren(
    ...fields.numbers.map((field) => {
      const box = Object.assign(element('input'), { type: 'checkbox', value: field, checked: true });
      box.dataset.field = field;
      const label = element('label');
      label.append(box, document.createTextNode(field));
      return label;
    }),
  );
  showSeriesKind();
}

function showSeriesKind() {
  const split = $('chart-split').value !== '';
  $('chart-value-label').hidden = !split;
  $('chart-fields').hidden = split;
  $('chart-reduce').disabled = $('chart-kind').value === 'line';
}

/** The page config the form says, as a `--page` file has it: only what differs from the defaults is written. */
function candidate() {
  const topic = $('chart-topic').value;
  const time = $('chart-time').value;
  const split = $('chart-split').value;
  const kind = $('chart-kind').value;
  const title = $('chart-title').value.trim();
  return {
    name: $('chart-name').value.trim() || nameFor(topic),
    ...(title !== '' && { title }),
    topic,
    time: time === '' ? 'timestamp' : { field: time },
    series: split === '' ? [...$('chart-fields').querySelectorAll('input:checked')].map((box) => box.value) : { splitBy: split, value: $('chart-value').value },
    chart: kind,
    ...(kind !== 'line' && { reduce: $('chart-reduce').value }),
    window: $('chart-window').value.trim(),
  };
}

/** Sets the form to a config, as far as the topic's fields allow: a field its values no longer have is left unchosen. */
function restore(config) {
  $('chart-time').value = config.time === 'timestamp' ? '' : config.time.field;
  if (Array.isArray(config.series)) {
    $('chart-split').value = '';
    for (const box of $('chart-fields').querySelectorAll('input')) box.checked = config.series.includes(box.value);
  } else {
    $('chart-split').value = config.series.splitBy;
    $('chart-value').value = config.series.value;
  }
  $('chart-kind').value = config.chart;
  if (config.reduce !== undefined) $('chart-reduce').value = config.reduce;
  $('chart-window').value = config.window;
  $('chart-name').value = config.name;
  $('chart-title').value = config.title ?? '';
  showSeriesKind();
}

/** The config the page's address holds (`?chart=`), so a reload opens the same chart, its history read again. */
function remembered() {
  try {
    const config = JSON.parse(new URLSearchParams(location.search).get('chart') ?? 'null');
    return isRow(config) && typeof config.topic === 'string' ? config : undefined;
  } catch {
    return undefined;
  }
}

function remember(config) {
  const url = new URL(location.href);
  url.searchParams.set('chart', JSON.stringify(config));
  window.history.replaceState(window.history.state, '', url);
}

function setState(state, status) {
  view.dataset.state = state;
  $('chart-status').textContent = status;
}

function showProblem(text) {
  $('chart-problem').textContent = text ?? '';
}

/** Asks the server to draw the form's config; a change of the form asks again, a moment after the last keystroke. */
function open() {
  if ($('chart-topic').value === '') return;
  showProblem('');
  $('chart-saved').hidden = true;
  setState('opening', 'reading the topic…');
  const config = candidate();
  remember(config);
  socket.emit('chart:open', { id: ++opened, config });
}

function openSoon() {
  clearTimeout(reopen);
  reopen = setTimeout(open, 250);
}

async function sample(config) {
  const topic = $('chart-topic').value;
  if (topic === '') return;
  const { messages } = await api(`/topics/${encodeURIComponent(topic)}/messages?from=end&limit=${SAMPLE}`);
  const found = fieldsOf(messages.map((m) => m.value).filter((v) => v !== null).map(decode));
  fields = found;
  $('chart-sampled').textContent =
    found.json === 0
      ? `none of its ${messages.length} newest values is a JSON object or a list of objects: pick another topic`
      : `${found.json} of its ${messages.length} newest values are JSON: ${found.numbers.length} number, ${found.texts.length} text and ${found.times.length} time fields`;
  $('chart-name').value = nameFor(topic);
  showFields();
  if (config !== undefined) restore(config);
  open();
}

async function loadTopics() {
  const { topics } = await api('/topics');
  const names = topics.map((t) => t.name);
  fillSelect($('chart-topic'), ['', ...names], ['choose a topic', ...names]);
}

/** Downloads the config as NAME.json once the server has checked it, and says how to serve it. */
async function save() {
  const config = candidate();
  const { page } = await api('/page-configs/check', { method: 'POST', body: JSON.stringify({ config }) });
  const file = `${page.name}.json`;
  const url = URL.createObjectURL(new window.Blob([`${JSON.stringify(config, null, 2)}\n`], { type: 'application/json' }));
  const link = Object.assign(element('a'), { href: url, download: file });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  $('chart-file').textContent = file;
  $('chart-command').textContent = `streamdash dashboard --bootstrap ${bootstrap} --page ${file}\n# serves it at /p/${page.name}`;
  $('chart-saved').hidden = false;
}

socket.on('connect', open);
socket.on('chart:started', ({ id, page, history }) => {
  if (id !== opened) return;
  if (drawing === undefined) drawing = topicChart($('chart-preview'), $('chart-numbers'), page);
  else drawing.reset(page);
  $('chart-box').hidden = false;
  setState('reading', `reading ${history} records of the last ${$('chart-window').value.trim()}…`);
});
socket.on('chart:update', ({ id, update, records, skipped, problem }) => {
  if (id !== opened || drawing === undefined) return;
  if (update !== undefined) drawing.take(update);
  drawing.render();
  setState('live', `${drawing.points.length} points from ${records} records; live`);
  showProblem(skipped === 0 ? '' : `${skipped} of ${records} records give no point: ${problem}`);
});
socket.on('chart:error', ({ id, error }) => {
  if (id !== opened) return;
  // The last chart drawn is not this config's: it goes until one that can be drawn comes.
  $('chart-box').hidden = true;
  setState('error', '');
  showProblem(error);
});

$('chart-topic').addEventListener('change', () => void sample(undefined).catch((error) => showProblem(error.message)));
$('chart-topic').addEventListener('focus', () => void loadTopics().catch((error) => showProblem(error.message)));
$('chart-sample').addEventListener('click', () => void sample(candidate()).catch((error) => showProblem(error.message)));
$('chart-save').addEventListener('click', () => void save().catch((error) => showProblem(error.message)));
for (const id of ['chart-time', 'chart-split', 'chart-value', 'chart-kind', 'chart-reduce']) {
  $(id).addEventListener('change', () => {
    showSeriesKind();
    open();
  });
}
$('chart-fields').addEventListener('change', open);
for (const id of ['chart-window', 'chart-name', 'chart-title']) $(id).addEventListener('input', openSoon);

try {
  bootstrap = (await api('/overview')).bootstrap;
  await loadTopics();
  setState('idle', '');
  const config = remembered();
  if (config !== undefined) {
    $('chart-topic').value = config.topic;
    await sample(config);
  }
} catch (error) {
  showProblem(error.message);
}
document.body.dataset.chartReady = 'true';
