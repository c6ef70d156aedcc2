/** One message per kind of flag value (src/cli/flags.ts): the same bad value reads the same on every flag. */
export const zhFlags = {
  'flag.badYear': '{flag} 的值“{value}”不是有效的年份（2000–2100 的四位数字）',
  'flag.badDate': '{flag} 的值“{value}”不是有效日期（如 2022-05-10）',
  'flag.badRatio': '{flag} 的值“{value}”不是有效的比例（如 5% 或 0.05）',
  'flag.badGradeRatios': '{flag} 的值“{value}”无效（如 A=3%,B=5%,C=10%,D=20%）',
  'flag.badCount': '{flag} 的值“{value}”无效；可用：1, 2, 3 …',
  'flag.badWindow': '{flag} 的值“{value}”不是有效的时间段（如 2022-04-01..2022-06-30）',
} as const;
