import type { Translate } from '../../i18n/index.js';
import { asker } from './ask.js';

/** A yes/no question at the terminal (是/否, Yes/No with --lang en); no is the default, since the question guards a change. */
export async function confirm(t: Translate, message: string): Promise<boolean> {
  return asker(t).yesNo(message, false);
}
