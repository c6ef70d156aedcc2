import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { detectEncoding, firstInvalidGb18030, firstInvalidUtf8 } from '../src/io/decode.js';
import { DrawError } from '../src/errors.js';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gb18030'));

describe('encoding detection', () => {
  it('sees a BOM as UTF-8', () => expect(detectEncoding(utf8('\uFEFF名称\n'), 'f')).toEqual({ encoding: 'utf8', bom: true }));
  it('sees plain UTF-8', () => expect(detectEncoding(utf8('名称,代码\n曲阳县\n'), 'f').encoding).toBe('utf8'));
  it('sees GBK from Excel', () => expect(detectEncoding(gbk('企业名称,统一社会信用代码\n曲阳县恒州镇\n'), 'f').encoding).toBe('gb18030'));
  it('refuses UTF-16 with a hint', () => {
    expect(() => detectEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0x00]), 'f')).toThrow(DrawError);
  });
  it('names the byte offset of a file that is neither', () => {
    try {
      detectEncoding(new Uint8Array([0x61, 0x62, 0x80, 0xff, 0x63]), 'f.csv');
      expect.unreachable();
    } catch (e) {
      expect((e as DrawError).key).toBe('decode.neither');
      expect((e as DrawError).params.offset).toBe(2);
    }
  });
});

describe('validators', () => {
  it('finds the first bad UTF-8 byte', () => {
    expect(firstInvalidUtf8(utf8('ab名'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe5, 0x90]), true)).toBe(-1); // cut at a chunk's end
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe5, 0x90]), false)).toBe(1);
  });
  it('finds the first bad GB18030 byte', () => {
    expect(firstInvalidGb18030(gbk('曲阳县𠀀'))).toBe(-1); // includes a four-byte sequence
    expect(firstInvalidGb18030(new Uint8Array([0x41, 0x80]))).toBe(1);
    expect(firstInvalidGb18030(new Uint8Array([0x41, 0xb2, 0x20]))).toBe(1);
  });
});
