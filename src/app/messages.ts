import type { Message } from '../i18n/index.js';
import type { PlanProblem } from '../core/plan.js';
import type { Refusal } from '../core/draw/index.js';

/** A plan rule that failed, as a message for the clerk (the count a floor needs, with thousands marks). */
export function planProblemMessage(p: PlanProblem): Message {
  return { key: `plan.problem.${p.code}`, params: { ...p, needed: 'needed' in p ? p.needed.toLocaleString('en-US') : '' } };
}

/** A draw the core refused to make, as a message. */
export function refusalMessage(r: Refusal): Message {
  return { key: `refusal.${r.code}`, params: r as unknown as Record<string, unknown> };
}
