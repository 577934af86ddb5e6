import { assignColors, base, chart, colorFor, setEmpty } from './charts.js';
import { formatNumber, formatTime, onLangChange, t } from './i18n.js';
import { connect, mergeSeries } from './live.js';
import { mountShell } from './shell.js';

mountShell('popularity');

const $ = (id) => document.getElementById(id);
const state = { span: 5 * 60_000, snapshots: [] };
const latest = () => state.snapshots.at(-1);

/** Every page seen in the history, in a fixed order, so the bars keep their identity while ranks change. */
function knownPages() {
  const pages = new Set();
  for (const s of state.snapshots) for (const e of s.top) pages.add(e.page);
  return [...pages].sort();
}

const topChart = chart($('top-chart'), () => {
  const top = latest()?.top ?? [];
  const scores = new Map(top.map((e) => [e.page, e.popularity]));
  const pages = knownPages();
  return {
    ...base(),
    grid: { ...base().grid, top: 8, right: 56, bottom: 30 },
    tooltip: { ...base().tooltip, trigger: 'item' },
    xAxis: { type: 'value', name: t('axis.popularity'), nameLocation: 'middle', nameGap: 26, splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: {
      type: 'category',
      data: pages,
      inverse: true,
      max: Math.max(0, Math.min(9, top.length - 1)),
      animationDuration: 300,
      animationDurationUpdate: 300,
      axisTick: { show: false },
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: [
      {
        name: t('axis.popularity'),
        type: 'bar',
        realtimeSort: true,
        barMaxWidth: 26,
        data: pages.map((p) => ({ value: scores.get(p) ?? 0, itemStyle: { color: colorFor(p), borderRadius: [0, 4, 4, 0] } })),
        label: { show: true, position: 'right', valueAnimation: true, formatter: (p) => formatNumber(p.value, 1) },
      },
    ],
    animationDuration: 0,
    animationDurationUpdate: 900,
    animationEasing: 'linear',
    animationEasingUpdate: 'linear',
  };
});

const trendChart = chart($('trend-chart'), () => {
  const top = latest()?.top ?? [];
  return {
    ...base(),
    legend: { type: 'scroll', top: 0, right: 0, left: 80 },
    tooltip: { ...base().tooltip, trigger: 'axis' },
    grid: { ...base().grid, top: 44 },
    xAxis: {
      type: 'time',
      min: latest() ? latest().at - state.span : undefined,
      max: latest()?.at,
      axisLabel: { formatter: '{HH}:{mm}:{ss}', hideOverlap: true },
    },
    yAxis: { type: 'value', name: t('axis.popularity'), nameTextStyle: { align: 'left' } },
    series: top.map((e) => ({
      name: e.page,
      type: 'line',
      showSymbol: false,
      color: colorFor(e.page),
      data: state.snapshots.map((s) => [s.at, s.top.find((x) => x.page === e.page)?.popularity ?? null]),
    })),
  };
});

function renderTable() {
  const top = latest()?.top ?? [];
  const before = state.snapshots.at(-2)?.top ?? [];
  const body = $('top-table').tBodies[0];
  body.replaceChildren(
    ...top.map((e, i) => {
      const row = document.createElement('tr');
      const was = before.findIndex((b) => b.page === e.page);
      const cells = [
        [String(i + 1), 'num'],
        [e.page, ''],
        [formatNumber(e.popularity, 1), 'num'],
        was < 0 ? [before.length ? t('change.new') : '', 'num'] : was === i ? ['–', 'num'] : [`${was > i ? '▲' : '▼'} ${Math.abs(was - i)}`, `num ${was > i ? 'up' : 'down'}`],
      ];
      for (const [text, cls] of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        row.append(td);
      }
      return row;
    }),
  );
}

function render() {
  const last = latest();
  $('top-page').textContent = last?.top[0]?.page ?? '–';
  $('top-score').textContent = last?.top[0] ? t('kpi.topScore', { v: formatNumber(last.top[0].popularity, 1) }) : '';
  $('ranked').textContent = last ? String(last.top.length) : '–';
  $('snapshots').textContent = t('kpi.snapshots', { m: Math.round(state.span / 60_000) }) + `: ${formatNumber(state.snapshots.length)}`;
  $('taken-at').textContent = last ? formatTime(last.at) : '–';
  $('trend-chart').dataset.points = String(state.snapshots.length);
  const previous = state.snapshots.at(-2);
  $('interval').textContent = last && previous ? t('kpi.interval', { s: formatNumber((last.at - previous.at) / 1000, 1) }) : '';
  $('top-updated').textContent = last ? t('common.updated', { time: formatTime(last.at) }) : '';
  $('trend-title').textContent = t('chart.trend', { m: Math.round(state.span / 60_000) });
  setEmpty($('top-chart'), !last?.top.length);
  setEmpty($('trend-chart'), !last?.top.length);
  renderTable();
}

connect('popularity', (message) => {
  if (message.channel === 'status') state.span = message.items[0]?.historyMs ?? state.span;
  if (message.channel === 'popularity') {
    state.snapshots = mergeSeries(state.snapshots, message, (s) => s.at, state.span);
    assignColors(latest()?.top.map((e) => e.page) ?? []);
    topChart.update();
    trendChart.update();
  }
  render();
});

onLangChange(render);
render();
