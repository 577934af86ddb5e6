import { formatNumber, formatTime, onLangChange, t } from './i18n.js';
import { connect } from './live.js';
import { mountShell } from './shell.js';
import { topicChart } from './topic-chart.js';

// A `--page` page: /p/<name>, drawn from its config; nothing of the config reaches the DOM but through textContent.
const name = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const room = `p/${name}`;
mountShell(room);

const $ = (id) => document.getElementById(id);
const config = await (await fetch(`/p/${encodeURIComponent(name)}/config.json`)).json();
const drawing = topicChart($('page-chart'), $('page-numbers'), config);
let at = 0;

const shortNumber = (n) => formatNumber(n, Number.isInteger(n) ? 0 : 1);

function windowText() {
  const minutes = config.windowMs / 60_000;
  return minutes >= 1 ? t('topicPage.minutes', { n: shortNumber(minutes) }) : t('topicPage.seconds', { n: shortNumber(config.windowMs / 1000) });
}

function render() {
  document.title = `${config.title} · streamdash`;
  $('page-title').textContent = config.title;
  $('page-subtitle').textContent = t('topicPage.subtitle', { topic: config.topic });
  $('chart-title').textContent = t('topicPage.window', { w: windowText() });
  $('page-updated').textContent = at ? t('common.updated', { time: formatTime(at) }) : '';
  drawing.render();
}

connect(room, (message) => {
  if (message.channel !== `page:${name}`) return;
  drawing.take(message);
  at = message.at;
  render();
});
onLangChange(render);
render();
