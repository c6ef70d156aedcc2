/** One message per kind of flag value (src/cli/flags.ts): the same bad value reads the same on every flag. */
export const zhFlags = {
  'flag.badYear': '{flag} 的值“{value}”不是有效的年份（2000–2100 的四位数字）',
  'flag.badDate': '{flag} 的值“{value}”不是有效日期（如 2022-05-10）',
  'flag.badRatio': '{flag} 的值“{value}”不是有效的比例（如 5% 或 0.05）',
  'flag.badGradeRatios': '{flag} 的值“{value}”无效（如 A=3%,B=5%,C=10%,D=20%）',
  'flag.badCount': '{flag} 的值“{value}”无效；可用：1, 2, 3 …',
  'flag.badWindow': '{flag} 的值“{value}”不是有效的时间段（如 2022-04-01..2022-06-30）',
  'flag.badTeamSizes': '{flag} 的值“{value}”无效（如 2，或 SCJG=3,SWJ=1，每个部门只写一次，1–50 人）',
  'flag.badPlanNumber': '{flag} 的值“{value}”不是有效的计划编号（1–32 个字符，不含空格和“/”）',
  'flag.badName': '{flag} 的值“{value}”不是有效的名称（不能为空，不超过 60 个字，不能是同一段文字的反复）',
  'flag.badSeed': '{flag} 的值“{value}”含无法识别的字符（“\uFFFD”或不完整的 UTF-8 编码）：种子必须是有效的 UTF-8 文字，请按公布的种子重新输入',
} as const;
