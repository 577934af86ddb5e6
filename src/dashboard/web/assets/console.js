// The console page: overview and topics here; messages, produce, groups and jobs in their own modules.
// Every value reaches the DOM through textContent, never as HTML.

import { $, api, cell, parsePairs, showError } from './console-common.js';
import { loadGroups, setGroupTopics } from './console-groups.js';
import { loadJobs } from './console-jobs.js';
import './console-live.js';
import { browseTopic, loadMessages, setTopics } from './console-messages.js';

let selected;

const bytes = (n) => (n === null ? '–' : n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024 ** 3).toFixed(1)} GiB`);
const rate = (n) => (n === null ? '–' : n.toFixed(n < 10 ? 1 : 0));
/** The APIs a Kafka client looks at first, with their highest versions. */
const KEY_APIS = ['Produce', 'Fetch', 'Metadata', 'JoinGroup', 'InitProducerId'];

async function loadOverview() {
  const o = await api('/overview');
  $('overview-bootstrap').textContent = o.bootstrap;
  $('overview-uptime').textContent = `console up ${Math.round(o.consoleUptimeMs / 1000)} s`;
  $('overview-topics').textContent = String(o.topicCount);
  $('overview-partitions').textContent = String(o.partitionCount);
  $('overview-cluster').textContent = `cluster ${o.clusterId}; ${o.brokers.length} broker${o.brokers.length === 1 ? '' : 's'}`;
  const brokers = $('brokers').tBodies[0];
  brokers.replaceChildren();
  for (const b of o.brokers) {
    for (const [i, d] of (b.logDirs.length > 0 ? b.logDirs : [null]).entries()) {
      const row = brokers.insertRow();
      row.dataset.node = String(b.nodeId);
      cell(row, i === 0 ? `${b.nodeId}${b.controller ? ' (controller)' : ''}` : '', 'num');
      cell(row, i === 0 ? `${b.host}:${b.port}` : '', 'mono');
      cell(row, i === 0 ? (b.listeners ?? '–') : '', 'mono listeners');
      cell(row, i === 0 ? (b.advertisedListeners ?? '–') : '', 'mono');
      cell(row, d?.path ?? '–', 'mono log-dir');
      cell(row, d ? bytes(d.bytes) : '–', 'num data-bytes');
      cell(row, d && d.usableBytes !== null && d.totalBytes !== null ? `${bytes(d.usableBytes)} of ${bytes(d.totalBytes)}` : '–', 'num');
    }
  }
  const versions = KEY_APIS.flatMap((name) => o.apis.filter((a) => a.name === name).map((a) => `${name} v${a.maxVersion}`));
  $('overview-apis').textContent = `Speaks ${o.apis.length} Kafka APIs (${versions.join(', ')}). Kafka's protocol has no software version to ask for; these are what clients choose by.`;
  const throughput = $('throughput').tBodies[0];
  throughput.replaceChildren();
  for (const t of o.throughput) {
    const row = throughput.insertRow();
    row.dataset.topic = t.topic;
    cell(row, t.topic, 'mono');
    cell(row, rate(t.inPerSec), 'num in');
    cell(row, rate(t.outPerSec), 'num out');
  }
}

async function loadTopics() {
  const { topics } = await api('/topics');
  const body = $('topics').tBodies[0];
  body.replaceChildren();
  for (const t of topics) {
    const row = body.insertRow();
    row.dataset.topic = t.name;
    const link = document.createElement('a');
    link.href = '#';
    link.textContent = t.name;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      void Promise.all([showTopic(t.name), browseTopic(t.name)]).catch((error) => showError(error.message));
    });
    row.insertCell().append(link);
    cell(row, t.partitions.length, 'num');
    cell(row, t.partitions.reduce((s, p) => s + p.startOffset, 0), 'num start');
    cell(row, t.partitions.reduce((s, p) => s + p.endOffset, 0), 'num end');
    cell(row, t.records, 'num records');
    cell(row, bytes(t.bytes), 'num size').dataset.bytes = String(t.bytes);
    cell(row, rate(t.inPerSec), 'num in');
    const del = document.createElement('button');
    del.textContent = 'Delete…';
    del.className = 'delete';
    del.addEventListener('click', () => void showTopic(t.name).then(askDelete).catch((error) => showError(error.message)));
    row.insertCell().append(del);
  }
  setTopics(topics);
  setGroupTopics(topics.map((t) => t.name));
}

async function showTopic(name) {
  const t = await api(`/topics/${encodeURIComponent(name)}`);
  selected = t.name;
  $('topic-detail').hidden = false;
  $('delete-confirm').hidden = true;
  $('detail-name').textContent = t.name;
  const body = $('partitions').tBodies[0];
  body.replaceChildren();
  for (const p of t.partitions) {
    const row = body.insertRow();
    row.dataset.partition = String(p.partition);
    for (const v of [p.partition, p.leader, p.startOffset, p.endOffset, p.records]) cell(row, v, 'num');
  }
  const own = t.configs.filter((c) => c.setOnTopic).map((c) => `${c.name}=${c.value}`);
  $('detail-configs').textContent = `${t.configs.length} configs; set on this topic: ${own.length ? own.join(', ') : 'none (all defaults)'}`;
}

function askDelete() {
  $('delete-question').textContent = `Delete topic "${selected}" and all its records?`;
  $('delete-typed').value = '';
  $('delete-confirm').hidden = false;
}

async function refresh() {
  try {
    await Promise.all([loadOverview(), loadTopics(), loadGroups(), loadJobs()]);
    showError('');
  } catch (error) {
    showError(error.message);
  }
}

$('create').addEventListener('click', async () => {
  try {
    const name = $('new-name').value.trim();
    await api('/topics', { method: 'POST', body: JSON.stringify({ name, partitions: Number($('new-partitions').value), configs: parsePairs($('new-configs').value, 'config') }) });
    await refresh();
  } catch (error) {
    showError(error.message);
  }
});

$('delete-yes').addEventListener('click', async () => {
  if ($('delete-typed').value !== selected) return showError(`type "${selected}" to confirm`);
  try {
    await api(`/topics/${encodeURIComponent(selected)}`, { method: 'DELETE' });
    $('topic-detail').hidden = true;
    await refresh();
  } catch (error) {
    showError(error.message);
  }
});
$('delete-no').addEventListener('click', () => ($('delete-confirm').hidden = true));

await refresh();
// The overview is live: the dashboard polls the broker every couple of seconds, and so does this.
setInterval(() => void loadOverview().catch((error) => showError(error.message)), 2000);
await loadMessages().catch((error) => showError(error.message));
document.body.dataset.ready = 'true';
