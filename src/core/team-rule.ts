/**
 * How many inspectors a department sends to each sheet (issue 10; 《行政处罚法》 art. 42: an
 * enforcing department sends at least two officers). A department whose plan items take an
 * inspector to the premises (实地核查, 检验检测, 现场检查) sends at least two to every sheet it is
 * on; one is allowed only where every one of its items is inspected from the desk (书面检查,
 * 信息比对, 网络监测). An item naming no method, or another one (部门结果或专业意见, 委托专业机构),
 * does not show that it can be done from the desk, so it counts as needing two: the exception is
 * for what the list itself says. Replaces the old rule of two inspectors per sheet in total.
 */

export const DESK_METHODS = ['书面检查', '信息比对', '网络监测'] as const;
export const MIN_TEAM_ON_SITE = 2;

/** An item's methods as stored (`书面检查、实地核查`). */
export function methodsOf(method: string): string[] {
  return method.split('、').map((m) => m.trim()).filter(Boolean);
}

/** Whether one inspector may inspect the item: it names its methods, every one a desk method. */
export function deskOnly(method: string): boolean {
  const methods = methodsOf(method);
  return methods.length > 0 && methods.every((m) => (DESK_METHODS as readonly string[]).includes(m));
}

export interface TeamRuleProblem {
  code: 'team-on-site';
  department: string;
  teamSize: number;
  /** the department's items that need two, `SCJG-01、SCJG-02` */
  items: string;
  /** their methods that are not desk methods, `实地核查`, or '' when an item names none */
  methods: string;
}

/**
 * The departments sending fewer than two where one of their plan items is not desk-only.
 * `methods` gives each plan item's method text by code.
 */
export function teamRuleProblems(
  departments: readonly { code: string; teamSize: number }[],
  items: readonly { code: string; department: string }[],
  methods: Readonly<Record<string, string>>,
): TeamRuleProblem[] {
  const problems: TeamRuleProblem[] = [];
  for (const d of departments) {
    if (!Number.isInteger(d.teamSize) || d.teamSize < 1 || d.teamSize >= MIN_TEAM_ON_SITE) continue;
    const needing = items.filter((i) => i.department === d.code && !deskOnly(methods[i.code] ?? ''));
    if (needing.length === 0) continue;
    const named = [...new Set(needing.flatMap((i) => methodsOf(methods[i.code] ?? '')))]
      .filter((m) => !(DESK_METHODS as readonly string[]).includes(m));
    problems.push({ code: 'team-on-site', department: d.code, teamSize: d.teamSize, items: needing.map((i) => i.code).join('、'), methods: named.join('、') });
  }
  return problems;
}
