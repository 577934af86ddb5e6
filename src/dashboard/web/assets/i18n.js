// Every label of the pages, in Chinese and English. Text reaches the DOM through textContent only.
const STRINGS = {
  'app.name': ['streamdash', 'streamdash'],
  'nav.taobao': ['淘宝购物', 'Taobao'],
  'nav.popularity': ['热门页面', 'Popular pages'],
  'nav.courses': ['课程点击', 'Courses'],
  'nav.system': ['系统状态', 'System'],
  'lang.switch': ['English', '中文'],
  'lang.switch.title': ['Switch to English', '切换到中文'],

  'status.connecting': ['连接中…', 'Connecting…'],
  'status.live': ['实时', 'Live'],
  'status.stale': ['数据已过期', 'Stale'],
  'status.disconnected': ['已断开', 'Disconnected'],
  'banner.stale': ['无法连接 Kafka broker（自 {since} 起），页面显示的是最后收到的数据；broker 恢复后会自动更新。', 'The Kafka broker has been unreachable since {since}: the page shows the last data received and will update by itself when the broker is back.'],
  'banner.disconnected': ['与仪表盘服务器的连接已断开，正在自动重连…', 'Lost the connection to the dashboard server; reconnecting…'],

  'common.updated': ['更新于 {time}', 'Updated {time}'],
  'common.waiting': ['等待数据…', 'Waiting for data…'],
  'common.none': ['—', '—'],

  'topicPage.subtitle': ['topic {topic} 的实时图表（--page 配置）', 'Live chart of topic {topic} (a --page config)'],
  'topicPage.window': ['最近 {w}', 'Last {w}'],
  'topicPage.minutes': ['{n} 分钟', '{n} min'],
  'topicPage.seconds': ['{n} 秒', '{n} s'],

  'taobao.title': ['淘宝双11 实时购物分析', 'Taobao Double 11: live shopping analysis'],
  'taobao.subtitle': ['每秒购物人数按性别统计（topic result），以及 taobao-insights 作业的行为、省份和年龄分析', 'Shoppers per second by gender (topic result), with the taobao-insights job’s actions, provinces and ages'],
  'gender.girls': ['女生', 'Girls'],
  'gender.boys': ['男生', 'Boys'],
  'gender.unknown': ['未知', 'Unknown'],
  'kpi.thisSecond': ['本秒购物人数', 'Shoppers this second'],
  'kpi.total': ['累计 {n}', 'Total {n}'],
  'kpi.window': ['当前窗口', 'Current window'],
  'kpi.since': ['累计自 {time}', 'Totals since {time}'],
  'kpi.windows': ['{n} 个窗口', '{n} windows'],
  'chart.gender': ['每秒购物人数（最近 {m} 分钟）', 'Shoppers per second (last {m} min)'],
  'axis.shoppers': ['人数', 'Shoppers'],
  'chart.actions': ['每秒用户行为（最近 60 秒）', 'User actions per second (last 60 s)'],
  'axis.actions': ['次数', 'Actions'],
  'action.click': ['点击', 'Click'],
  'action.cart': ['加购物车', 'Add to cart'],
  'action.buy': ['购买', 'Buy'],
  'action.favourite': ['收藏', 'Favourite'],
  'chart.provinces': ['省份 Top 10（最近 60 秒）', 'Top 10 provinces (last 60 s)'],
  'chart.ages': ['年龄分布（最近 60 秒）', 'Age ranges (last 60 s)'],
  'age.0': ['未知', 'Unknown'],
  'age.1': ['18岁以下', 'Under 18'],
  'age.2': ['18–24岁', '18–24'],
  'age.3': ['25–29岁', '25–29'],
  'age.4': ['30–34岁', '30–34'],
  'age.5': ['35–39岁', '35–39'],
  'age.6': ['40–49岁', '40–49'],
  'age.7': ['50岁及以上', '50 and over'],

  'popularity.title': ['网页热度 Top 10', 'Top 10 pages by popularity'],
  'popularity.subtitle': ['热度 = 0.8×点击 + 0.8×停留时间 + 点赞，来自 topic popularity-top10', 'Popularity = 0.8 × clicks + 0.8 × stay + like, from topic popularity-top10'],
  'kpi.topPage': ['当前第一', 'Top page'],
  'kpi.topScore': ['热度 {v}', 'Popularity {v}'],
  'kpi.ranked': ['上榜页面', 'Pages ranked'],
  'kpi.listTime': ['榜单时间', 'List taken at'],
  'kpi.interval': ['距上一份榜单 {s} 秒', '{s} s after the previous list'],
  'kpi.snapshots': ['最近 {m} 分钟的榜单', 'Lists in the last {m} min'],
  'chart.top': ['实时热门页面', 'Live top 10'],
  'chart.trend': ['热度走势（当前 Top 10，最近 {m} 分钟）', 'Popularity of the current top 10 (last {m} min)'],
  'axis.popularity': ['热度', 'Popularity'],
  'table.rank': ['排名', 'Rank'],
  'table.page': ['页面', 'Page'],
  'table.popularity': ['热度', 'Popularity'],
  'table.change': ['变化', 'Change'],
  'change.new': ['新上榜', 'new'],

  'courses.title': ['慕课网课程实时点击', 'Course clicks today'],
  'courses.subtitle': ['从结果库载入今日计数（course-clicks、course-search-clicks），再由 topic course-clicks 实时更新', 'Loaded from the store (course-clicks, course-search-clicks), then kept live from topic course-clicks'],
  'kpi.clicksToday': ['今日课程点击', 'Course clicks today'],
  'kpi.courses': ['有点击的课程', 'Courses clicked'],
  'kpi.searchToday': ['搜索引擎引流', 'Clicks from search engines'],
  'kpi.searchShare': ['占课程点击的 {p}%', '{p}% of course clicks'],
  'kpi.day': ['日期', 'Day'],
  'chart.courses': ['今日各课程点击量', 'Clicks per course today'],
  'chart.engines': ['各搜索引擎引流点击量', 'Clicks per search engine'],
  'axis.clicks': ['点击', 'Clicks'],
  'courses.storeProblem': ['无法读取结果库，当前只统计 topic 上的实时数据：{why}', 'The store could not be read, so the counts come from the topic only: {why}'],

  'system.title': ['系统状态', 'System status'],
  'system.subtitle': ['topic、消费者组和作业，每 2 秒从 broker 读取', 'Topics, consumer groups and jobs, read from the broker every 2 s'],
  'kpi.broker': ['Kafka broker', 'Kafka broker'],
  'broker.up': ['运行中', 'Up'],
  'broker.down': ['不可用', 'Down'],
  'kpi.topics': ['Topic 数', 'Topics'],
  'kpi.groups': ['消费者组', 'Consumer groups'],
  'kpi.totalLag': ['总积压 {n}', 'Total lag {n}'],
  'kpi.jobs': ['作业', 'Jobs'],
  'section.topics': ['Topic', 'Topics'],
  'section.groups': ['消费者组', 'Consumer groups'],
  'section.jobs': ['流处理作业', 'Stream jobs'],
  'col.topic': ['Topic', 'Topic'],
  'col.partitions': ['分区数', 'Partitions'],
  'col.endOffsets': ['各分区末尾 offset', 'End offset per partition'],
  'col.records': ['消息总数', 'Records'],
  'col.group': ['消费者组', 'Group'],
  'col.state': ['状态', 'State'],
  'col.lagByTopic': ['各 topic 积压', 'Lag per topic'],
  'col.lag': ['积压', 'Lag'],
  'col.job': ['作业', 'Job'],
  'jobs.stores': ['状态存储', 'stores'],
  'col.in': ['输入 条/秒', 'In, records/s'],
  'col.out': ['输出 条/秒', 'Out, records/s'],
  'col.checkpoint': ['距上次 checkpoint', 'Checkpoint age'],
  'col.jobLag': ['积压（已提交）', 'Lag (committed)'],
  'jobs.readLag': ['读取位置积压 {n}：两次 checkpoint 之间作业读在已提交 offset 之前', 'read position lag {n}: between checkpoints the job reads ahead of its committed offsets'],
  'jobs.lagNote': ['积压 = 输入各分区末尾 offset − 作业（即其消费者组）已提交的 offset，与 kafka-consumer-groups.sh 所示相同；作业在每次 checkpoint 时提交。', "Lag = the input partitions' end offsets − the offsets the job (its consumer group) committed, as kafka-consumer-groups.sh shows it; the job commits at each checkpoint."],
  'col.report': ['上次报告', 'Last report'],
  'empty.topics': ['broker 上还没有 topic。', 'The broker has no topics yet.'],
  'empty.groups': ['还没有提交过 offset 的消费者组。', 'No consumer group has committed offsets yet.'],
  'empty.jobs': ['还没有作业在 topic streamdash-metrics 上报告指标；各消费者组的积压见下表。', 'No job has reported on topic streamdash-metrics yet; the consumer groups below show their lag.'],
  'age.seconds': ['{n} 秒前', '{n} s ago'],
  'age.noCheckpoint': ['尚未观察到', 'none seen yet'],
};

