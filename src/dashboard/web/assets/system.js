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

/** A lag figure as a coloured pill, right-aligned like the other numbers. */
function pill(text, kind) {
  const td = cell('', 'num');
  const span = document.createElement('span');
  span.className = `pill ${kind}`;
  span.textContent = text;
  td.replaceChildren(span);
  return td;
}

function tableRow(...cells) {
  const row = document.createElement('tr');
  row.append(...cells);
  return row;
}

/** Fills a table body, or says why it is empty. */
function fill(table, rows, emptyKey) {
  const body = $(table).tBodies[0];
  if (rows.length > 0) return body.replaceChildren(...rows);
  const td = cell(t(emptyKey), 'table-empty');
  td.colSpan = $(table).tHead.rows[0].cells.length;
  body.replaceChildren(tableRow(td));
}

/** The job's name, with a link to each instance's state stores when it serves them (--query-port). */
function jobCell(j) {
  const td = cell(j.instances > 1 ? `${j.job} ×${j.instances}` : j.job, 'mono');
  for (const url of j.queryUrls ?? []) {
    const a = document.createElement('a');
    a.href = `${url}/stores`;
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = t('jobs.stores');
    a.title = url;
    td.append(' ', a);
  }
  return td;
}

const lagKind = (lag) => (lag === 0 ? 'ok' : lag < 1000 ? 'warn' : 'bad');

/**
 * A job's one lag figure: its group's, from the offsets it commits at each checkpoint, which is what
 * kafka-consumer-groups.sh and the groups table show. Its read position, ahead between checkpoints, is the tooltip.
 */
function jobLag(j) {
  const read = t('jobs.readLag', { n: formatNumber(j.figures.lag ?? 0) });
  const td = j.committedLag === null ? cell('–', 'num') : pill(formatNumber(j.committedLag), lagKind(j.committedLag));
  td.title = read;
  td.dataset.readLag = String(j.figures.lag ?? 0);
  return td;
}
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
      const f = j.figures;
      return tableRow(
        jobCell(j),
        cell(formatNumber(f.recordsInPerSec ?? 0, 1), 'num'),
        cell(formatNumber(f.recordsOutPerSec ?? 0, 1), 'num'),
        jobLag(j),
        cell(j.checkpointAgeMs === null ? t('age.noCheckpoint') : ago(j.checkpointAgeMs), 'num'),
        cell(ago(j.reportAgeMs), 'num'),
      );
    }),
    'empty.jobs',
  );

  fill(
    'groups',
    view.groups.map((g) =>
      tableRow(
        cell(g.id, 'mono'),
        cell(g.state),
        cell(g.topics.map((x) => `${x.topic}: ${formatNumber(x.lag)}`).join('  ·  ') || t('common.none')),
        pill(formatNumber(g.lag), lagKind(g.lag)),
      ),
    ),
    'empty.groups',
  );

  fill(
    'topics',
    view.topics.map((topic) =>
      tableRow(
        cell(topic.name, 'mono'),
        cell(String(topic.partitions.length), 'num'),
        cell(topic.partitions.map((p) => `${p.partition}: ${formatNumber(p.endOffset)}`).join('  ·  ')),
        cell(formatNumber(topic.endOffset), 'num'),
      ),
    ),
    'empty.topics',
  );
}

connect('system', (message) => {
  if (message.channel === 'system') view = message.items[0];
  render();
});

onLangChange(render);
