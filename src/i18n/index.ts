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
import { zhVerify } from './zh-verify.js';
import { enVerify } from './en-verify.js';
import type { PlaceholderMismatch } from './catalog.js';
import { zhImports } from './zh-imports.js';
import { enImports } from './en-imports.js';
import { zhFiles } from './zh-files.js';
import { enFiles } from './en-files.js';
import { showControls } from '../core/text.js';
import { zhOffice } from './zh-office.js';
import { enOffice } from './en-office.js';
import { zhAnchor } from './zh-anchor.js';
import { enAnchor } from './en-anchor.js';
import { zhAnnual } from './zh-annual.js';
import { enAnnual } from './en-annual.js';
import { zhYear } from './zh-year.js';
import { enYear } from './en-year.js';
import { zhCeremony } from './zh-ceremony.js';
import { enCeremony } from './en-ceremony.js';

export type Lang = 'zh' | 'en';
export type Params = Record<string, unknown>;
// One catalog per language, kept in a few files by part of the tool.
const zh = { ...zhCore, ...zhPapers, ...zhRobust, ...zhCli, ...zhFlags, ...zhImports, ...zhFiles, ...zhVerify, ...zhOffice, ...zhAnchor, ...zhAnnual, ...zhYear, ...zhCeremony } as const;
const en = { ...enCore, ...enPapers, ...enRobust, ...enCli, ...enFlags, ...enImports, ...enFiles, ...enVerify, ...enOffice, ...enAnchor, ...enAnnual, ...enYear, ...enCeremony } as const;

/** Every message the tool can say: a key of the Chinese catalog (so `t('no.such.key')` does not compile). */
export type MessageKey = keyof typeof zh;

// Every English template uses the Chinese one's placeholders: a key named here is a compile error.
const placeholdersAgree: [PlaceholderMismatch<typeof zh, typeof en>] extends [never] ? true : PlaceholderMismatch<typeof zh, typeof en> = true;
void placeholdersAgree;

/**
 * A key as written in the code must be in the catalog; a key carried by data at run time (a
 * rejection's reason, an error's key) is typed `string` and found, or shown as itself, then.
 * A key put together from parts (`kind.${kind}`) is checked when its parts are typed unions.
 */
export type KeyArg<K extends string> = K & (string extends K ? unknown : K extends MessageKey ? unknown : MessageKey);

export type Translate = <K extends string>(key: KeyArg<K>, params?: Params) => string;

/** A message not yet in words: a catalog key and its parameters (what a refusal carries). */
export interface Message { key: MessageKey; params?: Params }

/**
 * Several messages as one parameter, put into words by the translator in the reader's language:
 * each on its own line after a dash, or inline joined by the language's list separator.
 */
export class MessageList {
  constructor(readonly messages: readonly Message[], readonly layout: 'lines' | 'inline' = 'lines') {}
}

const catalogs: Record<Lang, Record<string, string>> = { zh, en };

/** `--lang` wins, then DRAW_LANG; anything starting with "en" is English, the rest Chinese. */
export function pickLang(flag: string | undefined, env: string | undefined): Lang {
  const v = (flag ?? env ?? '').toLowerCase();
  return v.startsWith('en') ? 'en' : 'zh';
}

export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  const translate: Translate = (key: string, params: Params = {}) => {
    const template = catalog[key] ?? (zh as Record<string, string>)[key];
    if (template === undefined) return key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!(name in params)) return whole;
      const value = params[name];
      // a value is data or a flag as typed: its control characters are shown, never sent to the terminal
      if (!(value instanceof MessageList)) return showControls(String(value));
      const texts = value.messages.map((m) => translate(m.key, m.params));
      return value.layout === 'lines' ? texts.map((s) => `\n  - ${s}`).join('') : texts.join('；');
    });
  };
  return translate;
}

export function catalogKeys(lang: Lang): string[] {
  return Object.keys(catalogs[lang]);
}
