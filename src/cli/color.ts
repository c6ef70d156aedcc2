/**
 * Whether to colour the output. `--no-color` always wins; then FORCE_COLOR (anything but
 * "0" or "false", even empty, turns colour on, as Node and chalk read it); then NO_COLOR, which
 * counts only with a value (no-color.org: an empty NO_COLOR is as if unset); then TERM=dumb;
 * else colour exactly when stdout is a terminal.
 */
export function colorWanted(flag: boolean | undefined, env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (flag === false) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}
