import { assignColors, base, chart, colorFor, setEmpty } from './charts.js';
import { formatNumber, formatTime, onLangChange, t } from './i18n.js';
import { connect, mergeSeries } from './live.js';
import { mountShell } from './shell.js';

// A `--page` page: /p/<name>, drawn from its config; nothing of the config reaches the DOM but through textContent.
const name = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const room = `p/${name}`;
mountShell(room);

const $ = (id) => document.getElementById(id);
const config = await (await fetch(`/p/${encodeURIComponent(name)}/config.json`)).json();
const state = { points: [], at: 0 };

/** Fields' series in the config's order; split series in the order they first appear in the window. */
function seriesNames() {
  if (config.series.kind === 'fields') return config.series.fields.map((f) => f.name);
  const names = new Set();
  for (const point of state.points) for (const n of Object.keys(point.v)) names.add(n);
  return [...names];
}

const colorOf = (series) => config.series.kind === 'fields' ? (config.series.fields.find((f) => f.name === series)?.color ?? colorFor(series)) : colorFor(series);

const REDUCE = {
  last: (xs) => xs.at(-1),
  sum: (xs) => xs.reduce((a, b) => a + b, 0),
  avg: (xs) => xs.reduce((a, b) => a + b, 0) / xs.length,
  max: (xs) => Math.max(...xs),
  min: (xs) => Math.min(...xs),
};

/** Each series' figure over the window, for bar, pie and number; a series with no point in it has none. */
function reduced() {
  return seriesNames().flatMap((series) => {
    const values = state.points.filter((p) => Object.hasOwn(p.v, series)).map((p) => p.v[series]);
    return values.length === 0 ? [] : [{ name: series, value: REDUCE[config.reduce](values) }];
  });
}

function lineOption() {
  const last = state.points.at(-1);
  return {
    ...base(),
    legend: { top: 0, right: 0, itemGap: 18 },
    tooltip: { ...base().tooltip, trigger: 'axis' },
    grid: { ...base().grid, top: 44 },
    xAxis: {
      type: 'time',
      min: last ? last.t - config.windowMs : undefined,
      max: last ? last.t : undefined,
      axisLabel: { formatter: '{HH}:{mm}:{ss}', hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: { type: 'value' },
    series: seriesNames().map((series) => ({
      name: series,
      type: 'line',
      smooth: 0.3,
      showSymbol: false,
      itemStyle: { color: colorOf(series) },
      lineStyle: { width: 2.5, color: colorOf(series) },
      data: state.points.filter((p) => Object.hasOwn(p.v, series)).map((p) => [p.t, p.v[series]]),
    })),
  };
}

function barOption() {
  const figures = reduced();
  return {
    ...base(),
    tooltip: { ...base().tooltip, trigger: 'item' },
    xAxis: { type: 'category', data: figures.map((f) => f.name), axisLabel: { interval: 0, hideOverlap: true }, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value' },
    series: [
      {
        name: config.title,
        type: 'bar',
        barMaxWidth: 36,
        label: { show: true, position: 'top' },
        data: figures.map((f) => ({ value: f.value, itemStyle: { color: colorOf(f.name), borderRadius: [4, 4, 0, 0] } })),
      },
    ],
  };
}

function pieOption() {
  return {
    ...base(),
    tooltip: { ...base().tooltip, trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        name: config.title,
        type: 'pie',
        radius: ['35%', '65%'],
        label: { formatter: '{b}: {c} ({d}%)' },
        data: reduced().map((f) => ({ ...f, itemStyle: { color: colorOf(f.name) } })),
      },
    ],
  };
}

const OPTIONS = { line: lineOption, bar: barOption, pie: pieOption };
const drawn = config.chart === 'number' ? undefined : chart($('page-chart'), OPTIONS[config.chart]);

/** The big numbers: one card per series, built from text nodes only. */
function renderNumbers() {
  const cards = reduced().map((f) => {
    const card = document.createElement('div');
    card.className = 'card kpi';
    card.dataset.series = f.name;
    const label = document.createElement('div');
    label.className = 'label';
    label.textContent = f.name;
    const value = document.createElement('div');
    value.className = 'value';
    value.style.color = colorOf(f.name);
    value.textContent = formatNumber(f.value, Number.isInteger(f.value) ? 0 : 2);
    value.dataset.value = String(f.value);
    card.append(label, value);
    return card;
  });
  $('page-numbers').replaceChildren(...cards);
}

const shortNumber = (n) => formatNumber(n, Number.isInteger(n) ? 0 : 1);

function windowText() {
  const minutes = config.windowMs / 60_000;
  return minutes >= 1 ? t('topicPage.minutes', { n: shortNumber(minutes) }) : t('topicPage.seconds', { n: shortNumber(config.windowMs / 1000) });
}

function render() {
  // All at once, so no two series share a colour (one name at a time, each would get the first).
  assignColors(seriesNames());
  document.title = `${config.title} · streamdash`;
  $('page-title').textContent = config.title;
  $('page-subtitle').textContent = t('topicPage.subtitle', { topic: config.topic });
  $('chart-title').textContent = t('topicPage.window', { w: windowText() });
  $('page-updated').textContent = state.at ? t('common.updated', { time: formatTime(state.at) }) : '';
  // The number of points held, as data the page's tests (and scrapers) can read without parsing text.
  $('page-chart').dataset.points = String(state.points.length);
  setEmpty($('page-chart'), state.points.length === 0);
  if (drawn) drawn.update();
  else renderNumbers();
}

if (config.chart === 'number') {
  $('page-numbers').hidden = false;
  $('page-chart').hidden = true;
}

connect(room, (message) => {
  if (message.channel !== `page:${name}`) return;
  state.points = mergeSeries(state.points, message, (p) => p.t, config.windowMs);
  state.at = message.at;
  render();
});
onLangChange(render);
render();
