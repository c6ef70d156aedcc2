import type { Message } from '../i18n/index.js';
import type { PlanProblem } from '../core/plan.js';
import type { Refusal } from '../core/draw/index.js';

/** A task rule that failed, as a message for the clerk. */
export function planProblemMessage(p: PlanProblem): Message {
  // an item naming no method is not shown to be a desk check: said so, rather than an empty list of methods
  if (p.code === 'team-on-site' && p.methods === '') return { key: 'plan.problem.team-unstated', params: { ...p } };
  return { key: `plan.problem.${p.code}`, params: { ...p } };
}

/** A draw the core refused to make, as a message. */
export function refusalMessage(r: Refusal): Message {
  return { key: `refusal.${r.code}`, params: r as unknown as Record<string, unknown> };
}