const KEY = 'streamdash.lang';
const listeners = [];

function initialLang() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'zh' || asked === 'en') return asked;
  const saved = localStorage.getItem(KEY);
  return saved === 'en' ? 'en' : 'zh';
}

let current = initialLang();

export function lang() {
  return current;
}

/** The label for key in the current language, with {name} placeholders filled in. */
export function t(key, params = {}) {
  const entry = STRINGS[key];
  const text = entry ? entry[current === 'zh' ? 0 : 1] : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function setLang(next) {
  current = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  applyLabels();
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn) {
  listeners.push(fn);
}

/** Fills every element with a data-i18n attribute. */
export function applyLabels(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

export function formatNumber(n, digits = 0) {
  return Number(n).toLocaleString(current === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTime(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

// Provinces as user_log spells them (municipalities with 市).
const PROVINCES_EN = {
  北京市: 'Beijing', 天津市: 'Tianjin', 上海市: 'Shanghai', 重庆市: 'Chongqing', 河北: 'Hebei', 山西: 'Shanxi', 辽宁: 'Liaoning',
  吉林: 'Jilin', 黑龙江: 'Heilongjiang', 江苏: 'Jiangsu', 浙江: 'Zhejiang', 安徽: 'Anhui', 福建: 'Fujian', 江西: 'Jiangxi',
  山东: 'Shandong', 河南: 'Henan', 湖北: 'Hubei', 湖南: 'Hunan', 广东: 'Guangdong', 海南: 'Hainan', 四川: 'Sichuan',
  贵州: 'Guizhou', 云南: 'Yunnan', 陕西: 'Shaanxi', 甘肃: 'Gansu', 青海: 'Qinghai', 台湾: 'Taiwan', 内蒙古: 'Inner Mongolia',
  广西: 'Guangxi', 西藏: 'Tibet', 宁夏: 'Ningxia', 新疆: 'Xinjiang', 香港: 'Hong Kong', 澳门: 'Macao',
};

export function provinceName(name) {
  return current === 'en' ? (PROVINCES_EN[name] ?? name) : name;
}
