import { checkbox, confirm, input, select } from '@inquirer/prompts';
import type { Translate } from '../../i18n/index.js';

/**
 * The prompts the wizard asks with (@inquirer/prompts), in the clerk's language: the key hints
 * under a list (↑↓ 移动 • 空格 选择 • a 全选 • i 反选 • 回车 确认) and 是/否 for a yes-or-no
 * question (Yes/No with --lang en). Ctrl-C makes each one throw ExitPromptError, which the entry
 * turns into exit 130.
 */
export interface Ask {
  text(message: string, options: { default?: string; validate?: (value: string) => string | true }): Promise<string>;
  pick<V>(message: string, choices: { value: V; name: string; short?: string; checked?: boolean; disabled?: boolean | string }[],
    validate?: (values: V[]) => string | true, pageSize?: number): Promise<V[]>;
  one<V>(message: string, choices: { value: V; name: string; disabled?: boolean | string }[], current?: V): Promise<V>;
  yesNo(message: string, current: boolean): Promise<boolean>;
}

const ACTIONS = ['navigate', 'select', 'all', 'invert', 'submit'] as const;

export function asker(t: Translate): Ask {
  // The prompts name their keys and actions in English; each is put into the clerk's words.
  const key = (k: string) => (k === 'space' ? t('wizard.keys.space') : k === '⏎' ? t('wizard.keys.enter') : k);
  const action = (a: string) => ((ACTIONS as readonly string[]).includes(a) ? t(`wizard.keys.${a}`) : a);
  const keysHelpTip = (keys: [string, string][]) => keys.map(([k, a]) => `${key(k)} ${action(a)}`).join(' • ');
  return {
    text: (message, options) => input({ message, default: options.default, validate: options.validate }),
    pick: (message, choices, validate, pageSize = 20) => checkbox({
      message, choices, pageSize, loop: false,
      validate: validate ? (chosen) => validate(chosen.map((c) => c.value)) : undefined,
      theme: { style: { keysHelpTip }, i18n: { disabledError: t('wizard.disabled') } },
    }),
    one: (message, choices, current) => select({ message, choices, default: current, pageSize: 20, loop: false, theme: { style: { keysHelpTip } } }),
    yesNo: (message, current) => confirm({
      message, default: current,
      theme: { keywords: { yes: t('wizard.yes'), no: t('wizard.no'), error: ({ yes, no }: { yes: string; no: string }) => t('wizard.yesNoError', { yes, no }) } },
    }),
  };
}
