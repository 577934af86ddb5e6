import { base, chart, COLORS, setEmpty } from './charts.js';
import { formatNumber, formatTime, onLangChange, provinceName, t } from './i18n.js';
import { connect, mergeSeries } from './live.js';
import { mountShell } from './shell.js';

mountShell('taobao');

const $ = (id) => document.getElementById(id);
const GENDERS = ['girls', 'boys', 'unknown'];
const ACTIONS = ['click', 'cart', 'buy', 'favourite'];
const state = { span: 5 * 60_000, gender: [], totals: undefined, actions: [], provinces: undefined, ages: undefined };

const ACTIONS_SPAN = 60_000;

const timeAxis = (items, span) => {
  const last = items.at(-1);
  return {
    type: 'time',
    min: last ? last.start - span : undefined,
    max: last ? last.start : undefined,
    axisLabel: { formatter: '{HH}:{mm}:{ss}', hideOverlap: true },
    splitLine: { show: false },
  };
};

const genderChart = chart($('gender-chart'), () => ({
  ...base(),
  color: GENDERS.map((g) => COLORS[g]),
  legend: { top: 0, right: 0, itemGap: 18 },
  tooltip: { ...base().tooltip, trigger: 'axis' },
  grid: { ...base().grid, top: 44 },
  xAxis: timeAxis(state.gender, state.span),
  yAxis: { type: 'value', name: t('axis.shoppers'), minInterval: 1, nameTextStyle: { align: 'left' } },
  series: GENDERS.map((g) => ({
    name: t(`gender.${g}`),
    type: 'line',
    smooth: 0.3,
    showSymbol: false,
    lineStyle: { width: g === 'unknown' ? 1.5 : 2.5 },
    data: state.gender.map((w) => [w.start, w[g]]),
  })),
}));

const actionsChart = chart($('actions-chart'), () => ({
  ...base(),
  color: ACTIONS.map((a) => COLORS[a]),
  legend: { top: 0, left: 0, itemGap: 12, itemWidth: 12, itemHeight: 12, icon: 'roundRect' },
  tooltip: { ...base().tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
  grid: { ...base().grid, top: 60 },
  xAxis: timeAxis(state.actions, ACTIONS_SPAN),
  yAxis: { type: 'value', name: t('axis.actions'), minInterval: 1, nameTextStyle: { align: 'left' } },
  series: ACTIONS.map((a) => ({
    name: t(`action.${a}`),
    type: 'bar',
    stack: 'actions',
    barCategoryGap: '20%',
    data: state.actions.filter((w) => w.start > state.actions.at(-1).start - ACTIONS_SPAN).map((w) => [w.start, w[a]]),
  })),
}));

const provincesChart = chart($('provinces-chart'), () => {
  const entries = state.provinces?.entries ?? [];
  return {
    ...base(),
    grid: { ...base().grid, top: 8, right: 48, bottom: 30 },
    tooltip: { ...base().tooltip, trigger: 'item' },
    xAxis: { type: 'value', name: t('axis.shoppers'), nameLocation: 'middle', nameGap: 26, minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
    yAxis: { type: 'category', inverse: true, data: entries.map((e) => provinceName(e.name)), axisTick: { show: false } },
    series: [
      {
        name: t('axis.shoppers'),
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: COLORS.accent, borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right' },
        data: entries.map((e) => e.shoppers),
      },
    ],
  };
});

/** Age ranges 7 and 8 are both "50 and over" in user_log. */
function ageBuckets() {
  const counts = new Map();
  for (const e of state.ages?.entries ?? []) {
    const key = Number(e.name) >= 7 ? '7' : Number(e.name) >= 0 && Number(e.name) <= 6 ? e.name : '0';
    counts.set(key, (counts.get(key) ?? 0) + e.shoppers);
  }
  const order = ['1', '2', '3', '4', '5', '6', '7', '0'];
  return order.filter((k) => counts.has(k)).map((k) => ({ key: k, shoppers: counts.get(k) }));
}

const agesChart = chart($('ages-chart'), () => {
  const buckets = ageBuckets();
  const total = buckets.reduce((s, b) => s + b.shoppers, 0);
  return {
    ...base(),
    grid: { ...base().grid, top: 40 },
    tooltip: { ...base().tooltip, trigger: 'item' },
    xAxis: { type: 'category', data: buckets.map((b) => t(`age.${b.key}`)), axisLabel: { interval: 0, rotate: buckets.length > 6 ? 30 : 0 }, axisTick: { alignWithLabel: true } },
    // Right-aligned, the axis name sits over the tick labels rather than over the first bar's label.
    yAxis: { type: 'value', name: t('axis.shoppers'), minInterval: 1, nameTextStyle: { align: 'right' } },
    series: [
      {
        name: t('axis.shoppers'),
        type: 'bar',
        barMaxWidth: 28,
        itemStyle: { color: '#8b5cf6', borderRadius: [4, 4, 0, 0] },
        label: { show: true, position: 'top', formatter: (p) => (total ? `${Math.round((p.value / total) * 100)}%` : '') },
        data: buckets.map((b) => b.shoppers),
      },
    ],
  };
});

function renderCounters() {
  const last = state.gender.at(-1);
  for (const g of GENDERS) {
    $(`${g}-now`).textContent = last ? formatNumber(last[g]) : '–';
    $(`${g}-total`).textContent = state.totals ? t('kpi.total', { n: formatNumber(state.totals[g]) }) : '';
  }
  $('window-now').textContent = last ? `${formatTime(last.start)}–${formatTime(last.end)}` : '–';
  // The window and the number of points drawn, as data the page's tests (and scrapers) can read without parsing text.
  $('window-now').dataset.start = last ? String(last.start) : '';
  $('gender-chart').dataset.points = String(state.gender.length);
  $('totals-since').textContent = state.totals?.since ? t('kpi.since', { time: formatTime(state.totals.since) }) : '';
  $('gender-title').textContent = t('chart.gender', { m: Math.round(state.span / 60_000) });
  $('gender-updated').textContent = last ? t('common.updated', { time: formatTime(last.end) }) : '';
  $('actions-updated').textContent = state.actions.length ? t('common.updated', { time: formatTime(state.actions.at(-1).end) }) : '';
  $('provinces-updated').textContent = state.provinces ? t('common.updated', { time: formatTime(state.provinces.end) }) : '';
  $('ages-updated').textContent = state.ages ? t('common.updated', { time: formatTime(state.ages.end) }) : '';
  setEmpty($('gender-chart'), state.gender.length === 0);
  setEmpty($('actions-chart'), state.actions.length === 0);
  setEmpty($('provinces-chart'), !state.provinces?.entries.length);
  setEmpty($('ages-chart'), !state.ages?.entries.length);
}

const byStart = (w) => w.start;
connect('taobao', (message) => {
  switch (message.channel) {
    case 'status':
      state.span = message.items[0]?.historyMs ?? state.span;
      break;
    case 'gender':
      state.gender = mergeSeries(state.gender, message, byStart, state.span);
      genderChart.update();
      break;
    case 'gender-totals':
      state.totals = message.items[0];
      break;
    case 'actions':
      state.actions = mergeSeries(state.actions, message, byStart, state.span);
      actionsChart.update();
      break;
    case 'provinces':
      state.provinces = message.items[0];
      provincesChart.update();
      break;
    case 'ages':
      state.ages = message.items[0];
      agesChart.update();
      break;
  }
  renderCounters();
});

onLangChange(renderCounters);
renderCounters();
