// A topic page's chart, drawn from a parsed page config (what /p/<name>/config.json and the
// console's chart preview send) and the page's points: the /p/ pages and the console's chart
// builder draw with this one code, so a saved config shows on /p/<name> what the builder showed.
// Nothing of a config or a value reaches the DOM but through textContent.

import { assignColors, base, chart, colorFor, setEmpty } from './charts.js';
import { formatNumber } from './i18n.js';
import { mergeSeries } from './live.js';

const REDUCE = {
  last: (xs) => xs.at(-1),
  sum: (xs) => xs.reduce((a, b) => a + b, 0),
  avg: (xs) => xs.reduce((a, b) => a + b, 0) / xs.length,
  max: (xs) => Math.max(...xs),
  min: (xs) => Math.min(...xs),
};

/**
 * Draws `config` into chartEl (line, bar, pie) or numbersEl (number). `reset` starts over
 * with another config, as the builder does on every change; `take` merges an `update`
 * payload of the page's points; `render` draws what is held.
 */
export function topicChart(chartEl, numbersEl, initial) {
  let config = initial;
  let points = [];
  let drawn;
  // A kind other than the last drawn one must not inherit its axes: the next draw replaces the whole option.
  let fresh = true;

  /** Fields' series in the config's order; split series in the order they first appear in the window. */
  function seriesNames() {
    if (config.series.kind === 'fields') return config.series.fields.map((f) => f.name);
    const names = new Set();
    for (const point of points) for (const n of Object.keys(point.v)) names.add(n);
    return [...names];
  }

  const colorOf = (series) => (config.series.kind === 'fields' ? (config.series.fields.find((f) => f.name === series)?.color ?? colorFor(series)) : colorFor(series));

  /** Each series' figure over the window, for bar, pie and number; a series with no point in it has none. */
  function reduced() {
    return seriesNames().flatMap((series) => {
      const values = points.filter((p) => Object.hasOwn(p.v, series)).map((p) => p.v[series]);
      return values.length === 0 ? [] : [{ name: series, value: REDUCE[config.reduce](values) }];
    });
  }

  function lineOption() {
    const last = points.at(-1);
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
        data: points.filter((p) => Object.hasOwn(p.v, series)).map((p) => [p.t, p.v[series]]),
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
    numbersEl.replaceChildren(...cards);
  }

  return {
    get config() {
      return config;
    },
    get points() {
      return points;
    },
    reset(next) {
      fresh = fresh || next.chart !== config.chart;
      config = next;
      points = [];
    },
    take(update) {
      points = mergeSeries(points, update, (p) => p.t, config.windowMs);
    },
    render() {
      // All at once, so no two series share a colour (one name at a time, each would get the first).
      assignColors(seriesNames());
      const numbers = config.chart === 'number';
      numbersEl.hidden = !numbers;
      chartEl.hidden = numbers;
      // The number of points held, as data the pages' tests (and scrapers) can read without parsing text.
      chartEl.dataset.points = String(points.length);
      setEmpty(chartEl, points.length === 0);
      if (numbers) return renderNumbers();
      // Made on the first chart drawn: ECharts sizes itself by its element, which a number page keeps hidden.
      drawn ??= chart(chartEl, () => OPTIONS[config.chart]());
      drawn.update(fresh);
      fresh = false;
    },
  };
}
