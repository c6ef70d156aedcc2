import type { zhFlags } from './zh-flags.js';
import type { Catalog } from './catalog.js';

/** One message per kind of flag value (src/cli/flags.ts): the same bad value reads the same on every flag. */
export const enFlags = {
  'flag.badYear': '{flag}: "{value}" is not a valid year (four digits, 2000–2100)',
  'flag.badDate': '{flag}: "{value}" is not a valid date (e.g. 2022-05-10)',
  'flag.badRatio': '{flag}: "{value}" is not a valid ratio (e.g. 5% or 0.05)',
  'flag.badGradeRatios': '{flag}: "{value}" is not valid (e.g. A=3%,B=5%,C=10%,D=20%)',
  'flag.badCount': '{flag} "{value}" is not valid; use one of: 1, 2, 3 …',
  'flag.badWindow': '{flag}: "{value}" is not a valid period (e.g. 2022-04-01..2022-06-30)',
  'flag.badTeamSizes': '{flag}: "{value}" is not valid (2, or SCJG=3,SWJ=1, each department once, 1–50)',
  'flag.badPlanNumber': '{flag}: "{value}" is not a valid plan number (1–32 characters, no spaces, no "/")',
  'flag.badName': '{flag}: "{value}" is not a valid name (not blank, at most 60 characters, not one piece repeated)',
  'flag.badSeed': '{flag}: "{value}" holds a character that is not valid text ("\uFFFD" or a broken UTF-8 sequence): the seed must be valid UTF-8; type it again as published',
} as const satisfies Catalog<typeof zhFlags>;
