import { formatNumber, formatTime, onLangChange, t } from './i18n.js';
import { connect } from './live.js';
import { mountShell } from './shell.js';

mountShell('system');

const $ = (id) => document.getElementById(id);
let view;

function cell(text, className = '') {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function pill(text, kind) {
  const td = document.createElement('td');
  const span = document.createElement('span');
  span.className = `pill ${kind}`;
  span.textContent = text;
  td.append(span);
  return td;
}

/** Fills a table body, or says why it is empty. */
function fill(table, rows, emptyKey) {
  const body = $(table).tBodies[0];
  if (rows.length > 0) return body.replaceChildren(...rows);
  const row = document.createElement('tr');
  const td = cell(t(emptyKey), 'table-empty');
  td.colSpan = $(table).tHead.rows[0].cells.length;
  row.append(td);
  body.replaceChildren(row);
}

const lagKind = (lag) => (lag === 0 ? 'ok' : lag < 1000 ? 'warn' : 'bad');
const ago = (ms) => t('age.seconds', { n: formatNumber(ms / 1000, ms < 10_000 ? 1 : 0) });

function render() {
  if (!view) return;
  const up = view.broker === 'up';
  $('broker-state').textContent = t(up ? 'broker.up' : 'broker.down');
  $('broker-state').className = `value small ${up ? 'up' : 'down'}`;
  $('broker-address').textContent = view.bootstrap;
  $('topic-count').textContent = String(view.topics.length);
  $('system-updated').textContent = t('common.updated', { time: formatTime(view.at) });
  $('group-count').textContent = String(view.groups.length);
  $('total-lag').textContent = t('kpi.totalLag', { n: formatNumber(view.groups.reduce((s, g) => s + g.lag, 0)) });
  $('job-count').textContent = String(view.jobs.length);

  fill(
    'jobs',
    view.jobs.map((j) => {
      const row = document.createElement('tr');
      const f = j.figures;
      row.append(
        cell(j.instances > 1 ? `${j.job} ×${j.instances}` : j.job, 'mono'),
        cell(formatNumber(f.recordsInPerSec ?? 0, 1), 'num'),
        cell(formatNumber(f.recordsOutPerSec ?? 0, 1), 'num'),
        pill(formatNumber(f.lag ?? 0), lagKind(f.lag ?? 0)),
        cell(j.checkpointAgeMs === null ? t('age.noCheckpoint') : ago(j.checkpointAgeMs), 'num'),
        cell(ago(j.reportAgeMs), 'num'),
      );
      row.cells[3].className = 'num';
      return row;
    }),
    'empty.jobs',
  );

  fill(
    'groups',
    view.groups.map((g) => {
      const row = document.createElement('tr');
      row.append(
        cell(g.id, 'mono'),
        cell(g.state),
        cell(g.topics.map((x) => `${x.topic}: ${formatNumber(x.lag)}`).join('  ·  ') || t('common.none')),
        pill(formatNumber(g.lag), lagKind(g.lag)),
      );
      row.cells[3].className = 'num';
      return row;
    }),
    'empty.groups',
  );

  fill(
    'topics',
    view.topics.map((topic) => {
      const row = document.createElement('tr');
      row.append(
        cell(topic.name, 'mono'),
        cell(String(topic.partitions.length), 'num'),
        cell(topic.partitions.map((p) => `${p.partition}: ${formatNumber(p.endOffset)}`).join('  ·  ')),
        cell(formatNumber(topic.endOffset), 'num'),
      );
      return row;
    }),
    'empty.topics',
  );
}

connect('system', (message) => {
  if (message.channel === 'system') view = message.items[0];
  render();
});

onLangChange(render);
