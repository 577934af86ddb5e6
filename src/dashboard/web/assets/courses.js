import { assignColors, base, chart, colorFor, setEmpty } from './charts.js';
import { formatNumber, formatTime, lang, onLangChange, t } from './i18n.js';
import { connect } from './live.js';
import { mountShell } from './shell.js';

mountShell('courses');

const $ = (id) => document.getElementById(id);
const state = { view: undefined, at: 0 };
const name = (course) => (lang() === 'zh' ? course.zh : course.en);

const coursesChart = chart($('courses-chart'), () => {
  const courses = state.view?.courses ?? [];
  const clicks = new Map(courses.map((c) => [name(c), c.clicks]));
  return {
    ...base(),
    tooltip: { ...base().tooltip, trigger: 'item', formatter: (p) => `${p.name}\n${formatNumber(p.value)} (${p.percent}%)` },
    legend: {
      type: 'scroll',
      orient: 'vertical',
      left: '58%',
      top: 'middle',
      itemGap: 14,
      icon: 'circle',
      formatter: (n) => `${n}  ${formatNumber(clicks.get(n) ?? 0)}`,
      textStyle: { width: 230, overflow: 'truncate' },
    },
    series: [
      {
        name: t('axis.clicks'),
        type: 'pie',
        radius: ['40%', '72%'],
        center: ['29%', '52%'],
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { position: 'inside', formatter: (p) => (p.percent >= 4 ? `${Math.round(p.percent)}%` : ''), color: '#fff', fontWeight: 600 },
        data: courses.map((c) => ({ name: name(c), value: c.clicks, itemStyle: { color: colorFor(`course-${c.id}`) } })),
      },
    ],
  };
});

const enginesChart = chart($('engines-chart'), () => {
  const engines = state.view?.engines ?? [];
  return {
    ...base(),
    grid: { ...base().grid, top: 40 },
    tooltip: { ...base().tooltip, trigger: 'item' },
    xAxis: { type: 'category', data: engines.map((e) => e.host), axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', name: t('axis.clicks'), minInterval: 1, nameTextStyle: { align: 'left' } },
    series: [
      {
        name: t('axis.clicks'),
        type: 'bar',
        barMaxWidth: 56,
        itemStyle: { color: '#2f6fde', borderRadius: [4, 4, 0, 0] },
        label: { show: true, position: 'top', formatter: (p) => formatNumber(p.value) },
        data: engines.map((e) => e.clicks),
      },
    ],
  };
});

function render() {
  const view = state.view;
  const clicks = view?.courses.reduce((s, c) => s + c.clicks, 0) ?? 0;
  const search = view?.engines.reduce((s, e) => s + e.clicks, 0) ?? 0;
  $('clicks-total').textContent = view ? formatNumber(clicks) : '–';
  $('top-course').textContent = view?.courses[0] ? name(view.courses[0]) : '';
  $('course-count').textContent = view ? String(view.courses.length) : '–';
  $('search-total').textContent = view ? formatNumber(search) : '–';
  $('search-share').textContent = clicks ? t('kpi.searchShare', { p: Math.round((search / clicks) * 100) }) : '';
  $('day').textContent = view ? `${view.day.slice(0, 4)}-${view.day.slice(4, 6)}-${view.day.slice(6)}` : '–';
  $('courses-updated').textContent = state.at ? t('common.updated', { time: formatTime(state.at) }) : '';
  const note = $('store-note');
  note.hidden = !view?.storeProblem;
  note.textContent = view?.storeProblem ? t('courses.storeProblem', { why: view.storeProblem }) : '';
  setEmpty($('courses-chart'), !view?.courses.length);
  setEmpty($('engines-chart'), !view?.engines.length);
}

connect('courses', (message) => {
  if (message.channel === 'courses') {
    state.view = message.items[0];
    state.at = message.at;
    assignColors(state.view?.courses.map((c) => `course-${c.id}`) ?? []);
    coursesChart.update();
    enginesChart.update();
  }
  render();
});

onLangChange(render);
render();
