import * as echarts from '/vendor/echarts.esm.min.js';
import { lang, onLangChange } from './i18n.js';

export const COLORS = {
  girls: '#e0528f',
  boys: '#2f6fde',
  unknown: '#9aa4b2',
  click: '#5b6ee1',
  cart: '#f0a020',
  buy: '#18a87a',
  favourite: '#e5484d',
  accent: '#2f6fde',
};

const PALETTE = ['#2f6fde', '#18a87a', '#f0a020', '#e5484d', '#8b5cf6', '#0ea5b7', '#e0528f', '#64748b', '#84cc16', '#f97316', '#14532d', '#a16207'];
const assigned = new Map();

/**
 * Gives each name in the list a colour no other name in it has, keeping the colour a
 * name already had where it can, so a page keeps its colour as it moves through the ranking.
 */
export function assignColors(names) {
  const taken = new Set();
  for (const name of names) {
    let color = assigned.get(name);
    if (color === undefined || taken.has(color)) color = PALETTE.find((c) => !taken.has(c)) ?? PALETTE[0];
    assigned.set(name, color);
    taken.add(color);
  }
}

export function colorFor(name) {
  if (!assigned.has(name)) assignColors([name]);
  return assigned.get(name);
}

const FONT = 'system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';

/** Options every chart shares: fonts, grid, and tooltips drawn on the canvas (no HTML, so no inline styles under the CSP). */
export function base() {
  return {
    textStyle: { fontFamily: FONT },
    animationDuration: 300,
    animationDurationUpdate: 300,
    grid: { left: 12, right: 24, top: 40, bottom: 12, containLabel: true },
    tooltip: { renderMode: 'richText', confine: true },
  };
}

const charts = [];

/**
 * A chart in el that is redrawn by render() on every change of data or language; on a
 * language change the chart is rebuilt so ECharts' own labels follow.
 */
export function chart(el, render) {
  const entry = { el, render, instance: echarts.init(el, null, { locale: lang() === 'zh' ? 'ZH' : 'EN' }) };
  charts.push(entry);
  return {
    /** `fresh`: the option replaces the whole last one (another kind of chart), after a resize (the element may have been hidden). */
    update(fresh = false) {
      if (fresh) entry.instance.resize();
      entry.instance.setOption(entry.render(), fresh ? { notMerge: true } : { replaceMerge: ['series'] });
    },
  };
}

onLangChange(() => {
  for (const entry of charts) {
    entry.instance.dispose();
    entry.instance = echarts.init(entry.el, null, { locale: lang() === 'zh' ? 'ZH' : 'EN' });
    entry.instance.setOption(entry.render());
  }
});

addEventListener('resize', () => {
  for (const entry of charts) entry.instance.resize();
});

/** Shows or hides the "waiting for data" note over a chart. */
export function setEmpty(el, empty) {
  el.closest('.card')?.classList.toggle('is-empty', empty);
}
