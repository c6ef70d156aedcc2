/**
 * The A4 page, type and tables that every notice paper shares (the task notice, the commitment and
 * draw notices); a notice adds its own rules after these.
 */
import { PAPER_FONTS } from './paper-page.js';
export const NOTICE_CSS = `
@page { size: A4 portrait; margin: 14mm 14mm 12mm 14mm; }
* { box-sizing: border-box; }
html { font-family: ${PAPER_FONTS};
  font-size: 9.5pt; line-height: 1.35; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
h1 { font-size: 16pt; text-align: center; letter-spacing: 0.2em; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 3mm 0 1mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 2mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 0.7mm 1.2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: break-all; }
th { font-weight: bold; background: #f0f0f0; }
table.facts th { width: 24%; }
footer { border-top: 0.5pt solid #000; margin-top: 3mm; padding-top: 0.8mm; font-size: 6.5pt; color: #333; overflow-wrap: anywhere; word-break: break-all; }
`;
