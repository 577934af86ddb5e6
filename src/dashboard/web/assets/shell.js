import { applyLabels, formatTime, lang, onLangChange, setLang, t } from './i18n.js';

const PAGES = ['taobao', 'popularity', 'courses', 'system'];

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** The header every page shares: brand, navigation, live status and the language switch. */
export function mountShell(page) {
  const nav = el(
    'nav',
    {},
    PAGES.map((p) => el('a', { href: `/${p}`, 'data-i18n': `nav.${p}`, ...(p === page && { 'aria-current': 'page' }) })),
  );
  const status = el('div', { id: 'status', class: 'status', 'data-state': 'connecting', role: 'status' }, [el('span', { class: 'dot' }), el('span', { id: 'status-text' })]);
  const button = el('button', { id: 'lang', type: 'button', 'data-i18n': 'lang.switch' });
  button.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  const header = el('header', { class: 'topbar' }, [
    el('a', { class: 'brand', href: '/' }, [el('img', { src: '/assets/icon.svg', alt: '', width: '22', height: '22' }), el('span', { 'data-i18n': 'app.name' })]),
    nav,
    el('div', { class: 'spacer' }),
    status,
    button,
  ]);
  const banner = el('div', { id: 'banner', class: 'banner', hidden: '' });
  document.body.prepend(header, banner);
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  applyLabels();
  button.title = t('lang.switch.title');
  onLangChange(refreshStatus);
}

let shown = { state: 'connecting', since: 0 };

/** connecting | live | stale (the broker is down) | disconnected (the dashboard server is). */
export function showStatus(state, since = 0) {
  shown = { state, since };
  const status = document.getElementById('status');
  status.dataset.state = state;
  document.body.dataset.state = state;
  document.getElementById('status-text').textContent = t(`status.${state}`);
  const banner = document.getElementById('banner');
  const message = state === 'stale' ? t('banner.stale', { since: formatTime(since) }) : state === 'disconnected' ? t('banner.disconnected') : '';
  banner.textContent = message;
  banner.hidden = message === '';
  document.getElementById('lang').title = t('lang.switch.title');
}

function refreshStatus() {
  showStatus(shown.state, shown.since);
}
