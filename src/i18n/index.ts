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
  return (key, params = {}) => {
    const template = catalog[key] ?? zh[key];
    if (template === undefined) return key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

export function catalogKeys(lang: Lang): string[] {
  return Object.keys(catalogs[lang]);
}
