import { zh as zhCore } from './zh.js';
import { en as enCore } from './en.js';
import { zhPapers } from './zh-papers.js';
import { enPapers } from './en-papers.js';
import { zhRobust } from './zh-robust.js';
import { enRobust } from './en-robust.js';
import { zhCli } from './zh-cli.js';
import { enCli } from './en-cli.js';
import { zhFlags } from './zh-flags.js';
import { enFlags } from './en-flags.js';

export type Lang = 'zh' | 'en';
export type Params = Record<string, unknown>;
export type Translate = (key: string, params?: Params) => string;

/** A message not yet in words: a catalog key and its parameters (what a refusal carries). */
export interface Message { key: string; params?: Params }

/**
 * Several messages as one parameter, put into words by the translator in the reader's language:
 * each on its own line after a dash, or inline joined by the language's list separator.
 */
export class MessageList {
  constructor(readonly messages: readonly Message[], readonly layout: 'lines' | 'inline' = 'lines') {}
}

// One catalog per language, kept in a few files by part of the tool.
const zh: Record<string, string> = { ...zhCore, ...zhPapers, ...zhRobust, ...zhCli, ...zhFlags };
const en: Record<string, string> = { ...enCore, ...enPapers, ...enRobust, ...enCli, ...enFlags };
const catalogs: Record<Lang, Record<string, string>> = { zh, en };

/** `--lang` wins, then DRAW_LANG; anything starting with "en" is English, the rest Chinese. */
export function pickLang(flag: string | undefined, env: string | undefined): Lang {
  const v = (flag ?? env ?? '').toLowerCase();
  return v.startsWith('en') ? 'en' : 'zh';
}

export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  const translate: Translate = (key, params = {}) => {
    const template = catalog[key] ?? zh[key];
    if (template === undefined) return key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!(name in params)) return whole;
      const value = params[name];
      if (!(value instanceof MessageList)) return String(value);
      const texts = value.messages.map((m) => translate(m.key, m.params));
      return value.layout === 'lines' ? texts.map((s) => `\n  - ${s}`).join('') : texts.join('；');
    });
  };
  return translate;
}

export function catalogKeys(lang: Lang): string[] {
  return Object.keys(catalogs[lang]);
}
