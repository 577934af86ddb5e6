// The stream-jobs view: each job that reports to streamdash-metrics, its lag, state and counters, and one
// job's tasks per instance with their stores, linked to the instance's interactive queries.

import { $, acting, api, cell, element } from './console-common.js';

let selectedJob;
const shownNumber = (n) => (n === null || n === undefined ? '–' : String(n));
const storeEntries = (j) => j.members.flatMap((m) => m.tasks).reduce((s, t) => s + Object.values(t.stores).reduce((a, b) => a + b, 0), 0);

/** A link per instance that serves its stores (--query-port): where its interactive queries answer. */
function queryLinks(td, members) {
  for (const m of members) {
    if (m.queryUrl === null) continue;
    const a = Object.assign(element('a', m.instance || m.queryUrl), { href: `${m.queryUrl}/stores`, target: '_blank', rel: 'noopener', title: m.queryUrl });
    a.className = 'query-link';
    td.append(a, ' ');
  }
  if (td.childNodes.length === 0) td.textContent = '–';
}

export async function loadJobs() {
  const { jobs } = await api('/jobs');
  const body = $('jobs').tBodies[0];
  body.replaceChildren();
  for (const j of jobs) {
    const row = body.insertRow();
    row.dataset.job = j.job;
    const link = Object.assign(element('a', j.job), { href: '#' });
    link.addEventListener('click', (e) => {
      e.preventDefault();
      selectedJob = j.job;
      showJob(j);
    });
    row.insertCell().append(link);
    cell(row, j.instances, 'num instances');
    cell(row, j.members.reduce((s, m) => s + m.tasks.length, 0), 'num tasks');
    cell(row, storeEntries(j), 'num state');
    cell(row, shownNumber(j.committedLag), 'num lag');
    cell(row, shownNumber(j.figures.lag), 'num read-lag');
    cell(row, shownNumber(j.figures.lateRecords), 'num late');
    cell(row, Object.entries(j.counters).map(([k, v]) => `${k} ${v}`).join(', ') || '–', 'counters');
    queryLinks(row.insertCell(), j.members);
    if (j.job === selectedJob) showJob(j);
  }
  $('jobs-empty').hidden = jobs.length > 0;
}

function showJob(j) {
  $('job-detail').hidden = false;
  $('job-name').textContent = `Job ${j.job}`;
  $('job-summary').textContent = `application id ${j.applicationId}; ${j.instances} instance${j.instances === 1 ? '' : 's'}`;
  const body = $('job-tasks').tBodies[0];
  body.replaceChildren();
  for (const m of j.members) {
    for (const t of m.tasks) {
      const row = body.insertRow();
      row.dataset.task = t.id;
      cell(row, m.instance, 'mono');
      cell(row, t.id, 'mono');
      cell(row, t.recordsIn, 'num records-in');
      cell(row, t.lateRecords, 'num late');
      cell(row, t.lag, 'num read-lag');
      cell(row, Object.entries(t.stores).map(([name, n]) => `${name}: ${n}`).join(', ') || 'none', 'stores');
    }
  }
}

$('jobs-refresh').addEventListener('click', acting(loadJobs));
