/**
 * What the synthetic user_log.csv is drawn from. Every count here was taken
 * from the 10,000-line sample of the real log (9,999 rows after the header)
 * that ships beside the project at ../shared/data/taobao/user_log.csv: the
 * Tianchi "data_format" user_log.csv of the XMU Spark + Kafka dashboard lab
 * (Taobao, the six months up to and including Double 11). They were counted
 * with `cut -d, -f<column> | sort | uniq -c`; the test
 * test/apps/taobao/distributions.test.ts recounts them from that file and
 * fails if they drift. The project does not read that file at run time.
 */

/** Rows in the sample the counts below add up to. */
export const SAMPLE_ROWS = 9999;

/** gender: 0 female, 1 male, 2 unknown. */
export const GENDER_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [0, 3306],
  [1, 3319],
  [2, 3374],
];

/** action: 0 click, 1 add to cart, 2 buy, 3 follow. The sample has no 1, so neither does the synthetic log. */
export const ACTION_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [0, 8750],
  [2, 672],
  [3, 577],
];

/** age_range: 1 is under 18, 2–6 the brackets 18–24 … 40–49, 7 and 8 are 50 and over, 0 unknown. */
export const AGE_RANGE_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [0, 1210],
  [1, 1315],
  [2, 1296],
  [3, 1218],
  [4, 1216],
  [5, 1211],
  [6, 1290],
  [7, 1243],
];

/** Shipping province, spelt as the log spells it (municipalities with 市). */
export const PROVINCE_COUNTS: ReadonlyArray<readonly [string, number]> = [
  ['福建', 324], ['贵州', 324], ['云南', 311], ['广西', 310], ['浙江', 310], ['湖北', 308], ['上海市', 307],
  ['湖南', 304], ['辽宁', 303], ['山西', 300], ['台湾', 299], ['四川', 297], ['广东', 296], ['江苏', 296],
  ['甘肃', 296], ['江西', 295], ['海南', 294], ['陕西', 294], ['内蒙古', 293], ['河南', 292], ['北京市', 290],
  ['重庆市', 290], ['香港', 290], ['山东', 289], ['黑龙江', 289], ['河北', 288], ['青海', 285], ['澳门', 284],
  ['天津市', 281], ['宁夏', 281], ['吉林', 275], ['西藏', 275], ['新疆', 266], ['安徽', 263],
];

/**
 * Rows per day from 11 May to 11 November: `counts[i]` is day `firstDay + i`
 * of `month`. Double 11 alone holds 1,930 rows (19%), 11-10 another 560.
 * 18 August has no row in the sample.
 */
export const DAY_PROFILE: ReadonlyArray<{ month: number; firstDay: number; counts: readonly number[] }> = [
  { month: 5, firstDay: 11, counts: [1, 3, 3, 11, 4, 4, 2, 9, 7, 34, 79, 65, 40, 38, 57, 52, 16, 44, 50, 43, 54] },
  {
    month: 6,
    firstDay: 1,
    counts: [24, 44, 34, 53, 21, 41, 34, 37, 19, 1, 18, 21, 83, 45, 44, 12, 88, 56, 51, 29, 40, 13, 32, 33, 103, 100, 184, 50, 10, 19],
  },
  {
    month: 7,
    firstDay: 1,
    counts: [37, 12, 30, 28, 31, 18, 40, 30, 28, 62, 17, 57, 34, 13, 34, 33, 29, 13, 24, 45, 37, 74, 24, 29, 30, 51, 26, 131, 47, 60, 41],
  },
  {
    month: 8,
    firstDay: 1,
    counts: [25, 20, 21, 9, 21, 36, 27, 18, 36, 56, 7, 49, 6, 16, 26, 62, 94, 0, 43, 182, 45, 11, 21, 22, 48, 40, 36, 22, 52, 38, 10],
  },
  {
    month: 9,
    firstDay: 1,
    counts: [8, 12, 33, 33, 38, 45, 11, 19, 43, 16, 71, 40, 39, 21, 8, 34, 42, 29, 24, 13, 16, 46, 30, 52, 39, 19, 32, 14, 3, 50],
  },
  {
    month: 10,
    firstDay: 1,
    counts: [15, 48, 20, 14, 15, 29, 57, 34, 43, 18, 35, 40, 56, 43, 32, 28, 60, 76, 22, 67, 9, 79, 46, 43, 46, 59, 6, 27, 104, 87, 51],
  },
  { month: 11, firstDay: 1, counts: [76, 39, 165, 174, 71, 142, 143, 124, 167, 560, 1930] },
];

/** Ranges the ids are drawn from uniformly: the sample's smallest and largest of each. */
export const ID_RANGES = {
  user_id: [2859, 422265],
  item_id: [31, 1113102],
  cat_id: [1, 1668],
  merchant_id: [1, 4995],
  brand_id: [1, 8476],
} as const;

/** The sample is sorted by user: 62 users, so a user's rows come in runs of 161 on average. */
export const MEAN_ROWS_PER_USER = 9999 / 62;

/** One row in 9,999 has an empty brand_id, kept so that consumers meet the empty values the real log has. */
export const EMPTY_BRAND_RATE = 1 / 9999;
