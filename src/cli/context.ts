import type { Lang, Translate } from '../i18n/index.js';

/** Everything a command needs from the outside world, decided once by the entry. */
export interface Context {
  lang: Lang;
  t: Translate;
  dbPath: string;
  /** A journal mode for this command only (--journal, DRAW_JOURNAL); absent: the database's own. */
  journal?: 'wal' | 'delete';
  json: boolean;
  color: boolean;
  interactive: boolean;
  operator: string;
  /** stdout for results, stderr for messages (so --json output stays one document). */
  out: (text: string) => void;
  err: (text: string) => void;
  /** stderr as it is, for a progress line redrawn in place */
  errRaw: (text: string) => void;
  stderrIsTTY: boolean;
  /** The wall clock; the only place a command reads it. */
  now: () => Date;
  /** Whether work may go to a second thread: DRAW_THREADS=1 keeps it on this one (a one-core machine, a comparison). */
  threads: boolean;
  /** Where the shipped fixtures and data live (inside the package). */
  packageRoot: string;
}
