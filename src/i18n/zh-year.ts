/** issue 11 — the yearly caps per risk stratum, stale grades, the year's reports (zh); merged by index.ts. */
export const zhYear = {
  'config.year_cap_listed': '列入经营异常名录或严重违法失信名单的对象每年最多被抽查次数，0 为不限（第二十四、二十八条）',
  'config.year_cap_d': '信用风险等级 D 的对象每年最多被抽查次数，0 为不限（第二十八条）',
  'config.year_cap_a': '信用风险等级 A 的对象每年最多被抽查次数，0 为同 year_cap；可设得更低（第二十四条）',
  'config.grade_stale_days': '抽取承诺时，信用风险等级的日期早于这么多天即提醒（等级按月更新）',
  'run.staleGrades': '提醒：抽取范围内 {n} 户的信用风险等级早于 {before}（超过 {days} 天）或没有日期，本次抽取仍按它分层、限次：{towns}。例如：{examples}。已记入承诺的审计日志；如需按新等级抽取，请先导入最新的等级，作废本次承诺后重新抽取。',
  'run.staleTown': '{town} {n} 户',
  'run.staleExample': '{name}（{key}，{grade} 级，{asOf}）',
  'run.staleUndated': '无日期',
  'run.staleNoTown': '（未填乡镇）',
  'run.staleSeparator': '；',
} as const;
