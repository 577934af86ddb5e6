/**
 * The courses of seed 002's access log (class/<id>.html), as the course's own dashboard
 * named them. The one place ids become names; the /courses page gets names from here.
 */
export const COURSE_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  '112': { zh: 'Spark SQL慕课网日志分析', en: 'Spark SQL: imooc log analysis' },
  '128': { zh: '10小时入门大数据', en: 'Big data in 10 hours' },
  '145': { zh: '深度学习之神经网络核心原理与算法', en: 'Deep learning: neural network fundamentals' },
  '146': { zh: '强大的Node.js在Web开发的应用', en: 'Node.js for web development' },
  '131': { zh: 'Vue+Django实战', en: 'Vue + Django in practice' },
  '130': { zh: 'Web前端性能优化', en: 'Web front-end performance' },
};

export function courseName(id: string): { zh: string; en: string } {
  return COURSE_NAMES[id] ?? { zh: `课程 ${id}`, en: `Course ${id}` };
}
