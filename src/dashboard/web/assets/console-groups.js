// The consumer-groups view: each group's state and lag, one group's members and per-partition
// lag, and an offset reset that shows its new offsets (a dry run) before it commits them.

import { $, acting, api, cell, element, fillSelect, showError } from './console-common.js';

let selectedGroup;
/** The reset the dry run showed, sent again as is when confirmed. */
let plannedReset;
let topicNames = [];

const stateClass = (state) => (state === 'Stable' ? 'ok' : state === 'Empty' ? '' : 'warn');
const shownNumber = (n) => (n === null ? '–' : String(n));

export function setGroupTopics(names) {
  topicNames = names;
}

export async function loadGroups() {
  const { groups } = await api('/groups');
  const body = $('groups').tBodies[0];
  body.replaceChildren();
  for (const g of groups) {
    const row = body.insertRow();
    row.dataset.group = g.id;
    const link = Object.assign(element('a', g.id), { href: '#' });
    link.addEventListener('click', (e) => {
      e.preventDefault();
      acting(() => showGroup(g.id))();
    });
    row.insertCell().append(link);
    row.insertCell().append(element('span', g.state, `pill ${stateClass(g.state)}`));
    cell(row, g.protocolType ? `${g.protocolType} / ${g.protocol || '–'}` : '–');
    cell(row, g.members.length, 'num');
    cell(row, g.lag, 'num lag');
  }
  $('groups-empty').hidden = groups.length > 0;
}

/** Shows a group; `live` is the periodic refresh, which leaves the reset and delete forms as the user has them. */
async function showGroup(id, live = false) {
  const g = await api(`/groups/${encodeURIComponent(id)}`);
  selectedGroup = g.id;
  $('group-detail').hidden = false;
  $('group-name').textContent = `Group ${g.id}`;
  const state = $('group-state');
  state.textContent = g.state;
  state.className = `pill ${stateClass(g.state)}`;
  $('group-lag').textContent = `total lag ${g.lag}`;

  const members = $('members').tBodies[0];
  members.replaceChildren();
  for (const m of g.members) {
    const row = members.insertRow();
    cell(row, m.memberId, 'mono');
    cell(row, m.clientId);
    cell(row, m.clientHost, 'mono');
    cell(row, m.assignment.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ') || '–');
  }
  $('members').hidden = g.members.length === 0;
  $('members-empty').hidden = g.members.length > 0;

  const offsets = $('group-offsets').tBodies[0];
  offsets.replaceChildren();
  for (const o of g.offsets) {
    const row = offsets.insertRow();
    row.dataset.topic = o.topic;
    row.dataset.partition = String(o.partition);
    cell(row, o.topic);
    cell(row, o.partition, 'num');
    cell(row, shownNumber(o.committed), 'num committed');
    cell(row, o.end, 'num end');
    cell(row, shownNumber(o.lag), 'num lag');
  }
  if (live) return;
  const ownTopics = [...new Set(g.offsets.map((o) => o.topic))];
  fillSelect($('reset-topic'), [...ownTopics, ...topicNames.filter((t) => !ownTopics.includes(t))]);
  $('reset-plan').hidden = true;
  $('group-delete-confirm').hidden = true;
}

function resetBody() {
  const to = $('reset-to').value;
  const at = $('reset-at').value.trim();
  return { topic: $('reset-topic').value, to, ...(to === 'offset' && { offset: Number(at) }), ...(to === 'time' && { time: /^\d+$/.test(at) ? Number(at) : at }) };
}

function drawPlan(offsets) {
  const body = $('reset-offsets').tBodies[0];
  body.replaceChildren();
  for (const o of offsets) {
    const row = body.insertRow();
    row.dataset.partition = String(o.partition);
    cell(row, o.topic);
    cell(row, o.partition, 'num');
    cell(row, shownNumber(o.current), 'num current');
    cell(row, o.next, 'num next');
  }
}

/** The dry run: what the reset would commit, changing nothing yet. */
async function planReset() {
  const body = resetBody();
  const plan = await api(`/groups/${encodeURIComponent(selectedGroup)}/reset-plan`, { method: 'POST', body: JSON.stringify(body) });
  plannedReset = body;
  drawPlan(plan.offsets);
  $('reset-question').textContent = `Commit these offsets for group "${selectedGroup}" on topic "${body.topic}"? Its consumers start there next time.`;
  $('reset-done').textContent = '';
  $('reset-plan').hidden = false;
  $('reset-apply').hidden = false;
  showError('');
}

async function applyReset() {
  const group = selectedGroup;
  const result = await api(`/groups/${encodeURIComponent(group)}/reset`, { method: 'POST', body: JSON.stringify(plannedReset) });
  await Promise.all([showGroup(group), loadGroups()]);
  drawPlan(result.offsets);
  $('reset-question').textContent = '';
  $('reset-done').textContent = `Committed: ${result.offsets.map((o) => `${o.topic}-${o.partition} → ${o.next}`).join(', ')}`;
  $('reset-plan').hidden = false;
  $('reset-apply').hidden = true;
  showError('');
}

async function deleteGroup() {
  await api(`/groups/${encodeURIComponent(selectedGroup)}`, { method: 'DELETE' });
  $('group-detail').hidden = true;
  await loadGroups();
  showError('');
}

$('reset-to').addEventListener('change', () => {
  const to = $('reset-to').value;
  $('reset-at').hidden = to !== 'offset' && to !== 'time';
  $('reset-at').placeholder = to === 'offset' ? 'offset' : 'epoch ms or 2026-01-01T00:00:00Z';
});
$('reset-preview').addEventListener('click', acting(planReset));
$('reset-apply').addEventListener('click', acting(applyReset));
$('reset-cancel').addEventListener('click', () => ($('reset-plan').hidden = true));
$('groups-refresh').addEventListener('click', acting(async () => {
  await loadGroups();
  if (selectedGroup !== undefined && !$('group-detail').hidden) await showGroup(selectedGroup);
}));
// Live: the list and the open group's offsets, lag and members follow the broker every 2 s.
setInterval(
  acting(async () => {
    await loadGroups();
    if (selectedGroup !== undefined && !$('group-detail').hidden) await showGroup(selectedGroup, true);
  }),
  2000,
);
$('group-delete').addEventListener('click', () => {
  $('group-delete-question').textContent = `Delete group "${selectedGroup}" and its committed offsets?`;
  $('group-delete-confirm').hidden = false;
});
$('group-delete-yes').addEventListener('click', acting(deleteGroup));
$('group-delete-no').addEventListener('click', () => ($('group-delete-confirm').hidden = true));
