// Where the jobs (src/apps) put their results and the dashboard (src/dashboard/feeds) reads
// them. Both import the names from here, below both, because the demo in src/apps imports
// the dashboard: a dashboard importing src/apps would tie the two folders in a circle.

/** The gender job's per-window counts, the seeds' `result` topic. */
export const GENDER_OUTPUT = 'result';

/** The popularity job's top 10 pages per window. */
export const POPULARITY_OUTPUT = 'popularity-top10';

/** Each new total of a course-clicks counter, keyed `<table>/<rowKey>`. */
export const COURSE_CLICKS_OUTPUT = 'course-clicks';

/** Store table of clicks per (day, course), row key `yyyyMMdd_courseId`. */
export const COURSE_CLICKS_TABLE = 'course-clicks';

/** Store table of clicks from a search engine per (day, engine, course), row key `yyyyMMdd_www.baidu.com_130`. */
export const SEARCH_CLICKS_TABLE = 'course-search-clicks';

/** The taobao-insights job's outputs, one record per second on each; the dashboard's /taobao charts them. */
export const INSIGHTS_OUTPUTS = {
  /** `{"0":8,"2":1,"3":1}`: actions (0 click, 1 add to cart, 2 buy, 3 favourite) in the last second. */
  actions: 'taobao-actions',
  /** `[["浙江",12],["福建",9],…]`: the 10 provinces with most rows in the last 60 s, most first. */
  provinces: 'taobao-provinces',
  /** `{"0":3,"1":5,…}`: rows per age range (0 unknown, 1 under 18 … 7 and 8 for 50 and over) in the last 60 s. */
  ages: 'taobao-ages',
} as const;
